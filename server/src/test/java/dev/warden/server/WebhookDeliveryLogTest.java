package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a security engineer reads in the delivery log when a receiver is down: a refused connection and a receiver that
 * never answers are each named in one plain line (the JDK's client throws {@code ConnectException} with no message, which
 * the log used to show as "ConnectException: null"). And a Slack-format verdict or grade change reads as it is meant to
 * in receivers that do not decode Slack's entities, sent over HTTP/1.1 without an h2c upgrade offer.
 */
class WebhookDeliveryLogTest {
    @TempDir
    Path home;

    @Test
    void aReceiverThatIsDownOrSilentIsNamedPlainlyInTheDeliveryLog() throws Exception {
        WebhookSender.Timings fast = new WebhookSender.Timings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofSeconds(30));
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusedPort = s.getLocalPort();
        }
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ServerFixture f = new ServerFixture(home, null, Monitor.Timings.DEFAULT, fast);
             WebhookReceiver slackReceiver = new WebhookReceiver()) {
            // accepts connections and reads nothing, answers nothing
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            String security = f.token(Role.SECURITY);
            String refused = hook(f, security, "http://127.0.0.1:" + refusedPort + "/hook", "warden");
            String quiet = hook(f, security, "http://127.0.0.1:" + silent.getLocalPort() + "/hook", "warden");
            String slack = hook(f, security, slackReceiver.url("/slack"), "slack");

            // a stored image that violates the default policy (a fixable high finding) becomes compliant under a published
            // policy that only checks licences: a verdict change, sent to every webhook
            String admin = f.token(Role.ADMIN);
            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1", null);
            HttpResponse<String> published = f.send("PUT", "/api/v1/policy", security,
                    "version: 1\npolicies:\n  - type: licenses\n    deny: [AGPL-3.0-only]\n".getBytes(StandardCharsets.UTF_8), "application/yaml");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);

            MonitorStory.await(() -> attempted(f, security, refused) && attempted(f, security, quiet), Duration.ofSeconds(30),
                    "a first attempt to each receiver");
            JsonNode down = f.json(f.get("/api/v1/webhooks/" + refused + "/deliveries", security)).path("items").get(0);
            assertThat(down.path("state").asText()).isEqualTo("pending");
            assertThat(down.path("lastError").asText()).isEqualTo("cannot connect to 127.0.0.1:" + refusedPort + " (connection refused)");
            JsonNode hung = f.json(f.get("/api/v1/webhooks/" + quiet + "/deliveries", security)).path("items").get(0);
            assertThat(hung.path("lastError").asText()).isEqualTo("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 1 s");

            MonitorStory.await(() -> slackReceiver.received.stream().anyMatch(r -> changeEvent(r.header("X-Warden-Event"))), Duration.ofSeconds(30),
                    "a verdict or grade change sent to the Slack receiver");
            for (WebhookReceiver.Received r : slackReceiver.received) {
                String text = f.json.readTree(r.body()).path("text").asText();
                assertThat(r.header("Upgrade")).as("no h2c upgrade offered").isNull();
                if (changeEvent(r.header("X-Warden-Event"))) {
                    assertThat(text).contains(" \u2192 ").doesNotContain("&gt;").doesNotContain("&amp;");
                }
            }
            assertThat(f.json(f.get("/api/v1/webhooks/" + slack + "/deliveries", security)).path("items").get(0).path("state").asText())
                    .isIn("delivered", "pending");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aDeliveryNobodyTakesIsFailedAfterItsLastAttempt() throws Exception {
        // the backoff shrunk to milliseconds: ten attempts in about two seconds
        WebhookSender.Timings fast = new WebhookSender.Timings(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(20),
                Duration.ofMillis(200), Duration.ofSeconds(30));
        int refusedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusedPort = s.getLocalPort();
        }
        try (ServerFixture f = new ServerFixture(home, null, Monitor.Timings.DEFAULT, fast)) {
            String security = f.token(Role.SECURITY);
            String refused = hook(f, security, "http://127.0.0.1:" + refusedPort + "/hook", "warden");
            String admin = f.token(Role.ADMIN);
            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1", null);
            HttpResponse<String> published = f.send("PUT", "/api/v1/policy", security,
                    "version: 1\npolicies:\n  - type: licenses\n    deny: [AGPL-3.0-only]\n".getBytes(StandardCharsets.UTF_8), "application/yaml");
            assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
            MonitorStory.await(() -> {
                JsonNode items = f.json(f.get("/api/v1/webhooks/" + refused + "/deliveries", security)).path("items");
                return items.size() > 0 && items.get(0).path("state").asText().equals("failed");
            }, Duration.ofSeconds(60), "the delivery failed after its last attempt");
            JsonNode failed = f.json(f.get("/api/v1/webhooks/" + refused + "/deliveries", security)).path("items").get(0);
            assertThat(failed.path("attempts").asInt()).isEqualTo(WebhookSender.MAX_ATTEMPTS);
            assertThat(failed.path("nextAttempt").isNull()).isTrue();
            assertThat(failed.path("lastStatus").isNull()).isTrue();
            assertThat(failed.path("lastError").asText()).isEqualTo("cannot connect to 127.0.0.1:" + refusedPort + " (connection refused)");
        }
    }

    private static boolean changeEvent(String event) {
        return "alert.verdict_changed".equals(event) || "alert.grade_dropped".equals(event);
    }

    private static String hook(ServerFixture f, String token, String url, String format) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/webhooks", token, ("{\"url\":\"" + url + "\",\"secret\":\"" + MonitorStory.SECRET
                + "\",\"format\":\"" + format + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return f.json(r).path("id").asText();
    }

    private static boolean attempted(ServerFixture f, String token, String hook) throws Exception {
        JsonNode items = f.json(f.get("/api/v1/webhooks/" + hook + "/deliveries", token)).path("items");
        return items.size() > 0 && items.get(0).path("attempts").asInt() >= 1;
    }
}
