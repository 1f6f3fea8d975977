package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.warden.core.WardenException;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry (the JDK's HttpServer) that sends half a blob and then stalls must fail the read, not hang it. */
class StalledBodyTest {
    private static final Duration IDLE = Duration.ofMillis(400);
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10),
            Duration.ofMillis(10), IDLE);

    @TempDir
    Path cache;

    @Test
    void blobThatStallsMidBodyFailsWithTheTimeoutAndLeavesNothingInTheCache() throws Exception {
        byte[] blob = new byte[256 * 1024];
        Arrays.fill(blob, (byte) 7);
        String digest = SmallImages.sha256(blob);
        CountDownLatch released = new CountDownLatch(1);
        try (FakeServer server = new FakeServer((exchange, call) -> {
            exchange.sendResponseHeaders(200, blob.length);
            OutputStream out = exchange.getResponseBody();
            out.write(blob, 0, blob.length / 2);
            out.flush();
            try {
                released.await(30, TimeUnit.SECONDS); // the stall: headers and half the body, then silence
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            RegistryReference ref = RegistryReference.parse(server.host() + "/stall/app:v1");
            SourceOptions options = SourceOptions.defaults(cache);
            long start = System.nanoTime();
            Throwable thrown;
            try (RegistryClient client = RegistryClient.create(ref, options, FAST, Clock.systemUTC())) {
                RegistryBlobStore store = new RegistryBlobStore(client, cache, Progress.NONE, FAST, 1 << 20);
                thrown = catchThrowable(() -> {
                    try (InputStream in = store.open(digest, blob.length)) {
                        in.readAllBytes();
                    }
                });
            } finally {
                released.countDown();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(thrown).isInstanceOf(WardenException.class)
                    .hasMessage(server.host() + "/stall/app: blob " + digest + ": download failed after 2 attempts:"
                            + " the server sent no data for 0.4 s (read-idle timeout; raise it with WARDEN_REGISTRY_READ_TIMEOUT=SECONDS)");
            assertThat(took).as("two stalls of 0.4 s, not a hang").isLessThan(Duration.ofSeconds(10));
            assertThat(server.requests()).hasSize(2);
            try (Stream<Path> files = Files.walk(cache)) {
                assertThat(files.filter(Files::isRegularFile)).as("cache after the failed download").isEmpty();
            }
        }
    }

    @Test
    void slowButSteadyBodyIsNotCutOff() throws Exception {
        byte[] blob = new byte[64 * 1024];
        Arrays.fill(blob, (byte) 3);
        String digest = SmallImages.sha256(blob);
        try (FakeServer server = new FakeServer((exchange, call) -> {
            exchange.sendResponseHeaders(200, blob.length);
            OutputStream out = exchange.getResponseBody();
            // 8 pieces 150 ms apart: 1.2 s in all, three times the idle timeout, but never silent for 0.4 s.
            for (int i = 0; i < 8; i++) {
                out.write(blob, i * blob.length / 8, blob.length / 8);
                out.flush();
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        })) {
            RegistryReference ref = RegistryReference.parse(server.host() + "/slow/app:v1");
            try (RegistryClient client = RegistryClient.create(ref, SourceOptions.defaults(cache), FAST, Clock.systemUTC())) {
                RegistryBlobStore store = new RegistryBlobStore(client, cache, Progress.NONE, FAST, 1 << 20);
                try (InputStream in = store.open(digest, blob.length)) {
                    assertThat(in.readAllBytes()).isEqualTo(blob);
                }
            }
        }
    }

    @Test
    void timeoutIsOverriddenFromTheEnvironment() {
        assertThat(RetryPolicy.DEFAULT.readIdleTimeout()).isEqualTo(RegistryLimits.READ_IDLE_TIMEOUT);
        assertThat(RetryPolicy.DEFAULT.withEnvironment(Map.of("WARDEN_REGISTRY_READ_TIMEOUT", "300")).readIdleTimeout())
                .isEqualTo(Duration.ofSeconds(300));
        assertThat(RetryPolicy.DEFAULT.withEnvironment(Map.of()).readIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.withEnvironment(Map.of("WARDEN_REGISTRY_READ_TIMEOUT", "soon")))
                .isInstanceOf(WardenException.class)
                .hasMessage("WARDEN_REGISTRY_READ_TIMEOUT='soon': expected a whole number of seconds greater than 0");
    }
}
