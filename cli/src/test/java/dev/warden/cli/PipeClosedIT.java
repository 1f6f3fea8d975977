package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden ... | head -1} as a shell runs it, on the shaded jar this build made (an integration test: it needs the
 * package phase and a real pipe, which an in-process run has not): once head has its line and closes the pipe, Warden
 * ends quietly with exit 0, as peers and coreutils do, and says nothing on stderr about it; a full disk (not a pipe)
 * stays an error.
 */
class PipeClosedIT {
    /** Packages in the test tree: enough table lines to outlast the pipe's buffer (64 KiB) several times over. */
    private static final int PACKAGES = 3_000;

    @Test
    void aReaderThatStopsEarlyEndsWardenQuietlyWithExitZero(@TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("warden.repo.root", ".")).toAbsolutePath();
        Path jar = repo.resolve("cli/target/warden.jar");
        assertThat(jar).as("the shaded jar of this build").isRegularFile();
        Path tree = Files.createDirectories(dir.resolve("tree"));
        StringBuilder lock = new StringBuilder("{\"lockfileVersion\": 3, \"packages\": {\"\": {}");
        for (int i = 0; i < PACKAGES; i++) {
            lock.append(",\n\"node_modules/package-with-a-long-name-number-").append(i).append("\": {\"version\": \"1.0.").append(i)
                    .append("\"}");
        }
        Files.writeString(tree.resolve("package-lock.json"), lock.append("}}").toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String warden = "'" + java + "' --enable-native-access=ALL-UNNAMED -jar '" + jar + "' --home '" + dir.resolve("home")
                + "' sbom 'fs://" + tree + "' --format table -q";

        Result head = bash("set -o pipefail; " + warden + " 2>'" + dir.resolve("err") + "' | head -1", dir);
        assertThat(head.output()).startsWith("TYPE");
        assertThat(head.exit()).as("Warden's exit status through pipefail").isZero();
        assertThat(Files.readString(dir.resolve("err"))).isEmpty();

        Result full = bash(warden + " >/dev/full", dir);
        assertThat(full.exit()).isEqualTo(2);
        assertThat(full.output()).contains("warden:");
    }

    private record Result(int exit, String output) {}

    private static Result bash(String script, Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of("bash", "-c", script)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("bash -c " + script).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
