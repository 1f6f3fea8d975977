package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.vulndb.Bundles;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Continuous monitoring on SQLite (WARDEN_HOME's two files), alerts' settings and webhooks' rules. */
class MonitorTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void advisoriesVexAndPolicyChangesReJudgeTheImagesTheyTouch() throws Exception {
        try (ServerFixture f = new ServerFixture(home, null)) {
            MonitorStory.run(f, "-", work);
        }
    }

    @Test
    void aBundleSwappedInByAnotherProcessReMatchesEveryImage() throws Exception {
        // a bundle holding the test advisory, built from a copy of this home's database
        Path other = work.resolve("other-home");
        try (ServerFixture f = new ServerFixture(home, null)) {
            String admin = f.token(Role.ADMIN);
            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1", "wardenfoo");
            MonitorStory.push(f, admin, MonitorStory.B, "5.8.0-1+deb12u1", null);
            MonitorStory.await(() -> MonitorStory.count(f, "SELECT COUNT(*) FROM monitor_cursor") == 3, Duration.ofSeconds(30), "monitor started");
            Files.createDirectories(other.resolve("db"));
            Files.copy(home.resolve("db/warden.db"), other.resolve("db/warden.db"));
            Path dir = Files.createDirectories(work.resolve("advisories"));
            Files.writeString(dir.resolve("a.json"), MonitorStory.record(null));
            VulnDb vulndb = VulnDb.of(other, null, true, n -> { });
            try (AdvisoryStore store = vulndb.open(false)) {
                vulndb.importSources(store, List.of(dir.toString()), null, null, false, null, VulnDb.Listener.NONE);
                Bundles.build(store, work.resolve("bundle.zip"));
            }
            ExternalImport.run("bundle", home.toString(), "-", work.resolve("bundle.zip").toString());
            long installed = System.nanoTime();
            MonitorStory.await(() -> MonitorStory.history(f, admin, MonitorStory.B).size() == 2, MonitorStory.NOTICED_WITHIN,
                    "every image re-judged after the bundle");
            MonitorStory.await(() -> !MonitorStory.alerts(f, admin, MonitorStory.A).isEmpty(), MonitorStory.NOTICED_WITHIN, "A's alerts");
            assertThat(Duration.ofNanos(System.nanoTime() - installed)).isLessThan(MonitorStory.NOTICED_WITHIN);
            JsonNode b = MonitorStory.history(f, admin, MonitorStory.B).get(0);
            assertThat(b.path("cause").asText()).isEqualTo("advisories");
            assertThat(b.path("causeDetail").path("reason").asText()).isEqualTo("the advisory database was replaced");
        }
    }

    @Test
    void theAlertThresholdIsASettingOfTheSecurityRole() throws Exception {
        try (ServerFixture f = new ServerFixture(home, null)) {
            String security = f.token(Role.SECURITY);
            String dev = f.token(Role.DEVELOPER);
            assertThat(f.json(f.get("/api/v1/settings", dev)).path("alertThreshold").asText()).isEqualTo("high");
            assertThat(f.send("PUT", "/api/v1/settings", dev, "{\"alertThreshold\":\"critical\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json").statusCode()).isEqualTo(403);
            HttpResponse<String> bad = f.send("PUT", "/api/v1/settings", security, "{\"alertThreshold\":\"severe\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            HttpResponse<String> ok = f.send("PUT", "/api/v1/settings", security, "{\"alertThreshold\":\"critical\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(f.json(f.get("/api/v1/settings", dev)).path("alertThreshold").asText()).isEqualTo("critical");
            assertThat(f.json(f.get("/api/v1/audit", security)).path("items").get(0).path("action").asText()).isEqualTo("settings.update");
        }
    }

    @Test
    void webhooksTakeOnlyHttpUrlsNeverShowTheirSecretAndRetryWithBackoff() throws Exception {
        WebhookSender.Timings fast = new WebhookSender.Timings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (ServerFixture f = new ServerFixture(home, null, Monitor.Timings.DEFAULT, fast);
             WebhookReceiver flaky = new WebhookReceiver(500, 503)) {
            String security = f.token(Role.SECURITY);
            for (String url : List.of("file:///etc/passwd", "ftp://example.com/x", "gopher://example.com", "http://user:pw@example.com/x", "not a url")) {
                HttpResponse<String> r = f.send("POST", "/api/v1/webhooks", security, ("{\"url\":\"" + url + "\",\"secret\":\"" + MonitorStory.SECRET
                        + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
                assertThat(r.statusCode()).as(url).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            }
            assertThat(f.send("POST", "/api/v1/webhooks", security, ("{\"url\":\"" + flaky.url("/") + "\",\"secret\":\"short\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json").statusCode()).isEqualTo(400);
            assertThat(f.send("POST", "/api/v1/webhooks", f.token(Role.DEVELOPER), ("{\"url\":\"" + flaky.url("/") + "\",\"secret\":\""
                    + MonitorStory.SECRET + "\"}").getBytes(StandardCharsets.UTF_8), "application/json").statusCode()).isEqualTo(403);
            HttpResponse<String> created = f.send("POST", "/api/v1/webhooks", security, ("{\"url\":\"" + flaky.url("/slack") + "\",\"secret\":\""
                    + MonitorStory.SECRET + "\",\"format\":\"slack\",\"kinds\":[\"new_finding\"]}").getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = f.json(created).path("id").asText();
            assertThat(f.get("/api/v1/webhooks", security).body()).doesNotContain(MonitorStory.SECRET).contains(id);
            assertThat(f.get("/api/v1/webhooks/" + id, security).body()).doesNotContain(MonitorStory.SECRET);
            assertThat(f.get("/api/v1/audit", security).body()).doesNotContain(MonitorStory.SECRET);

            // an alert through a repeated push whose new finding is at the threshold (every severity here): the receiver fails
            // twice, then takes it
            String admin = f.token(Role.ADMIN);
            assertThat(f.send("PUT", "/api/v1/settings", security, "{\"alertThreshold\":\"unknown\"}".getBytes(StandardCharsets.UTF_8),
                    "application/json").statusCode()).isEqualTo(200);
            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1+deb12u1", null);
            HttpResponse<String> again = f.send("POST", "/api/v1/images", admin, TestImages.pushBody(TestImages.debian(MonitorStory.A, "5.8.0-1", null),
                    "shop/a", List.of("1.0"), f.json), "application/json");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            MonitorStory.await(() -> flaky.received.size() >= 3, Duration.ofSeconds(15), "three attempts");
            MonitorStory.await(() -> f.json(f.get("/api/v1/webhooks/" + id + "/deliveries", security)).path("items").path(0).path("state")
                    .asText().equals("delivered"), Duration.ofSeconds(5), "delivered on the third attempt");
            JsonNode delivery = f.json(f.get("/api/v1/webhooks/" + id + "/deliveries", security)).path("items").get(0);
            assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
            assertThat(delivery.path("lastStatus").asInt()).isEqualTo(200);
            assertThat(delivery.path("event").asText()).isEqualTo("alert.new_finding");
            // the same bytes every attempt, Slack's {"text": ...}, signed
            assertThat(flaky.received.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).distinct()).hasSize(1);
            JsonNode slack = f.json.readTree(flaky.received.get(0).body());
            assertThat(slack.path("text").asText()).startsWith("Warden: new ").contains("shop/a:1.0").contains("CVE-2025-53603");
            assertThat(flaky.received.get(0).header("X-Warden-Signature")).isEqualTo("sha256=" + MonitorStory.hmac(MonitorStory.SECRET,
                    flaky.received.get(0).body()));

            assertThat(f.send("DELETE", "/api/v1/webhooks/" + id, security, null, null).statusCode()).isEqualTo(204);
            assertThat(f.get("/api/v1/webhooks/" + id, security).statusCode()).isEqualTo(404);
        }
    }
}
