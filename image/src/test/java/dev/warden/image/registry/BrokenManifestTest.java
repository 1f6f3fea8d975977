package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest cut short by a closed connection, or sent with a Content-Length it does not keep, is a broken
 * connection: retried as docs/registries.md says, then one line (exit 2), never an internal error.
 */
class BrokenManifestTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(1));

    @TempDir
    Path cache;

    /** Answers every request with {@code head} and {@code body}, then closes the connection; counts manifest requests. */
    private static Thread serve(ServerSocket socket, String head, String body, AtomicInteger manifests) {
        return Thread.ofVirtual().start(() -> {
            while (true) {
                try (Socket s = socket.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder request = new StringBuilder();
                    while (!request.toString().endsWith("\r\n\r\n")) {
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        request.append((char) c);
                    }
                    if (request.toString().contains("/manifests/")) {
                        manifests.incrementAndGet();
                    }
                    OutputStream out = s.getOutputStream();
                    out.write((head + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void assertRetriedThenOneLine(String head, String body) throws IOException {
        AtomicInteger manifests = new AtomicInteger();
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serve(socket, head, body, manifests);
            String host = "127.0.0.1:" + socket.getLocalPort();
            try (RegistryClient client = RegistryClient.create(RegistryReference.parse(host + "/app/x:1"),
                    SmallImages.options(cache, null), FAST, Clock.systemUTC())) {
                assertThatThrownBy(() -> client.manifest("1", null, -1, 1 << 20))
                        .isInstanceOf(WardenException.class)
                        .hasMessageStartingWith(host + "/app/x:1: ")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            }
        }
        assertThat(manifests.get()).as("attempts").isEqualTo(3);
    }

    @Test
    void aManifestCutShortIsRetriedThenOneLine() throws IOException {
        assertRetriedThenOneLine("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                + "Content-Length: 400\r\nConnection: close", "{\"schemaVersion\": 2, \"layers\": [");
    }

    @Test
    void aNegativeContentLengthIsRetriedThenOneLine() throws IOException {
        assertRetriedThenOneLine("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                + "Content-Length: -5\r\nConnection: close", "{}");
    }
}
