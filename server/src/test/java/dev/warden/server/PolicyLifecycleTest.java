package dev.warden.server;

import static dev.warden.server.ServerApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy file's lifecycle over real HTTP on a real SQLite database: a preview names the stored images a file would
 * change and stores nothing, and what it predicts is what publishing then stores; publishing re-judges every stored
 * image; history diffs are the same hunks GNU diff writes; rollback publishes an old text as a new version.
 */
class PolicyLifecycleTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    /** The test images' packages are GPL-2.0-only: this file passes them... */
    static final String LENIENT = """
            version: 1
            policies:
              - id: licences
                type: licenses
                deny: [AGPL-3.0-only]
            """;
    /** ...and this one fails them, with one more policy. */
    static final String STRICT = """
            version: 1
            policies:
              - id: licences
                type: licenses
                deny: [GPL-2.0-only, AGPL-3.0-only]
              - id: non-root
                type: non_root
            """;

    @TempDir
    Path home;
    ServerFixture f;
    String security;
    String viewer;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture(home, null);
        security = f.token(Role.SECURITY);
        viewer = f.token(Role.VIEWER);
        String dev = f.token(Role.DEVELOPER);
        for (String digest : List.of(A, B)) {
            f.pushDebian(dev, digest, "shop/app-" + digest.charAt(0));
        }
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return f.send(method, path, security, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/yaml");
    }

    private JsonNode image(String digest) throws Exception {
        return f.json(f.get("/api/v1/images/sha256:" + digest, viewer));
    }

    private int history(String digest) throws Exception {
        return f.json(f.get("/api/v1/images/sha256:" + digest + "/history", viewer)).path("items").size();
    }

    private static JsonNode item(JsonNode preview, String digest) {
        for (JsonNode n : preview.path("items")) {
            if (n.path("digest").asText().equals("sha256:" + digest)) {
                return n;
            }
        }
        throw new AssertionError("no sha256:" + digest + " in " + preview);
    }

    @Test
    void previewPublishHistoryDiffAndRollback() throws Exception {
        String gradeBefore = image(A).path("grade").asText();
        assertThat(image(A).path("verdict").asText()).isEqualTo("violated"); // Scout's default set: the image runs as root

        // preview: both images would become compliant; nothing is stored
        HttpResponse<String> previewed = send("POST", "/api/v1/policy/preview", LENIENT);
        assertThat(previewed.statusCode()).as(previewed.body()).isEqualTo(200);
        JsonNode preview = f.json(previewed);
        assertThat(preview.path("stored").asInt()).isEqualTo(2);
        assertThat(preview.path("evaluated").asInt()).isEqualTo(2);
        assertThat(preview.path("complete").asBoolean()).isTrue();
        assertThat(preview.path("changed").asInt()).isEqualTo(2);
        JsonNode a = item(preview, A);
        assertThat(a.path("repository").asText()).isEqualTo("shop/app-a");
        assertThat(a.path("current").path("verdict").asText()).isEqualTo("violated");
        assertThat(a.path("current").path("grade").asText()).isEqualTo(gradeBefore);
        assertThat(a.path("proposed").path("verdict").asText()).isEqualTo("compliant");
        assertThat(a.path("policies").findValuesAsText("policyId")).contains("licences");
        assertThat(history(A)).isEqualTo(1);
        assertThat(f.json(f.get("/api/v1/policy/versions", viewer)).path("items")).isEmpty();

        // publish: every stored image is re-judged at once, to what the preview said
        HttpResponse<String> published = send("PUT", "/api/v1/policy?comment=licences%20only", LENIENT);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        assertThat(f.json(published).path("rejudged").path("images").asInt()).isEqualTo(2);
        assertThat(f.json(published).path("rejudged").path("changed").asInt()).isEqualTo(2);
        for (String digest : List.of(A, B)) {
            JsonNode stored = image(digest);
            assertThat(stored.path("verdict").asText()).isEqualTo("compliant");
            assertThat(stored.path("grade").asText()).isEqualTo(item(preview, digest).path("proposed").path("grade").asText());
            assertThat(stored.path("score").asInt()).isEqualTo(item(preview, digest).path("proposed").path("score").asInt());
            assertThat(stored.path("judgement").path("cause").asText()).isEqualTo("policy");
            assertThat(stored.path("judgement").path("policyVersion").asInt()).isEqualTo(1);
        }

        // a stricter file: the preview says which policy flips, and publishing agrees
        JsonNode strict = f.json(send("POST", "/api/v1/policy/preview", STRICT));
        JsonNode strictA = item(strict, A);
        assertThat(strictA.path("current").path("verdict").asText()).isEqualTo("compliant");
        assertThat(strictA.path("proposed").path("verdict").asText()).isEqualTo("violated");
        JsonNode licences = strictA.path("policies").get(0);
        assertThat(licences.path("policyId").asText()).isEqualTo("licences");
        assertThat(licences.path("current").asText()).isEqualTo("compliant");
        assertThat(licences.path("proposed").asText()).isEqualTo("violated");
        assertThat(send("PUT", "/api/v1/policy", STRICT).statusCode()).isEqualTo(201);
        assertThat(image(A).path("verdict").asText()).isEqualTo("violated");
        assertThat(image(A).path("grade").asText()).isEqualTo(strictA.path("proposed").path("grade").asText());

        // the same file again changes nothing: an empty preview
        JsonNode same = f.json(send("POST", "/api/v1/policy/preview", STRICT));
        assertThat(same.path("changed").asInt()).isZero();
        assertThat(same.path("items")).isEmpty();

        // history: the diff between versions is the one GNU diff -u writes
        HttpResponse<String> diff = f.get("/api/v1/policy/versions/2/diff", viewer);
        assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
        assertThat(diff.headers().firstValue("Content-Type").orElse("")).startsWith("text/x-diff");
        assertThat(diff.body()).startsWith("--- policy@v1\n+++ policy@v2\n");
        assertThat(hunks(diff.body())).isEqualTo(hunks(gnuDiff(LENIENT, STRICT)));
        assertThat(f.get("/api/v1/policy/versions/2/diff?from=2", viewer).body()).isEmpty();
        assertProblem(f.get("/api/v1/policy/versions/1/diff", viewer), 404);
        assertProblem(f.get("/api/v1/policy/versions/2/diff?from=x", viewer), 400);

        // rollback: version 1's text becomes version 3, the images are judged by it again
        HttpResponse<String> rolled = send("POST", "/api/v1/policy/versions/1/rollback?comment=too%20strict", null);
        assertThat(rolled.statusCode()).as(rolled.body()).isEqualTo(201);
        assertThat(f.json(rolled).path("version").asInt()).isEqualTo(3);
        assertThat(f.json(rolled).path("comment").asText()).isEqualTo("rollback to version 1: too strict");
        assertThat(f.get("/api/v1/policy", viewer).body()).isEqualTo(LENIENT);
        assertThat(image(A).path("verdict").asText()).isEqualTo("compliant");
        assertThat(f.get("/api/v1/policy/versions/3/diff?from=1", viewer).body()).isEmpty();
        assertProblem(send("POST", "/api/v1/policy/versions/3/rollback", null), 409);
        assertProblem(send("POST", "/api/v1/policy/versions/99/rollback", null), 404);
        assertProblem(f.send("POST", "/api/v1/policy/versions/1/rollback", viewer, null, null), 403);

        JsonNode audit = f.json(f.get("/api/v1/audit?type=policy", security)).path("items");
        assertThat(audit.findValuesAsText("action")).containsExactly("policy.rollback", "policy.publish", "policy.publish");
        assertThat(audit.get(0).path("after").path("rollbackOf").asInt()).isEqualTo(1);
        assertThat(audit.get(0).path("before").path("version").asInt()).isEqualTo(2);
    }

    @Test
    void aPreviewIsValidatedAsAPublishIsAndNeedsTheSecurityRole() throws Exception {
        String bad = "version: 1\npolicies:\n  - id: x\n    type: custom\n    rule: 'images.nope('\n";
        HttpResponse<String> preview = send("POST", "/api/v1/policy/preview", bad);
        HttpResponse<String> put = send("PUT", "/api/v1/policy", bad);
        assertProblem(preview, 400);
        assertProblem(put, 400);
        assertThat(f.json(preview).path("detail").asText()).isEqualTo(f.json(put).path("detail").asText());
        assertProblem(f.send("POST", "/api/v1/policy/preview", f.token(Role.DEVELOPER), LENIENT.getBytes(StandardCharsets.UTF_8), "application/yaml"), 403);
        assertThat(history(A)).isEqualTo(1);
    }

    /** The hunks of a unified diff: everything after its two header lines. */
    private static List<String> hunks(String diff) {
        List<String> lines = diff.lines().toList();
        return lines.subList(2, lines.size());
    }

    private Path write(String name, String text) throws Exception {
        Path p = home.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private String gnuDiff(String from, String to) throws Exception {
        Process p = new ProcessBuilder("diff", "-u", write("v1.yaml", from).toString(), write("v2.yaml", to).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        return out;
    }

    /**
     * The monitor's poll may see a new version and re-judge the images before the publishing call does: the answer
     * still counts the images the version changed (it said 0 when the monitor won, seen 2 times in 4 by hand).
     */
    @Test
    void publishingCountsWhatTheVersionChangedEvenWhenTheMonitorJudgedFirst() {
        var json = ServerJson.mapper();
        var tx = new Transactions(f.server.database());
        ImageStore images = new ImageStore(tx, json);
        Rejudging real = new JudgeStoredImages(f.server.monitoring().rejudger(), () -> { });
        Rejudging monitorFirst = (digests, cause) -> {
            real.rejudge(digests, cause);
            return real.rejudge(digests, cause);
        };
        PolicyDesk desk = new PolicyDesk(new PolicyStore(tx, json), null, images, monitorFirst);
        PolicyDesk.Published published = desk.publish(LENIENT.getBytes(StandardCharsets.UTF_8), "test-security", null);
        assertThat(published.rejudged().images()).hasSize(2);
        assertThat(published.rejudged().changed()).isEqualTo(2);
        assertThat(images.currentJudgement("sha256:" + A).orElseThrow().verdict()).isEqualTo("compliant");
    }
}
