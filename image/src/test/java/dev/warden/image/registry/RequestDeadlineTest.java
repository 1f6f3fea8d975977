package dev.warden.image.registry;

import static dev.warden.image.registry.FakeServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One request has one time bound, every attempt and wait included (RetryPolicy.maxTotal): a registry that accepts
 * and never answers, or asks to come back in eleven days, gives up within it with one line. The guards below are
 * against the unbounded behaviour (10 minutes and 4 minutes with the defaults), not measurements.
 */
class RequestDeadlineTest {
    private static final RetryPolicy FIVE_ATTEMPTS_TWO_SECONDS = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(400),
            Duration.ofSeconds(60)).withMaxTotal(Duration.ofSeconds(2));

    @Test
    void aRegistryThatAcceptsAndNeverAnswersCostsTheRequestBoundOnce() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                RegistryHttp http = new RegistryHttp(FIVE_ATTEMPTS_TWO_SECONDS, Set.of())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            String host = "127.0.0.1:" + silent.getLocalPort();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> http.get(URI.create("http://" + host + "/v2/"), null, null, "ref"))
                            .isInstanceOf(WardenException.class)
                            .hasMessageStartingWith("ref: " + host + " did not answer in time")
                            .hasMessageContaining("2 s in all"));
            acceptor.interrupt();
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aRetryAfterBeyondTheBoundGivesUpAtOnce() throws IOException {
        try (FakeServer server = new FakeServer((ex, call) -> respond(ex, 503, new byte[0], "Retry-After", "999999"));
                RegistryHttp http = new RegistryHttp(FIVE_ATTEMPTS_TWO_SECONDS, Set.of())) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(() -> http.get(URI.create("http://" + server.host() + "/v2/"), null, null, "ref"))
                            .isInstanceOf(WardenException.class)
                            .hasMessage("ref: " + server.host() + " answered HTTP 503 1 time; waiting 60 s more would pass the limit of"
                                    + " 2 s per request; giving up"));
            assertThat(server.requests()).hasSize(1);
        }
    }
}
