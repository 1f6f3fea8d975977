package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Continuous monitoring end to end, run on SQLite (MonitorTest) and PostgreSQL (MonitorPostgresTest): three stored
 * images; another process imports an advisory for a package only one of them holds; within 10 s that one is
 * re-judged (cause: the advisory), its alerts raised and POSTed to a real HTTP receiver with a signature that an
 * independent HMAC and openssl both verify, and the other two get no new judgement. The advisory withdrawn resolves
 * the finding; a VEX statement re-judges only the image it touches; a policy version re-judges all of them.
 */
final class MonitorStory {
    static final String ADVISORY = "WARDEN-TEST-2026-0001";
    /** In CISA KEV (the snapshot ships the whole catalogue): the new finding is a KEV finding too. */
    static final String KEV_ALIAS = "CVE-2021-44228";
    static final String SECRET = "a-webhook-secret-of-some-length";
    static final String A = "1".repeat(64);
    static final String B = "2".repeat(64);
    static final String C = "3".repeat(64);
    /** The bound: a change by any process is noticed and acted on within 10 s. */
    static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

    private MonitorStory() {}

    static String record(String withdrawn) {
        return "{\"schema_version\":\"1.6.0\",\"id\":\"" + ADVISORY + "\",\"modified\":\"2026-12-01T00:00:00Z\",\"published\":\"2026-12-01T00:00:00Z\","
                + (withdrawn == null ? "" : "\"withdrawn\":\"" + withdrawn + "\",")
                + "\"aliases\":[\"" + KEV_ALIAS + "\"],\"summary\":\"a test advisory\","
                + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
                + "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"wardenfoo\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-2\"}]}]}]}";
    }

    static void run(ServerFixture f, String db, Path work) throws Exception {
        String admin = f.token(Role.ADMIN);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            HttpResponse<String> hook = f.send("POST", "/api/v1/webhooks", admin, ("{\"url\":\"" + receiver.url("/hook") + "\",\"secret\":\""
                    + SECRET + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
            assertThat(hook.body()).doesNotContain(SECRET);

            push(f, admin, A, "5.8.0-1", "wardenfoo");
            push(f, admin, B, "5.8.0-1+deb12u1", null);
            push(f, admin, C, "5.8.0-1+deb12u1", "wardenbar");
            await(() -> count(f, "SELECT COUNT(*) FROM monitor_cursor") == 3, Duration.ofSeconds(30), "the monitor starts following");
            int a0 = history(f, admin, A).size();
            int b0 = history(f, admin, B).size();
            int c0 = history(f, admin, C).size();

            // another process adds an advisory for wardenfoo, which only A holds
            Path dir = Files.createDirectories(work.resolve("advisories"));
            Files.writeString(dir.resolve(ADVISORY + ".json"), record(null));
            ExternalImport.run("import", f.home.toString(), db, dir.toString());
            long imported = System.nanoTime();
            await(() -> !alerts(f, admin, A).isEmpty(), NOTICED_WITHIN, "the new advisory's alerts on A");
            assertThat(Duration.ofNanos(System.nanoTime() - imported)).isLessThan(NOTICED_WITHIN);

            List<JsonNode> aHistory = history(f, admin, A);
            assertThat(aHistory).hasSize(a0 + 1);
            JsonNode judged = aHistory.get(0);
            assertThat(judged.path("cause").asText()).isEqualTo("advisories");
            assertThat(judged.path("causeDetail").path("advisories")).extracting(JsonNode::asText).containsExactly(ADVISORY);
            // the finding is named by its CVE (the advisory's alias), as scan reports name it
            assertThat(judged.path("causeDetail").path("newFindings")).extracting(JsonNode::asText).containsExactly(KEV_ALIAS);
            List<JsonNode> alerts = alerts(f, admin, A);
            assertThat(alerts).extracting(a -> a.path("kind").asText()).contains("new_finding", "new_kev");
            JsonNode newFinding = alerts.stream().filter(a -> a.path("kind").asText().equals("new_finding")).findFirst().orElseThrow();
            assertThat(newFinding.path("advisories")).extracting(JsonNode::asText).containsExactly(KEV_ALIAS);
            assertThat(newFinding.path("causeDetail").path("changeLog").path("to").asLong()).isPositive();
            assertThat(newFinding.path("findings").get(0).path("aliases")).extracting(JsonNode::asText).contains(ADVISORY);
            assertThat(newFinding.path("severity").asText()).isEqualTo("critical");
            assertThat(newFinding.path("digest").asText()).isEqualTo("sha256:" + A);
            assertThat(newFinding.path("cause").asText()).isEqualTo("advisories");
            // filters: kind and since
            assertThat(f.json(f.get("/api/v1/alerts?kind=new_kev&image=sha256:" + A, admin)).path("items")).hasSize(1);
            assertThat(f.json(f.get("/api/v1/alerts?since=2999-01-01T00:00:00Z", admin)).path("items")).isEmpty();
            assertThat(f.get("/api/v1/alerts?since=yesterday", admin).statusCode()).isEqualTo(400);

            // the webhook: one delivery per alert, signed over the raw body
            await(() -> receiver.received.size() >= alerts.size(), Duration.ofSeconds(10), "the webhook deliveries");
            for (WebhookReceiver.Received r : receiver.received) {
                assertThat(r.header("X-Warden-Event")).startsWith("alert.");
                assertThat(r.header("X-Warden-Delivery")).isNotBlank();
                String signature = r.header("X-Warden-Signature");
                assertThat(signature).isEqualTo("sha256=" + hmac(SECRET, r.body())).isEqualTo("sha256=" + openssl(SECRET, r.body(), work));
                JsonNode body = f.json.readTree(r.body());
                assertThat(body.path("image").path("digest").asText()).isEqualTo("sha256:" + A);
                assertThat(body.path("image").path("repository").asText()).isEqualTo("shop/a");
                assertThat(body.path("image").path("tags")).extracting(JsonNode::asText).containsExactly("1.0");
                assertThat(body.path("alert").path("advisories")).extracting(JsonNode::asText).contains(KEV_ALIAS);
                assertThat(body.path("verdict").has("before")).isTrue();
                assertThat(body.path("delivery").asText()).isEqualTo(r.header("X-Warden-Delivery"));
            }
            String hookId = f.json(hook).path("id").asText();
            JsonNode log = f.json(f.get("/api/v1/webhooks/" + hookId + "/deliveries", admin));
            assertThat(log.path("items")).allSatisfy(d -> assertThat(d.path("state").asText()).isEqualTo("delivered"));

            // B and C hold no wardenfoo: not re-judged
            assertThat(history(f, admin, B)).hasSize(b0);
            assertThat(history(f, admin, C)).hasSize(c0);

            // the advisory withdrawn: the finding is resolved, with the advisory as cause
            Files.writeString(dir.resolve(ADVISORY + ".json"), record("2026-12-02T00:00:00Z"));
            ExternalImport.run("import", f.home.toString(), db, dir.toString());
            await(() -> findingResolved(f, admin, A, KEV_ALIAS), NOTICED_WITHIN, "the withdrawn advisory's finding resolved");
            JsonNode resolvedBy = history(f, admin, A).get(0);
            assertThat(resolvedBy.path("cause").asText()).isEqualTo("advisories");
            assertThat(resolvedBy.path("causeDetail").path("advisories")).extracting(JsonNode::asText).containsExactly(ADVISORY);
            assertThat(resolvedBy.path("causeDetail").path("resolvedFindings")).extracting(JsonNode::asText).containsExactly(KEV_ALIAS);
            assertThat(history(f, admin, B)).hasSize(b0);
            assertThat(history(f, admin, C)).hasSize(c0);

            // a VEX statement about sope's CVE: only A has that finding open
            int a1 = history(f, admin, A).size();
            String vex = """
                    {"@context":"https://openvex.dev/ns/v0.2.0","@id":"urn:uuid:2","author":"sec","timestamp":"2026-12-01T00:00:00Z","version":1,
                     "statements":[{"vulnerability":{"name":"CVE-2025-53603"},"products":[{"@id":"pkg:deb/debian/libsope1"}],
                     "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
                    """;
            assertThat(f.send("POST", "/api/v1/vex", admin, vex.getBytes(StandardCharsets.UTF_8), "application/json").statusCode()).isEqualTo(201);
            await(() -> history(f, admin, A).size() == a1 + 1, NOTICED_WITHIN, "A re-judged for the VEX statement");
            assertThat(history(f, admin, A).get(0).path("cause").asText()).isEqualTo("vex");
            JsonNode sope = f.json(f.get("/api/v1/images/sha256:" + A + "/findings", admin)).path("items");
            assertThat(findings(sope, "CVE-2025-53603")).allSatisfy(n -> assertThat(n.path("suppressed").asBoolean()).isTrue());
            assertThat(history(f, admin, B)).hasSize(b0);
            assertThat(history(f, admin, C)).hasSize(c0);

            // a policy version: every image
            String yaml = "version: 1\npolicies:\n  - id: no-critical\n    type: vulnerabilities\n    severities: [critical]\n";
            assertThat(f.send("PUT", "/api/v1/policy", admin, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml").statusCode()).isEqualTo(201);
            for (String digest : List.of(A, B, C)) {
                await(() -> history(f, admin, digest).get(0).path("cause").asText().equals("policy"), NOTICED_WITHIN, digest + " re-judged for the policy");
                assertThat(history(f, admin, digest).get(0).path("policyVersion").asLong()).isEqualTo(1);
            }
        }
    }

    static void push(ServerFixture f, String token, String digest, String sopeVersion, String extra) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/images", token, TestImages.pushBody(TestImages.debian(digest, sopeVersion, extra),
                "shop/" + (digest.equals(A) ? "a" : digest.equals(B) ? "b" : "c"), List.of("1.0"), f.json), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static List<JsonNode> history(ServerFixture f, String token, String digest) throws Exception {
        return items(f.json(f.get("/api/v1/images/sha256:" + digest + "/history?limit=500", token)));
    }

    static List<JsonNode> alerts(ServerFixture f, String token, String digest) throws Exception {
        return items(f.json(f.get("/api/v1/alerts?image=sha256:" + digest, token)));
    }

    static boolean findingResolved(ServerFixture f, String token, String digest, String id) throws Exception {
        JsonNode items = f.json(f.get("/api/v1/images/sha256:" + digest + "/findings?resolved=true&limit=500", token)).path("items");
        List<JsonNode> matching = findings(items, id);
        return !matching.isEmpty() && matching.stream().allMatch(n -> !n.path("resolvedAt").isNull() && !n.path("resolvedAt").isMissingNode());
    }

    static List<JsonNode> findings(JsonNode items, String id) {
        List<JsonNode> out = new ArrayList<>();
        items.forEach(n -> {
            if (n.path("id").asText().equals(id)) {
                out.add(n);
            }
        });
        return out;
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> out = new ArrayList<>();
        page.path("items").forEach(out::add);
        return out;
    }

    static long count(ServerFixture f, String sql) {
        try (Connection c = f.database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Callable<Boolean> condition, Duration within, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** {@code openssl dgst -sha256 -hmac SECRET FILE} over the raw body, as docs/monitoring.md tells receivers to check it. */
    static String openssl(String secret, byte[] body, Path work) throws Exception {
        Path file = Files.createTempFile(work, "body-", ".json");
        Files.write(file, body);
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", secret, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out.substring(out.lastIndexOf(' ') + 1);
    }
}
