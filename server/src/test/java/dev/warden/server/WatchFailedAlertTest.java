package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch run that checked nothing must not look clean, and must reach someone: a run whose every tag errored is
 * {@code failed} (not {@code done}) in the API's {@code lastRun}, with its tag errors counted, and it raises a
 * {@code watch_failed} alert that a webhook subscribed to that kind receives, signed, in both payload formats; a run
 * whose listing fails for good raises one too. The registry is a loopback HTTP server that lists tags and answers every
 * manifest with a distribution error (no real registry loses all its manifests on request).
 */
class WatchFailedAlertTest {
    static final String SECRET = "a-webhook-secret-of-some-length";
    /** Markup and Slack control characters from the registry: sent as data, never as a link or a mention. */
    static final String MANIFEST_ERROR = "manifest <gone> & <!channel>";

    @TempDir
    Path home;

    @Test
    void aRunWhoseEveryTagErroredFailsAndRaisesAWatchFailedAlertDeliveredToItsWebhooks() throws Exception {
        HttpServer registry = registry();
        try (ServerFixture f = new ServerFixture(home, null, Monitor.Timings.DEFAULT, fastWebhooks(), new JobSettings(1,
                     JobSettings.DEFAULT_LEASE, Duration.ofMillis(200), JobSettings.DEFAULT_SCHEDULER_INTERVAL, home.resolve("cache")));
             WebhookReceiver warden = new WebhookReceiver();
             WebhookReceiver slack = new WebhookReceiver();
             WebhookReceiver otherKinds = new WebhookReceiver()) {
            String admin = f.token(Role.ADMIN);
            hook(f, admin, warden.url("/w"), "warden", "[\"watch_failed\"]");
            hook(f, admin, slack.url("/s"), "slack", "[\"watch_failed\"]");
            hook(f, admin, otherKinds.url("/o"), "warden", "[\"new_finding\",\"verdict_changed\"]");
            String port = String.valueOf(registry.getAddress().getPort());
            String lost = watch(f, admin, "lost-manifests", port, "shop/lost");
            String broken = watch(f, admin, "broken-listing", port, "shop/broken");

            run(f, admin, lost);
            JsonNode r = awaitRun(f, admin, lost, n -> n.path("finishedAt").isTextual());
            assertThat(r.path("state").asText()).isEqualTo("failed");
            assertThat(r.path("outcome").asText()).isEqualTo("failed");
            assertThat(r.path("tagsMatched").asLong()).isEqualTo(2);
            assertThat(r.path("tagErrors").asLong()).isEqualTo(2);
            assertThat(r.path("error").asText()).startsWith("none of the 2 tags could be read; the first, '1.0': ").contains(MANIFEST_ERROR);
            // the list says the same as the run
            JsonNode listed = lastRun(f, admin, lost);
            assertThat(listed.path("outcome").asText()).isEqualTo("failed");
            assertThat(listed.path("tagErrors").asLong()).isEqualTo(2);

            JsonNode alerts = f.json(f.get("/api/v1/alerts?kind=watch_failed", admin)).path("items");
            assertThat(alerts).hasSize(1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.path("digest").isNull()).isTrue();
            assertThat(alert.path("repository").asText()).isEqualTo("127.0.0.1:" + port + "/shop/lost");
            assertThat(alert.path("cause").asText()).isEqualTo("watch");
            assertThat(alert.path("watch").path("name").asText()).isEqualTo("lost-manifests");
            assertThat(alert.path("run").path("id").asText()).isEqualTo(r.path("id").asText());
            assertThat(alert.path("tagErrors").findValuesAsText("tag")).containsExactly("1.0", "2.0");

            MonitorStory.await(() -> !warden.received.isEmpty() && !slack.received.isEmpty(), Duration.ofSeconds(30), "the watch_failed deliveries");
            WebhookReceiver.Received got = warden.received.get(0);
            assertThat(got.header("X-Warden-Event")).isEqualTo("alert.watch_failed");
            assertThat(got.header("X-Warden-Signature")).isEqualTo("sha256=" + hmac(got.body()));
            JsonNode body = f.json.readTree(got.body());
            assertThat(body.path("event").asText()).isEqualTo("alert.watch_failed");
            assertThat(body.path("watch").path("id").asText()).isEqualTo(lost);
            assertThat(body.path("run").path("outcome").asText()).isEqualTo("failed");
            assertThat(body.path("run").path("tagErrors").asLong()).isEqualTo(2);
            assertThat(body.path("tagErrors").get(0).path("error").asText()).contains(MANIFEST_ERROR);
            String text = f.json.readTree(slack.received.get(0).body()).path("text").asText();
            assertThat(text).startsWith("Warden: watch `lost-manifests` (127.0.0.1:" + port + "/shop/lost) run failed: none of the 2 tags")
                    .contains("manifest &lt;gone&gt; &amp; &lt;!channel&gt;").doesNotContain("<!channel>");

            // the listing itself failing for good (three attempts, 10 s and 20 s apart) raises one too
            run(f, admin, broken);
            JsonNode b = awaitRun(f, admin, broken, n -> n.path("state").asText().equals("failed"), Duration.ofSeconds(90));
            assertThat(b.path("outcome").asText()).isEqualTo("failed");
            MonitorStory.await(() -> warden.received.size() >= 2, Duration.ofSeconds(30), "the second watch_failed delivery");
            JsonNode second = f.json.readTree(warden.received.get(1).body());
            assertThat(second.path("watch").path("name").asText()).isEqualTo("broken-listing");
            assertThat(second.path("run").path("error").asText()).isEqualTo(b.path("error").asText());
            // a webhook that wants other kinds hears nothing of watches
            assertThat(otherKinds.received).isEmpty();
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void aRunIsCleanOnlyWhenEveryTagWasReadAndSomeErrorsAreAWarningNotAFailure() {
        WatchStore.RunTag bad = new WatchStore.RunTag("v<1>", null, null, "error", false, "MANIFEST_UNKNOWN");
        WatchStore.RunTag bad2 = new WatchStore.RunTag("v2", null, null, "error", false, "no linux/amd64 image");
        assertThat(WatchRunner.closing(0, 0, 3, List.of())).isEqualTo(new WatchRunner.Closing("done", null));
        assertThat(WatchRunner.closing(0, 0, 3, List.of(bad, bad2)))
                .isEqualTo(new WatchRunner.Closing("done", "2 of 3 tags could not be read; the first, 'v<1>': MANIFEST_UNKNOWN"));
        assertThat(WatchRunner.closing(0, 0, 2, List.of(bad, bad2)).state()).isEqualTo("failed");
        assertThat(WatchRunner.closing(1, 4, 3, List.of(bad)))
                .isEqualTo(new WatchRunner.Closing("failed", "1 of 4 analyses failed: see /api/v1/jobs?state=failed; "
                        + "1 of 3 tags could not be read; the first, 'v<1>': MANIFEST_UNKNOWN"));
        // a run that matched no tag checked nothing wrong: done
        assertThat(WatchRunner.closing(0, 0, 0, List.of()).state()).isEqualTo("done");

        assertThat(run("done", 2L).outcome()).isEqualTo("done_with_errors");
        assertThat(run("done", 2L).outcomeText()).isEqualTo("done with 2 tag errors");
        assertThat(run("done", 1L).outcomeText()).isEqualTo("done with 1 tag error");
        assertThat(run("done", 0L).outcome()).isEqualTo("done");
        assertThat(run("done", null).outcome()).isEqualTo("done"); // a run from before the count was kept
        assertThat(run("failed", 3L).outcome()).isEqualTo("failed");
        assertThat(run("analysing", 1L).outcome()).isEqualTo("analysing");
    }

    private static WatchStore.Run run(String state, Long tagErrors) {
        Instant t = Instant.parse("2026-12-08T02:00:00Z");
        return new WatchStore.Run("r", "w", null, "manual", state, t, t, t, 3L, 3L, 0L, 0L, 0L, 0L, 0L, 0L, null, tagErrors);
    }

    private static WebhookSender.Timings fastWebhooks() {
        return new WebhookSender.Timings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofSeconds(30));
    }

    private static void hook(ServerFixture f, String token, String url, String format, String kinds) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/webhooks", token, ("{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\",\"format\":\""
                + format + "\",\"kinds\":" + kinds + "}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static String watch(ServerFixture f, String admin, String name, String port, String repository) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/watches", admin, ("{\"name\":\"" + name + "\",\"registry\":\"127.0.0.1:" + port
                + "\",\"repository\":\"" + repository + "\",\"schedule\":\"0 3 * * *\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return f.json(r).path("id").asText();
    }

    private static void run(ServerFixture f, String admin, String watchId) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/watches/" + watchId + "/run", admin, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static JsonNode awaitRun(ServerFixture f, String admin, String watchId, java.util.function.Predicate<JsonNode> done) throws Exception {
        return awaitRun(f, admin, watchId, done, Duration.ofSeconds(60));
    }

    private static JsonNode awaitRun(ServerFixture f, String admin, String watchId, java.util.function.Predicate<JsonNode> done, Duration within)
            throws Exception {
        JsonNode[] last = new JsonNode[1];
        MonitorStory.await(() -> {
            last[0] = f.json(f.get("/api/v1/watches/" + watchId + "/runs?limit=1", admin)).path("items").path(0);
            return done.test(last[0]);
        }, within, "the run of watch " + watchId);
        return last[0];
    }

    private static JsonNode lastRun(ServerFixture f, String admin, String watchId) throws Exception {
        for (JsonNode w : f.json(f.get("/api/v1/watches", admin)).path("items")) {
            if (w.path("id").asText().equals(watchId)) {
                return w.path("lastRun");
            }
        }
        throw new AssertionError("watch " + watchId + " not listed");
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Lists two tags of shop/lost and loses every manifest; shop/broken's tag list is a 404. */
    private static HttpServer registry() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/v2/")) {
                    send(exchange, 200, "{}");
                } else if (path.equals("/v2/shop/lost/tags/list")) {
                    send(exchange, 200, "{\"name\":\"shop/lost\",\"tags\":[\"1.0\",\"2.0\"]}");
                } else if (path.equals("/v2/shop/broken/tags/list")) {
                    send(exchange, 404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}");
                } else if (path.contains("/manifests/") && exchange.getRequestMethod().equals("HEAD")) {
                    // no Docker-Content-Digest: the client asks with a GET, which says why
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    send(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":" + ServerJson.mapper().writeValueAsString(MANIFEST_ERROR)
                            + "}]}");
                }
            }
        });
        server.start();
        return server;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
