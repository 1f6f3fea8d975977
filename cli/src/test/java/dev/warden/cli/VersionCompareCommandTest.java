package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden version compare}, run in-process through {@link Main#run}. */
class VersionCompareCommandTest {

    @TempDir
    Path cache;

    @Test
    void comparesTwoVersions() {
        InProcessWarden warden = new InProcessWarden(cache);
        assertThat(warden.run("version", "compare", "--ecosystem", "deb", "1:1.0-1", "2.0-1").out()).isEqualTo(">\n");
        assertThat(warden.run("version", "compare", "--ecosystem", "deb", "1.0~rc1-1", "1.0-1").out()).isEqualTo("<\n");
        assertThat(warden.run("version", "compare", "-e", "pypi", "1.0", "1.0.0").out()).isEqualTo("=\n");
        assertThat(warden.run("version", "compare", "-e", "PyPI", "1.0.post1", "1.0").out()).isEqualTo(">\n");
        assertThat(warden.run("version", "compare", "-e", "Debian:12", "2.36.1-8+b1", "2.36.1-8").out()).isEqualTo(">\n");
    }

    @Test
    void batchModeReadsPairsFromStdin() {
        String input = "1.2.3\t1.2.4\n1.0.0\tv1.0.0\n2.0.0-rc.1\t2.0.0\nnot-a-version\t1.0.0\nno tab here\n\n1.0.0\t1.0.0-alpha\r\n";
        InProcessWarden.Run run = withStdin(input, () -> new InProcessWarden(cache).run("version", "compare", "--ecosystem", "npm"));
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("<", "=", "<", "invalid", "invalid", "invalid", ">");
    }

    @Test
    void hugeLinesAnswerInvalidAndKeepAlignment() {
        String input = "1\t" + "9".repeat(100_000) + "\n1\t2\n";
        InProcessWarden.Run run = withStdin(input, () -> new InProcessWarden(cache).run("version", "compare", "--ecosystem", "maven"));
        assertThat(run.out().lines().toList()).containsExactly("invalid", "<");
    }

    @Test
    void unknownEcosystemIsExitTwoWithOneLine() {
        InProcessWarden.Run run = new InProcessWarden(cache).run("version", "compare", "--ecosystem", "cobol", "1", "2");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("warden: unknown ecosystem 'cobol'").doesNotContain("\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void invalidVersionInPairModeIsExitTwo() {
        InProcessWarden.Run run = new InProcessWarden(cache).run("version", "compare", "--ecosystem", "deb", ":1.0", "1.0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("warden: invalid deb version ':1.0': epoch in version is empty");
    }

    @Test
    void oneVersionIsAUsageError() {
        InProcessWarden.Run run = new InProcessWarden(cache).run("version", "compare", "--ecosystem", "deb", "1.0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("give two versions");
    }

    private static InProcessWarden.Run withStdin(String input, java.util.function.Supplier<InProcessWarden.Run> body) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            return body.get();
        } finally {
            System.setIn(old);
        }
    }
}
