package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.Sbom;
import dev.warden.report.ReportFormats;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on a real SQLite database under a temporary WARDEN_HOME, matching with the shipped snapshot. */
class ServerApiTest {
    @TempDir
    Path home;
    ServerFixture f;

    @BeforeEach
    void start() {
        f = new ServerFixture(home, null);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static final String DIGEST_A = "a".repeat(64);

    @Test
    void pushStoresTheImageJudgesItAndListsIt() throws Exception {
        String dev = f.token(Role.DEVELOPER);
        Sbom sbom = TestImages.debian(DIGEST_A, "5.8.0-1", null);
        HttpResponse<String> pushed = f.send("POST", "/api/v1/images", dev, TestImages.pushBody(sbom, "shop/app", List.of("1.0", "latest"), f.json),
                "application/json");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode verdict = f.json(pushed);
        assertThat(verdict.path("digest").asText()).isEqualTo("sha256:" + DIGEST_A);
        assertThat(verdict.path("judgement").path("grade").asText()).matches("[A-F]");
        assertThat(verdict.path("newFindings").asInt()).isGreaterThanOrEqualTo(2);

        String viewer = f.token(Role.VIEWER);
        JsonNode list = f.json(f.get("/api/v1/images?repository=shop/app", viewer));
        assertThat(list.path("items")).hasSize(1);
        JsonNode item = list.path("items").get(0);
        assertThat(item.path("digest").asText()).isEqualTo("sha256:" + DIGEST_A);
        assertThat(item.path("tags")).extracting(JsonNode::asText).containsExactly("1.0", "latest");
        assertThat(item.path("score").isInt()).isTrue();
        assertThat(f.json(f.get("/api/v1/images?repository=other/app", viewer)).path("items")).isEmpty();

        JsonNode findings = f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/findings", viewer));
        assertThat(findings.path("items")).extracting(n -> n.path("id").asText()).contains("CVE-2025-53603", "CVE-2022-0456");
        JsonNode sope = findFirst(findings.path("items"), "CVE-2025-53603");
        assertThat(sope.path("package").asText()).isEqualTo("libsope1");
        assertThat(sope.path("suppressed").asBoolean()).isFalse();
        assertThat(sope.path("firstSeen").asText()).isNotEmpty();

        // fixed in a new push of the same digest: the finding is resolved, not forgotten
        Sbom fixed = TestImages.debian(DIGEST_A, "5.8.0-1+deb12u1", null);
        HttpResponse<String> again = f.send("POST", "/api/v1/images", dev, TestImages.pushBody(fixed, "shop/app", List.of("1.0"), f.json),
                "application/json");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(f.json(again).path("resolvedFindings").asInt()).as(again.body()).isEqualTo(1);
        JsonNode open = f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/findings", viewer));
        assertThat(open.path("items")).extracting(n -> n.path("id").asText()).doesNotContain("CVE-2025-53603");
        JsonNode all = f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/findings?resolved=true", viewer));
        assertThat(findFirst(all.path("items"), "CVE-2025-53603").path("resolvedAt").asText()).isNotEmpty();

        JsonNode detail = f.json(f.get("/api/v1/images/sha256:" + DIGEST_A, viewer));
        assertThat(detail.path("facts").path("image").path("platform").path("architecture").asText()).isEqualTo("amd64");
        assertThat(detail.path("judgement").path("results").size()).isGreaterThan(0);
        assertThat(detail.path("judgement").path("database").path("feeds").size()).isGreaterThan(0);
        assertThat(f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/history", viewer)).path("items")).hasSize(2);
    }

    @Test
    void sbomAndEveryReportFormatComeBackFromTheStore() throws Exception {
        String dev = f.token(Role.DEVELOPER);
        f.send("POST", "/api/v1/images", dev, TestImages.pushBody(TestImages.debian(DIGEST_A, "5.8.0-1", null), "shop/app", List.of("1.0"), f.json),
                "application/json");
        HttpResponse<String> cdx = f.get("/api/v1/images/sha256:" + DIGEST_A + "/sbom", dev);
        assertThat(cdx.statusCode()).isEqualTo(200);
        assertThat(f.json(cdx).path("bomFormat").asText()).isEqualTo("CycloneDX");
        HttpResponse<String> spdx = f.get("/api/v1/images/sha256:" + DIGEST_A + "/sbom?format=spdx-json", dev);
        assertThat(spdx.statusCode()).as(spdx.body()).isEqualTo(200);
        assertThat(f.json(spdx).path("spdxVersion").asText()).startsWith("SPDX-2.");
        for (String format : ReportFormats.ids()) {
            HttpResponse<String> report = f.get("/api/v1/images/sha256:" + DIGEST_A + "/report?format=" + format, dev);
            assertThat(report.statusCode()).as(format + ": " + report.body()).isEqualTo(200);
            assertThat(report.body()).as(format).contains("CVE-2025-53603");
        }
        assertThat(f.get("/api/v1/images/sha256:" + DIGEST_A + "/report?format=pdf", dev).statusCode()).isEqualTo(400);
    }

    @Test
    void theSameDigestPushedTwiceAtOnceIsStoredOnce() throws Exception {
        String dev = f.token(Role.DEVELOPER);
        byte[] body = TestImages.pushBody(TestImages.debian(DIGEST_A, "5.8.0-1", null), "shop/app", List.of("1.0"), f.json);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<HttpResponse<String>> push = () -> f.send("POST", "/api/v1/images", dev, body, "application/json");
                results.add(pool.submit(push));
            }
            int created = 0;
            for (Future<HttpResponse<String>> r : results) {
                HttpResponse<String> response = r.get();
                assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
                created += response.statusCode() == 201 ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        String viewer = f.token(Role.VIEWER);
        assertThat(f.json(f.get("/api/v1/images", viewer)).path("items")).hasSize(1);
        assertThat(f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/history", viewer)).path("items")).hasSize(1);
        int total = f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/findings?limit=500", viewer)).path("items").size();
        assertThat(total).isEqualTo(f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/findings?resolved=true&limit=500", viewer)).path("items").size());
    }

    @Test
    void badInputIsProblemDetailsNeverAStackTrace() throws Exception {
        String dev = f.token(Role.DEVELOPER);
        HttpResponse<String> notJson = f.send("POST", "/api/v1/images", dev, "{not json".getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(notJson, 400);
        HttpResponse<String> badSbom = f.send("POST", "/api/v1/images", dev,
                "{\"repository\":\"a/b\",\"sbom\":{\"bomFormat\":\"CycloneDX\",\"components\":7},\"facts\":{}}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(badSbom, 400);
        HttpResponse<String> badRepo = f.send("POST", "/api/v1/images", dev,
                "{\"repository\":\"<script>\",\"sbom\":{}}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(badRepo, 400);
        byte[] huge = new byte[(int) ServerLimits.MAX_PUSH_BYTES + 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> tooBig = f.send("POST", "/api/v1/images", dev, huge, "application/json");
        assertProblem(tooBig, 413);
        // what `warden push` says of the same body: the server's limit, not "cannot be reached"
        var client = new dev.warden.server.client.ServerClient(f.uri("").toString(), dev, new com.fasterxml.jackson.databind.ObjectMapper());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.push(huge))
                .hasMessageContaining("push failed (413)").hasMessageContaining("larger than the limit");
        assertProblem(f.get("/api/v1/images/sha256:zz", dev), 400);
        assertProblem(f.get("/api/v1/images/sha256:" + "b".repeat(64), dev), 404);
        assertProblem(f.get("/api/v1/images?limit=100000", dev), 400);
        assertProblem(f.get("/api/v1/nothing-here", dev), 404);
    }

    @Test
    void policyPutIsValidatedVersionedAndAudited() throws Exception {
        String security = f.token(Role.SECURITY);
        String viewer = f.token(Role.VIEWER);
        assertProblem(f.get("/api/v1/policy", viewer), 404);
        HttpResponse<String> bad = f.send("PUT", "/api/v1/policy", security, "version: 1\npolicies: []\n".getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertProblem(bad, 400);
        assertThat(f.json(bad).path("detail").asText()).contains("at least one policy");
        String yaml = "version: 1\npolicies:\n  - id: no-critical\n    type: vulnerabilities\n    severities: [critical]\n";
        HttpResponse<String> put = f.send("PUT", "/api/v1/policy", security, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(f.json(put).path("version").asInt()).isEqualTo(1);
        HttpResponse<String> got = f.get("/api/v1/policy", viewer);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(yaml);
        String etag = got.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> cached = f.send("GET", "/api/v1/policy", viewer, null, null);
        assertThat(cached.headers().firstValue("ETag")).contains(etag);
        var conditional = f.http.send(java.net.http.HttpRequest.newBuilder(f.uri("/api/v1/policy")).header("Authorization", "Bearer " + viewer)
                .header("If-None-Match", etag).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(conditional.statusCode()).isEqualTo(304);
        f.send("PUT", "/api/v1/policy", security, (yaml + "  - id: no-high\n    type: vulnerabilities\n    severities: [high]\n")
                .getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(f.json(f.get("/api/v1/policy/versions", viewer)).path("items")).extracting(n -> n.path("version").asInt()).containsExactly(2, 1);
        assertThat(f.get("/api/v1/policy/versions/1", viewer).body()).isEqualTo(yaml);

        JsonNode audit = f.json(f.get("/api/v1/audit?type=policy", security));
        assertThat(audit.path("items")).hasSize(2);
        JsonNode latest = audit.path("items").get(0);
        assertThat(latest.path("action").asText()).isEqualTo("policy.publish");
        assertThat(latest.path("actor").asText()).startsWith("test-security");
        assertThat(latest.path("before").path("yaml").asText()).isEqualTo(yaml);
        assertThat(latest.path("after").path("version").asInt()).isEqualTo(2);
        // the audit log cannot be changed through the API
        assertProblem(f.send("DELETE", "/api/v1/audit", security, null, null), 405);
        assertProblem(f.send("POST", "/api/v1/audit", security, "{}".getBytes(StandardCharsets.UTF_8), "application/json"), 405);
    }

    @Test
    void vexStatementsSuppressFindingsOnTheNextPushAndExportAsOneOpenVexDocument() throws Exception {
        String security = f.token(Role.SECURITY);
        String dev = f.token(Role.DEVELOPER);
        String vex = """
                {"@context":"https://openvex.dev/ns/v0.2.0","@id":"urn:uuid:1","author":"sec","timestamp":"2026-12-01T00:00:00Z","version":1,
                 "statements":[{"vulnerability":{"name":"CVE-2022-0456"},"products":[{"@id":"pkg:deb/debian/chromium@97.0.4692.99-1?arch=amd64&distro=debian-12"}],
                 "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}
                """;
        HttpResponse<String> created = f.send("POST", "/api/v1/vex", security, vex.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> invalid = f.send("POST", "/api/v1/vex", security, vex.replace(",\"justification\":\"vulnerable_code_not_in_execute_path\"", "")
                .getBytes(StandardCharsets.UTF_8), "application/json");
        assertProblem(invalid, 400);
        f.send("POST", "/api/v1/images", dev, TestImages.pushBody(TestImages.debian(DIGEST_A, "5.8.0-1", null), "shop/app", List.of("1.0"), f.json),
                "application/json");
        JsonNode findings = f.json(f.get("/api/v1/images/sha256:" + DIGEST_A + "/findings", dev));
        assertThat(findFirst(findings.path("items"), "CVE-2022-0456").path("suppressed").asBoolean()).isTrue();
        assertThat(findFirst(findings.path("items"), "CVE-2025-53603").path("suppressed").asBoolean()).isFalse();
        HttpResponse<String> export = f.get("/api/v1/vex/openvex", dev);
        JsonNode doc = f.json(export);
        assertThat(doc.path("@context").asText()).isEqualTo("https://openvex.dev/ns/v0.2.0");
        assertThat(doc.path("statements")).hasSize(1);
        assertThat(f.get("/api/v1/vex/openvex", dev).body()).isEqualTo(export.body());
        assertThat(f.json(f.get("/api/v1/audit?type=vex", security)).path("items")).hasSize(1);
    }

    @Test
    void hostileStringsFromImagesAreDataInEveryResponse() throws Exception {
        String dev = f.token(Role.DEVELOPER);
        String hostile = "<script>alert(1)</script>\u001b[31m\u202e";
        HttpResponse<String> pushed = f.send("POST", "/api/v1/images", dev,
                TestImages.pushBody(TestImages.debian(DIGEST_A, "5.8.0-1", hostile), "shop/app", List.of("1.0"), f.json), "application/json");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        HttpResponse<String> html = f.get("/api/v1/images/sha256:" + DIGEST_A + "/report?format=html", dev);
        assertThat(html.body()).doesNotContain("<script>alert(1)").doesNotContain("\u001b[");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        HttpResponse<String> sbom = f.get("/api/v1/images/sha256:" + DIGEST_A + "/sbom", dev);
        // JSON carries the name as data (escaped control characters), the response is JSON, never HTML
        assertThat(sbom.headers().firstValue("Content-Type").orElse("")).contains("json");
        assertThat(sbom.body()).doesNotContain("\u001b");
        assertThat(f.json(sbom).toString()).contains("alert(1)");
        HttpResponse<String> table = f.get("/api/v1/images/sha256:" + DIGEST_A + "/report?format=table", dev);
        assertThat(table.body()).doesNotContain("\u001b[31m");
    }

    @Test
    void tokensAreShownOnceStoredHashedAndRevocable() throws Exception {
        String admin = f.token(Role.ADMIN);
        HttpResponse<String> made = f.send("POST", "/api/v1/tokens", admin, "{\"name\":\"ci\",\"role\":\"developer\"}".getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String token = f.json(made).path("token").asText();
        assertThat(token).startsWith("wdn_").hasSize(4 + 43);
        String id = f.json(made).path("id").asText();
        assertThat(f.get("/api/v1/images", token).statusCode()).isEqualTo(200);
        assertThat(f.get("/api/v1/tokens", admin).body()).doesNotContain(token);
        String stored = new Transactions(f.database).read(c -> {
            try (var ps = c.prepareStatement("SELECT token_hash FROM api_token WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(stored).isEqualTo(Sha256.hex(token)).doesNotContain(token.substring(4));
        assertThat(f.send("DELETE", "/api/v1/tokens/" + id, admin, null, null).statusCode()).isEqualTo(204);
        assertProblem(f.get("/api/v1/images", token), 401);
        assertThat(f.json(f.get("/api/v1/audit?type=token", admin)).path("items")).extracting(n -> n.path("action").asText())
                .contains("token.create", "token.revoke");
    }

    @Test
    void listsArePagedAndFiltered() throws Exception {
        String dev = f.token(Role.DEVELOPER);
        for (String hex : List.of(DIGEST_A, "e".repeat(64), "f".repeat(64))) {
            f.send("POST", "/api/v1/images", dev, TestImages.pushBody(TestImages.debian(hex, "5.8.0-1", null), "shop/" + hex.charAt(0),
                    List.of("1.0"), f.json), "application/json");
        }
        JsonNode first = f.json(f.get("/api/v1/images?limit=2", dev));
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("next").asInt()).isEqualTo(2);
        JsonNode second = f.json(f.get("/api/v1/images?limit=2&offset=2", dev));
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("next").isNull()).isTrue();
        List<String> all = new ArrayList<>();
        first.path("items").forEach(n -> all.add(n.path("digest").asText()));
        second.path("items").forEach(n -> all.add(n.path("digest").asText()));
        assertThat(all).doesNotHaveDuplicates().hasSize(3);
        assertThat(f.json(f.get("/api/v1/images?verdict=violated", dev)).path("items")).hasSize(3);
        assertThat(f.json(f.get("/api/v1/images?verdict=compliant", dev)).path("items")).isEmpty();
        String grade = first.path("items").get(0).path("grade").asText();
        assertThat(f.json(f.get("/api/v1/images?grade=" + grade, dev)).path("items")).hasSize(3);
        assertThat(f.json(f.get("/api/v1/images?tag=1.0&repository=shop/e", dev)).path("items")).hasSize(1);
        assertProblem(f.get("/api/v1/images?grade=Z", dev), 400);
        assertProblem(f.get("/api/v1/images?offset=-1", dev), 400);
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        assertThat(f.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(f.get("/readyz", null).statusCode()).isEqualTo(200);
        f.get("/api/v1/images", null);
        HttpResponse<String> metrics = f.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("warden_http_requests_seconds_count").contains("jvm_memory_used_bytes");
    }

    static JsonNode findFirst(JsonNode items, String id) {
        for (JsonNode n : items) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no finding " + id + " in " + items);
    }

    static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (status != 304) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode n = ServerJson.mapper().readTree(response.body());
            assertThat(n.path("status").asInt()).isEqualTo(status);
            assertThat(n.path("title").asText()).isNotEmpty();
            assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }
}
