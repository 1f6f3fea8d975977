package dev.warden.server;

import static dev.warden.server.MonitorStory.A;
import static dev.warden.server.MonitorStory.B;
import static dev.warden.server.MonitorStory.C;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deleting stored images, run on SQLite (ImageDeletionTest) and PostgreSQL (ImageDeletionPostgresTest): A and B hold
 * the same packages (so the same match_package documents), C has two of its own. Deleting C takes every row of it,
 * its two documents included: each table's count goes back to what it was before C was pushed. Deleting A takes
 * no document (B names them all); an advisory for a package both held, imported afterwards by another process, then
 * re-judges B from those shared documents. Deleting B, the last, leaves no row of any image.
 */
final class ImageDeletionStory {
    /** The tables that hold an image's rows; tag_history, alerts and the audit log are records and stay. */
    static final List<String> TABLES = List.of("image", "image_tag", "image_package", "image_advisory_key", "match_package", "finding", "judgement");

    private ImageDeletionStory() {}

    static void run(ServerFixture f, String db, Path work) throws Exception {
        String admin = f.token(Role.ADMIN);
        String security = f.token(Role.SECURITY);
        MonitorStory.push(f, admin, A, "5.8.0-1", "wardenfoo");
        MonitorStory.push(f, admin, B, "5.8.0-1", "wardenfoo");
        MonitorStory.await(() -> MonitorStory.count(f, "SELECT COUNT(*) FROM monitor_cursor") == 3, Duration.ofSeconds(30), "the monitor starts following");
        Map<String, Long> withAB = counts(f);
        assertThat(withAB.get("match_package")).as("A and B share their package documents").isEqualTo(3);

        MonitorStory.push(f, admin, C, "5.8.0-1+deb12u1", "wardenbar");
        Map<String, Long> withC = counts(f);
        assertThat(withC.get("match_package")).as("C's own sope and wardenbar").isEqualTo(5);

        assertThat(f.send("DELETE", "/api/v1/images/sha256:" + C, security, null, null).statusCode()).isEqualTo(403);
        HttpResponse<String> deleted = f.send("DELETE", "/api/v1/images/sha256:" + C, admin, null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        JsonNode removed = f.json(deleted);
        assertThat(removed.path("repository").asText()).isEqualTo("shop/c");
        assertThat(removed.path("tags")).extracting(JsonNode::asText).containsExactly("1.0");
        assertThat(removed.path("removed").path("matchPackages").asLong()).isEqualTo(2);
        assertThat(removed.path("removed").path("advisoryKeys").asLong()).isEqualTo(withC.get("image_advisory_key") - withAB.get("image_advisory_key"));
        assertThat(removed.path("removed").path("judgements").asLong()).isPositive();
        assertThat(counts(f)).isEqualTo(withAB);
        assertThat(dangling(f)).isEmpty();
        assertThat(f.get("/api/v1/images/sha256:" + C, admin).statusCode()).isEqualTo(404);
        assertThat(f.send("DELETE", "/api/v1/images/sha256:" + C, admin, null, null).statusCode()).isEqualTo(404);
        JsonNode audit = f.json(f.get("/api/v1/audit?type=image", admin)).path("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).path("action").asText()).isEqualTo("image.delete");
        assertThat(audit.get(0).path("objectId").asText()).isEqualTo("sha256:" + C);

        // A goes; B names every document A did, so none goes with it
        int b0 = MonitorStory.history(f, admin, B).size();
        HttpResponse<String> deletedA = f.send("DELETE", "/api/v1/images/sha256:" + A, admin, null, null);
        assertThat(deletedA.statusCode()).as(deletedA.body()).isEqualTo(200);
        assertThat(f.json(deletedA).path("removed").path("matchPackages").asLong()).isZero();
        Map<String, Long> withB = counts(f);
        assertThat(withB.get("match_package")).isEqualTo(3);
        assertThat(withB.get("image")).isEqualTo(1);
        assertThat(withB.get("image_advisory_key")).isEqualTo(withAB.get("image_advisory_key") / 2);
        assertThat(dangling(f)).isEmpty();

        // another process adds an advisory for wardenfoo: B, matched from the documents it shared with A, is re-judged
        Path dir = Files.createDirectories(work.resolve("advisories"));
        Files.writeString(dir.resolve(MonitorStory.ADVISORY + ".json"), MonitorStory.record(null));
        ExternalImport.run("import", f.home.toString(), db, dir.toString());
        MonitorStory.await(() -> !MonitorStory.alerts(f, admin, B).isEmpty(), MonitorStory.NOTICED_WITHIN, "the new advisory's alerts on B");
        List<JsonNode> history = MonitorStory.history(f, admin, B);
        assertThat(history).hasSize(b0 + 1);
        assertThat(history.get(0).path("cause").asText()).isEqualTo("advisories");
        assertThat(history.get(0).path("causeDetail").path("newFindings")).extracting(JsonNode::asText).containsExactly(MonitorStory.KEV_ALIAS);
        JsonNode findings = f.json(f.get("/api/v1/images/sha256:" + B + "/findings?limit=500", admin)).path("items");
        assertThat(MonitorStory.findings(findings, MonitorStory.KEV_ALIAS)).singleElement()
                .satisfies(n -> assertThat(n.path("package").asText()).isEqualTo("wardenfoo"));
        assertThat(MonitorStory.alerts(f, admin, A)).isEmpty();
        assertThat(MonitorStory.count(f, "SELECT COUNT(*) FROM finding WHERE digest = 'sha256:" + A + "'")).isZero();

        // B, the last image: no row of any image stays
        assertThat(f.send("DELETE", "/api/v1/images/sha256:" + B, admin, null, null).statusCode()).isEqualTo(200);
        assertThat(counts(f)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        assertThat(MonitorStory.count(f, "SELECT COUNT(*) FROM tag_history WHERE change_kind = 'deleted'")).isEqualTo(3);
    }

    /**
     * On PostgreSQL a push of another image holding a package document only the deleted image held may be under way
     * beside the deletion: it has written its index row naming the document and found the document there (its
     * {@code INSERT ... ON CONFLICT DO NOTHING} takes no row lock), and has not committed. The test holds such a
     * transaction open, with the statements the push path runs, while it asks for the deletion: the deletion must wait
     * for it, then see its reference and keep the document. (Without waiting it would not see the uncommitted row, take
     * the document, and the push's commit would leave its index naming a document that is not stored.)
     */
    static void aPushUnderWayKeepsTheDocumentItShares(ServerFixture f) throws Exception {
        String admin = f.token(Role.ADMIN);
        String y = String.format("%064x", 0xA1);
        pushShared(f, admin, y, "underway");
        String[] key;
        try (java.sql.Connection c = f.database.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT k.purl_type, k.name, k.packages FROM image_advisory_key k JOIN image i ON i.id = k.image_id "
                     + "WHERE i.digest = 'sha256:" + y + "' AND k.name = 'underway'")) {
            assertThat(rs.next()).isTrue();
            key = new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection push = f.database.connect()) {
            push.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = push.prepareStatement("INSERT INTO image_advisory_key (image_id, purl_type, name, packages) "
                    + "VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, UNDERWAY_IMAGE_KEY); // the key the push's own new image row took earlier in its transaction
                ps.setString(2, key[0]);
                ps.setString(3, key[1]);
                ps.setString(4, key[2]);
                ps.executeUpdate();
            }
            try (java.sql.PreparedStatement ps = push.prepareStatement("INSERT INTO match_package (id, doc) VALUES (?, '{}') ON CONFLICT DO NOTHING")) {
                ps.setString(1, key[2]);
                assertThat(ps.executeUpdate()).as("the document is there: the push writes nothing").isZero();
            }
            var deleting = pool.submit(() -> f.send("DELETE", "/api/v1/images/sha256:" + y, admin, null, null).statusCode());
            Thread.sleep(1500);
            assertThat(deleting.isDone()).as("the deletion waits for the transaction writing match_package").isFalse();
            push.commit();
            assertThat(deleting.get()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(dangling(f)).as("documents the index names that are not stored").isEmpty();
        assertThat(MonitorStory.count(f, "SELECT COUNT(*) FROM match_package WHERE id = '" + key[2] + "'")).isEqualTo(1);
        assertThat(MonitorStory.count(f, "SELECT COUNT(*) FROM image WHERE digest = 'sha256:" + y + "'")).isZero();
    }

    /** The image key of the push held open: one no stored image has, as a new image's would be. */
    static final long UNDERWAY_IMAGE_KEY = 1_000_000;

    private static void pushShared(ServerFixture f, String token, String digestHex, String extra) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/images", token, TestImages.pushBody(TestImages.debian(digestHex, "5.8.0-1", extra),
                "shop/race", List.of(digestHex.substring(58)), f.json), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** The match_package ids some image's lookup keys name that are not stored. */
    static java.util.Set<String> dangling(ServerFixture f) throws java.sql.SQLException {
        java.util.Set<String> named = new java.util.TreeSet<>();
        java.util.Set<String> stored = new java.util.HashSet<>();
        try (java.sql.Connection c = f.database.connect(); java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT packages FROM image_advisory_key WHERE packages IS NOT NULL")) {
                while (rs.next()) {
                    for (String id : rs.getString(1).split(" ")) {
                        if (!id.isEmpty()) {
                            named.add(id);
                        }
                    }
                }
            }
            try (java.sql.ResultSet rs = st.executeQuery("SELECT id FROM match_package")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        named.removeAll(stored);
        return named;
    }

    static Map<String, Long> counts(ServerFixture f) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            out.put(table, MonitorStory.count(f, "SELECT COUNT(*) FROM " + table));
        }
        return out;
    }
}
