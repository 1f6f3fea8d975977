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

    /**
     * Answers every request with {@code head} and {@code body}, then closes the connection; counts manifest requests.
     * With {@code trickle}, the body's bytes are sent one at a time that far apart.
     */
    private static Thread serve(ServerSocket socket, String head, String body, AtomicInteger manifests, Duration trickle) {
        return Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                Socket s;
                try {
                    s = socket.accept();
                } catch (IOException closed) {
                    return;
                }
                Thread.ofVirtual().start(() -> answer(s, head, body, manifests, trickle));
            }
        });
    }

    private static void answer(Socket s, String head, String body, AtomicInteger manifests, Duration trickle) {
        try (s) {
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
            out.write((head + "\r\n\r\n" + (trickle == null ? body : "")).getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; trickle != null && i < body.length(); i++) {
                Thread.sleep(trickle);
                out.write(body.charAt(i));
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the client gave up on this connection
        }
    }

    private String assertRetriedThenOneLine(String head, String body, Duration trickle, RetryPolicy retry) throws IOException {
        AtomicInteger manifests = new AtomicInteger();
        String[] message = new String[1];
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serve(socket, head, body, manifests, trickle);
            String host = "127.0.0.1:" + socket.getLocalPort();
            try (RegistryClient client = RegistryClient.create(RegistryReference.parse(host + "/app/x:1"),
                    SmallImages.options(cache, null), retry, Clock.systemUTC())) {
                assertThatThrownBy(() -> client.manifest("1", null, -1, 1 << 20))
                        .isInstanceOf(WardenException.class)
                        .hasMessageStartingWith(host + "/app/x:1: ")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"))
                        .satisfies(e -> message[0] = e.getMessage());
            }
        }
        // 3 attempts of the manifest; the JDK client may also repeat a GET whose connection broke before its headers
        assertThat(manifests.get()).as("attempts").isBetween(3, 9);
        return message[0];
    }

    private void assertRetriedThenOneLine(String head, String body) throws IOException {
        assertRetriedThenOneLine(head, body, null, FAST);
    }

    @Test
    void aManifestTrickledJustInsideTheIdleTimeoutFailsOnTheMinimumRate() throws IOException {
        // one byte every 0.3 s never trips the 1 s idle timeout; without a minimum rate this body takes 20 minutes
        RetryPolicy idleOneSecond = FAST.withReadIdleTimeout(Duration.ofSeconds(1));
        String message = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertRetriedThenOneLine("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                        + "Content-Length: 4000\r\nConnection: close", "x".repeat(4000), Duration.ofMillis(300), idleOneSecond));
        assertThat(message).contains("reading the manifest failed after 3 attempts").contains("slower than the minimum of 10 KiB/s");
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
