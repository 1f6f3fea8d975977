package dev.warden.server;

import static dev.warden.server.ServerApiTest.assertProblem;
import static dev.warden.server.ServerApiTest.findFirst;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VEX desk over real HTTP on a real SQLite database, matching with the shipped advisory snapshot: a developer
 * proposes, the security role approves (the stored images it matches are re-judged at once, and laptops get it through
 * the export) or rejects; a developer cannot decide; past its review date a statement stops applying and an alert says so.
 */
class VexDeskTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final String CHROMIUM = "pkg:deb/debian/chromium@97.0.4692.99-1?arch=amd64&distro=debian-12";

    @TempDir
    Path home;
    ServerFixture f;
    String dev;
    String security;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture(home, null);
        dev = f.token(Role.DEVELOPER);
        security = f.token(Role.SECURITY);
        for (String digest : List.of(A, B)) {
            f.pushDebian(dev, digest, "shop/app-" + digest.charAt(0));
        }
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private ObjectNode proposal(String product, String subcomponent) {
        ObjectNode n = f.json.createObjectNode();
        n.put("vulnerability", "CVE-2022-0456");
        n.putArray("products").add(product);
        if (subcomponent != null) {
            n.putArray("subcomponents").add(subcomponent);
        }
        n.put("status", "not_affected");
        n.put("justification", "vulnerable_code_not_in_execute_path");
        n.put("impactStatement", "the browser is only used headless to render our own reports");
        n.put("image", "sha256:" + A);
        return n;
    }

    private HttpResponse<String> post(String path, String token, Object body) throws Exception {
        return f.send("POST", path, token, body == null ? null : f.json.writeValueAsBytes(body), "application/json");
    }

    private boolean suppressed(String digest, String id) throws Exception {
        return findFirst(f.json(f.get("/api/v1/images/sha256:" + digest + "/findings", dev)).path("items"), id).path("suppressed").asBoolean();
    }

    private int history(String digest) throws Exception {
        return f.json(f.get("/api/v1/images/sha256:" + digest + "/history", dev)).path("items").size();
    }

    private String export() throws Exception {
        return f.get("/api/v1/vex/openvex", dev).body();
    }

    @Test
    void proposeThenApproveAppliesAtOnceToTheImagesItMatchesAndToTheExport() throws Exception {
        String exportBefore = export();
        HttpResponse<String> proposed = post("/api/v1/vex/proposals", dev, proposal("sha256:" + A, CHROMIUM));
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
        JsonNode p = f.json(proposed);
        String id = p.path("id").asText();
        assertThat(p.path("state").asText()).isEqualTo("proposed");
        assertThat(p.path("createdBy").asText()).startsWith("test-developer");
        assertThat(p.path("image").asText()).isEqualTo("sha256:" + A);

        // a proposal applies nowhere: not to the stored image, not to laptops
        assertThat(suppressed(A, "CVE-2022-0456")).isFalse();
        assertThat(export()).isEqualTo(exportBefore).doesNotContain("CVE-2022-0456");
        assertThat(f.json(f.get("/api/v1/vex?state=proposed", dev)).path("items")).extracting(n -> n.path("id").asText()).containsExactly(id);
        assertThat(f.json(f.get("/api/v1/vex?state=approved", dev)).path("items")).isEmpty();

        // the developer cannot decide, even on their own proposal
        assertProblem(post("/api/v1/vex/statements/" + id + "/approve", dev, null), 403);
        assertProblem(post("/api/v1/vex/statements/" + id + "/reject", dev, java.util.Map.of("comment", "no")), 403);

        int historyA = history(A);
        int scoreB = f.json(f.get("/api/v1/images/sha256:" + B, dev)).path("score").asInt();
        HttpResponse<String> approved = post("/api/v1/vex/statements/" + id + "/approve", security,
                java.util.Map.of("comment", "agreed: chromium is never given untrusted pages"));
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode a = f.json(approved);
        assertThat(a.path("state").asText()).isEqualTo("approved");
        assertThat(a.path("decidedBy").asText()).startsWith("test-security");
        assertThat(a.path("comment").asText()).isEqualTo("agreed: chromium is never given untrusted pages");
        // the statement names image A only: A is re-judged, B (same package, same CVE) is not touched
        assertThat(a.path("rejudged").path("digests")).extracting(JsonNode::asText).containsExactly("sha256:" + A);
        assertThat(suppressed(A, "CVE-2022-0456")).isTrue();
        assertThat(suppressed(A, "CVE-2025-53603")).isFalse();
        assertThat(suppressed(B, "CVE-2022-0456")).isFalse();
        assertThat(history(A)).isEqualTo(historyA + 1);
        // (the monitor may judge B again on the new VEX revision, as it does for a statement naming no packages: nothing moves)
        assertThat(f.json(f.get("/api/v1/images/sha256:" + B, dev)).path("score").asInt()).isEqualTo(scoreB);
        JsonNode latest = f.json(f.get("/api/v1/images/sha256:" + A + "/history", dev)).path("items").get(0);
        assertThat(latest.path("cause").asText()).isEqualTo("vex");
        assertThat(latest.path("summary").path("suppressed").asInt()).isEqualTo(1);

        // laptops get it: the export now holds the statement, with its decision time as timestamp
        JsonNode doc = f.json.readTree(export());
        assertThat(doc.path("statements")).hasSize(1);
        assertThat(doc.path("statements").get(0).path("vulnerability").path("name").asText()).isEqualTo("CVE-2022-0456");
        assertThat(doc.path("statements").get(0).path("timestamp").asText()).isEqualTo(Instant.parse(a.path("decidedAt").asText()).toString());

        // decided once: a second decision is a conflict
        assertProblem(post("/api/v1/vex/statements/" + id + "/reject", security, java.util.Map.of("comment", "changed my mind")), 409);

        List<String> actions = f.json(f.get("/api/v1/audit?type=vex", security)).path("items").findValuesAsText("action");
        assertThat(actions).containsExactly("vex.approve", "vex.propose");
        JsonNode approveEntry = f.json(f.get("/api/v1/audit?type=vex", security)).path("items").get(0);
        assertThat(approveEntry.path("before").path("state").asText()).isEqualTo("proposed");
        assertThat(approveEntry.path("after").path("state").asText()).isEqualTo("approved");
    }

    @Test
    void aPackageWideStatementMatchesEveryImageHoldingThePackage() throws Exception {
        String id = f.json(post("/api/v1/vex/proposals", dev, proposal("pkg:deb/debian/chromium", null))).path("id").asText();
        JsonNode a = f.json(post("/api/v1/vex/statements/" + id + "/approve", security, null));
        assertThat(a.path("rejudged").path("digests")).extracting(JsonNode::asText).containsExactlyInAnyOrder("sha256:" + A, "sha256:" + B);
        // the images still violate the default policies for their other findings: suppressed, but no verdict moved
        assertThat(a.path("rejudged").path("images").asInt()).isEqualTo(2);
        assertThat(suppressed(A, "CVE-2022-0456")).isTrue();
        assertThat(suppressed(B, "CVE-2022-0456")).isTrue();
    }

    @Test
    void aRejectedProposalNeverApplies() throws Exception {
        String exportBefore = export();
        String id = f.json(post("/api/v1/vex/proposals", dev, proposal("pkg:deb/debian/chromium", null))).path("id").asText();
        int historyA = history(A);
        assertProblem(post("/api/v1/vex/statements/" + id + "/reject", security, null), 400);
        HttpResponse<String> rejected = post("/api/v1/vex/statements/" + id + "/reject", security,
                java.util.Map.of("comment", "chromium renders customer uploads: the code path is reachable"));
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(f.json(rejected).path("state").asText()).isEqualTo("rejected");
        assertThat(suppressed(A, "CVE-2022-0456")).isFalse();
        assertThat(history(A)).isEqualTo(historyA);
        assertThat(export()).isEqualTo(exportBefore);
        assertThat(f.json(f.get("/api/v1/vex?state=rejected", dev)).path("items")).hasSize(1);
        assertProblem(post("/api/v1/vex/statements/" + id + "/approve", security, null), 409);
        assertThat(f.json(f.get("/api/v1/audit?type=vex", security)).path("items").findValuesAsText("action")).containsExactly("vex.reject", "vex.propose");
    }

    @Test
    void pastItsReviewDateAStatementStopsApplyingAndAnAlertSaysSo() throws Exception {
        ObjectNode body = proposal("pkg:deb/debian/chromium", null);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        body.put("reviewDate", today.plusDays(30).toString());
        String id = f.json(post("/api/v1/vex/proposals", dev, body)).path("id").asText();
        // the security role shortens it when approving
        JsonNode a = f.json(post("/api/v1/vex/statements/" + id + "/approve", security, java.util.Map.of("reviewDate", today.toString())));
        assertThat(a.path("reviewDate").asText()).isEqualTo(today.toString());
        assertThat(suppressed(A, "CVE-2022-0456")).isTrue();
        assertThat(f.server.vexDesk().reviewSweep(Instant.now()).expired()).as("the review date is today: it still applies").isEmpty();

        // time passes: the review date is now the day before yesterday
        long past = today.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        new Transactions(f.database).inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE vex_statement SET review_date = ? WHERE id = ?")) {
                ps.setLong(1, past);
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
        // it stops applying at once for laptops and new pushes, before any sweep
        assertThat(f.json.readTree(export()).path("statements")).isEmpty();
        assertThat(f.json(f.get("/api/v1/vex/statements/" + id, dev)).path("state").asText()).isEqualTo("expired");

        VexDesk.Sweep sweep = f.server.vexDesk().reviewSweep(Instant.now());
        if (sweep.expired().isEmpty()) {
            // the server's own scheduled sweep took it first (it runs every minute): wait for its re-judging
            long until = System.nanoTime() + 60_000_000_000L;
            while ((suppressed(A, "CVE-2022-0456") || suppressed(B, "CVE-2022-0456")) && System.nanoTime() < until) {
                Thread.sleep(200);
            }
        } else {
            assertThat(sweep.expired()).extracting(VexStore.Stored::id).containsExactly(id);
            assertThat(sweep.rejudged().images()).extracting(ImageStore.Rejudged::digest).containsExactlyInAnyOrder("sha256:" + A, "sha256:" + B);
        }
        assertThat(suppressed(A, "CVE-2022-0456")).isFalse();
        assertThat(suppressed(B, "CVE-2022-0456")).isFalse();
        // once: a second sweep (another replica, the next minute) finds nothing to do
        assertThat(f.server.vexDesk().reviewSweep(Instant.now()).expired()).isEmpty();
        assertThat(f.json(f.get("/api/v1/vex?state=expired", dev)).path("items")).extracting(n -> n.path("id").asText()).containsExactly(id);

        assertThat(f.json(f.get("/api/v1/audit?type=vex", security)).path("items").findValuesAsText("action")).containsOnlyOnce("vex.expire");
        // the alert: one per image the statement covered, once
        JsonNode alerts = f.json(f.get("/api/v1/alerts?kind=vex_review_passed", security)).path("items");
        assertThat(alerts).extracting(n -> n.path("digest").asText()).containsExactlyInAnyOrder("sha256:" + A, "sha256:" + B);
        assertThat(alerts.get(0).path("advisories")).extracting(JsonNode::asText).containsExactly("CVE-2022-0456");
    }

    @Test
    void proposalsAreCheckedBeforeTheyAreStored() throws Exception {
        ObjectNode noJustification = proposal("pkg:deb/debian/chromium", null);
        noJustification.remove("justification");
        noJustification.remove("impactStatement");
        assertThat(f.json(post("/api/v1/vex/proposals", dev, noJustification)).path("detail").asText()).contains("justification");
        ObjectNode badProduct = proposal("chromium", null);
        assertProblem(post("/api/v1/vex/proposals", dev, badProduct), 400);
        ObjectNode badStatus = proposal("pkg:deb/debian/chromium", null);
        badStatus.put("status", "fine");
        assertProblem(post("/api/v1/vex/proposals", dev, badStatus), 400);
        ObjectNode past = proposal("pkg:deb/debian/chromium", null);
        past.put("reviewDate", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        assertProblem(post("/api/v1/vex/proposals", dev, past), 400);
        ObjectNode far = proposal("pkg:deb/debian/chromium", null);
        far.put("reviewDate", LocalDate.now(ZoneOffset.UTC).plusYears(5).toString());
        assertProblem(post("/api/v1/vex/proposals", dev, far), 400);
        ObjectNode hostile = proposal("pkg:deb/debian/chromium", null);
        hostile.put("impactStatement", "fine\u001b[2J\u202e");
        assertProblem(post("/api/v1/vex/proposals", dev, hostile), 400);
        ObjectNode unknownImage = proposal("pkg:deb/debian/chromium", null);
        unknownImage.put("image", "sha256:" + "9".repeat(64));
        assertProblem(post("/api/v1/vex/proposals", dev, unknownImage), 400);
        ObjectNode huge = proposal("pkg:deb/debian/chromium", null);
        huge.put("impactStatement", "x".repeat(ServerLimits.MAX_VEX_TEXT_CHARS + 1));
        assertProblem(post("/api/v1/vex/proposals", dev, huge), 400);
        assertProblem(f.send("POST", "/api/v1/vex/proposals", dev, "[1]".getBytes(StandardCharsets.UTF_8), "application/json"), 400);
        assertProblem(post("/api/v1/vex/statements/no-such-id/approve", security, null), 404);
        assertProblem(f.get("/api/v1/vex?state=maybe", dev), 400);
        // nothing was stored by any of them
        assertThat(f.json(f.get("/api/v1/vex", dev)).path("items")).isEmpty();
        assertThat(f.json(f.get("/api/v1/audit?type=vex", security)).path("items")).isEmpty();
    }
}
