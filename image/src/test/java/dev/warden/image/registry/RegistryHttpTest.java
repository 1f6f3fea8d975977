package dev.warden.image.registry;

import static dev.warden.image.registry.FakeServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryHttp.Authorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Retries, Retry-After, redirects and where credentials may go, against misbehaving JDK HttpServers. */
class RegistryHttpTest {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);
    /** Short waits so that a test shows whether Retry-After (seconds) or the backoff (milliseconds) was used. */
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));
    private static final Authorization SECRET = new Authorization("Basic dXNlcjpwYXNz", true);

    private static String body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheRetryAfterSeconds() throws IOException {
        try (FakeServer server = new FakeServer((ex, call) -> {
                    if (call == 1) {
                        respond(ex, 429, new byte[0], "Retry-After", "1");
                    } else {
                        respond(ex, 200, OK);
                    }
                });
                RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.get(URI.create("http://" + server.host() + "/v2/"), null, null, "test");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body(response)).isEqualTo("ok");
            assertThat(server.requests()).hasSize(2);
            assertThat(took).as("waited as Retry-After said, not the 100 ms backoff").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void serviceUnavailableIsRetriedWithExponentialBackoff() throws IOException {
        try (FakeServer server = new FakeServer((ex, call) -> respond(ex, call <= 2 ? 503 : 200, call <= 2 ? new byte[0] : OK));
                RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = http.get(URI.create("http://" + server.host() + "/v2/"), null, null, "test");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(body(response)).isEqualTo("ok");
            assertThat(server.requests()).hasSize(3);
            assertThat(took).as("100 ms then 200 ms").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void retriesAreBounded() throws IOException {
        byte[] error = "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}]}".getBytes(StandardCharsets.UTF_8);
        try (FakeServer server = new FakeServer((ex, call) -> respond(ex, 503, error, "Content-Type", "application/json"));
                RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
            assertThatThrownBy(() -> http.get(URI.create("http://" + server.host() + "/v2/"), null, null, "ref"))
                    .isInstanceOf(WardenException.class)
                    .hasMessage("ref: " + server.host() + " answered HTTP 503 (UNAVAILABLE: maintenance) 3 times; giving up");
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDateAndCapped() {
        assertThat(RegistryHttp.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        String inTenSeconds = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(RegistryHttp.parseRetryAfter(inTenSeconds).orElseThrow())
                .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(RegistryHttp.parseRetryAfter("soon")).isEmpty();
        assertThat(RetryPolicy.DEFAULT.capRetryAfter(Duration.ofHours(1))).isEqualTo(RetryPolicy.DEFAULT.maxRetryAfter());
        assertThat(RetryPolicy.DEFAULT.capRetryAfter(RegistryHttp.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").orElseThrow()))
                .as("a date in the past means now").isZero();
        assertThat(RetryPolicy.DEFAULT.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetryPolicy.DEFAULT.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.DEFAULT.backoff(30)).isEqualTo(RetryPolicy.DEFAULT.maxBackoff());
    }

    @Test
    void redirectToAnotherHostDoesNotCarryTheAuthorization() throws IOException {
        try (FakeServer storage = new FakeServer((ex, call) -> respond(ex, 200, OK));
                FakeServer registry = new FakeServer((ex, call) -> respond(ex, 307, new byte[0],
                        "Location", "http://localhost:" + storage.port() + "/bucket/blob?signature=x"));
                RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
            HttpResponse<InputStream> response = http.get(URI.create("http://" + registry.host() + "/v2/r/blobs/x"), null, SECRET, "test");
            assertThat(body(response)).isEqualTo("ok");
            assertThat(registry.requests()).extracting(FakeServer.Request::authorization).containsExactly(SECRET.header());
            assertThat(storage.requests()).hasSize(1);
            assertThat(storage.requests().getFirst().authorization()).as("storage backend must not see the credentials").isNull();
            assertThat(storage.requests().getFirst().path()).isEqualTo("/bucket/blob");
        }
    }

    @Test
    void redirectLoopsAreCut() throws IOException {
        try (FakeServer server = new FakeServer((ex, call) -> respond(ex, 302, new byte[0], "Location", "/again"));
                RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
            assertThatThrownBy(() -> http.get(URI.create("http://" + server.host() + "/v2/"), null, null, "ref"))
                    .isInstanceOf(WardenException.class)
                    .hasMessage("ref: more than " + RegistryLimits.MAX_REDIRECTS + " redirects from " + server.host());
            assertThat(server.requests()).hasSize(RegistryLimits.MAX_REDIRECTS + 1);
        }
    }

    @Test
    void plainHttpOnlyForLoopbackAndInsecureHosts() {
        try (RegistryHttp http = new RegistryHttp(FAST, Set.of("registry.internal:5000", "other.internal"))) {
            assertThat(http.baseUri("registry.example.com")).hasToString("https://registry.example.com");
            assertThat(http.baseUri("127.0.0.1:5001")).hasToString("http://127.0.0.1:5001");
            assertThat(http.baseUri("127.1.2.3")).hasToString("http://127.1.2.3");
            assertThat(http.baseUri("localhost:8080")).hasToString("http://localhost:8080");
            assertThat(http.baseUri("[::1]:8080")).hasToString("http://[::1]:8080");
            assertThat(http.baseUri("registry.internal:5000")).hasToString("http://registry.internal:5000");
            assertThat(http.baseUri("registry.internal:6000")).hasToString("https://registry.internal:6000");
            assertThat(http.baseUri("other.internal:6000")).hasToString("http://other.internal:6000");
            assertThat(http.baseUri("127.example.com")).as("a DNS name is not loopback").hasToString("https://127.example.com");
            assertThat(http.baseUri("localhost.example.com")).hasToString("https://localhost.example.com");
        }
    }

    @Test
    void credentialsNeverTravelInClearTextToOtherHosts() {
        try (RegistryHttp http = new RegistryHttp(FAST, Set.of("registry.internal:5000"))) {
            // Refused before any connection is attempted (the host does not even resolve).
            assertThatThrownBy(() -> http.get(URI.create("http://registry.internal:5000/v2/"), null, SECRET, "ref"))
                    .isInstanceOf(WardenException.class)
                    .hasMessage("ref: refusing to send credentials over plain HTTP to registry.internal:5000"
                            + " (only loopback hosts may get them without TLS)");
        }
    }

    @Test
    void httpsToAServerWithoutTlsIsAClearError() throws IOException {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // Answers every connection (a retried attempt too), on a platform thread: a loaded machine once starved it.
            Thread.ofPlatform().daemon().start(() -> {
                while (!plain.isClosed()) {
                    try (Socket s = plain.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // the client hung up first, or the socket was closed at the end of the test
                    }
                }
            });
            String host = "127.0.0.1:" + plain.getLocalPort();
            try (RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
                assertThatThrownBy(() -> http.get(URI.create("https://" + host + "/v2/"), null, null, "ref"))
                        .isInstanceOf(WardenException.class)
                        .hasMessageStartingWith("ref: TLS with " + host + " failed: ");
            }
        }
    }

    @Test
    void unknownHostIsNotRetried() {
        try (RegistryHttp http = new RegistryHttp(FAST, Set.of())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> http.get(URI.create("https://registry.invalid/v2/"), null, null, "ref"))
                    .isInstanceOf(WardenException.class).hasMessage("ref: unknown host registry.invalid");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
