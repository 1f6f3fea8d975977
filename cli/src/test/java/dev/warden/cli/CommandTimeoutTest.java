package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --timeout bounds a whole command: a registry that accepts and never answers would hold it for minutes. */
class CommandTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void durationsAreReadAsTrivyWritesThem() {
        assertThat(CommandTimeout.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CommandTimeout.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(CommandTimeout.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(CommandTimeout.parse("2m30s")).isEqualTo(Duration.ofSeconds(150));
        assertThat(CommandTimeout.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        for (String bad : List.of("", "5", "m", "5x", "0s", "-1s", "5 m", "1s1h")) {
            assertThatThrownBy(() -> CommandTimeout.parse(bad)).as(bad).isInstanceOf(WardenException.class)
                    .hasMessageContaining("--timeout");
        }
    }

    @Test
    @Timeout(60)
    void aCommandStuckOnASilentRegistryEndsAtItsTimeoutWithOneLine() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            InProcessWarden.Run run = new InProcessWarden(dir.resolve("cache")).run("--home", dir.resolve("home").toString(),
                    "image", "inspect", "registry://127.0.0.1:" + silent.getLocalPort() + "/stuck/image:1", "--timeout", "2s");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(run.exit()).isEqualTo(Cli.EXIT_BAD_INPUT);
            assertThat(run.err()).contains("stopped after --timeout 2s").doesNotContain("Exception");
            assertThat(run.err().lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aBadTimeoutIsOneLineAndExitTwo() {
        InProcessWarden.Run run = new InProcessWarden(dir.resolve("cache")).run("--home", dir.resolve("home").toString(),
                "--timeout", "soon", "version");
        assertThat(run.exit()).isEqualTo(Cli.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("--timeout 'soon'").doesNotContain("Exception");
    }

    @Test
    void aCommandThatFinishesInTimeKeepsItsOwnExitCodeAndOutput() {
        InProcessWarden.Run run = new InProcessWarden(dir.resolve("cache")).run("--home", dir.resolve("home").toString(),
                "version", "compare", "--ecosystem", "deb", "1:1.2-1", "1.3-1", "--timeout", "1m");
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).isEqualTo(">");
    }
}
