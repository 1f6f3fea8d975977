package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental re-evaluation of advisory changes (the monitor matching again only the packages a change names,
 * {@link IncrementalJudge}) gives what a full re-judgement gives. Two servers hold the same images, policy and VEX;
 * each round imports the same random advisory changes (added, ranges changed, withdrawn, KEV added, severity changed)
 * into both; server A's monitor follows them incrementally, server B re-judges every image in full; then every
 * image's open and resolved findings, verdict, score, grade, policy results and the round's alerts must be equal.
 * A's stored SBOMs are destroyed after the pushes: had A read one back (the full path), its round would fail.
 */
class IncrementalRejudgeTest {
    static final int IMAGES = 16;
    static final int ROUNDS = 14;
    static final int POOL = 8;
    static final String[] VERSIONS = {"1.0", "1.5", "2.0", "3.0"};
    static final String[] VECTORS = {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N", null};
    static final String POLICY = """
            version: 1
            policies:
              - type: vulnerabilities
                severities: [critical, high]
                fixable_only: false
              - type: high_profile
              - type: non_root
              - type: licenses
            """;

    @TempDir
    Path work;

    @Test
    void onSqliteTheIncrementalPathEqualsAFullReJudgement() throws Exception {
        compare(null, null);
    }

    @Test
    @Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
    void onPostgresTheIncrementalPathEqualsAFullReJudgement() throws Exception {
        try (PostgresCluster pg = new PostgresCluster()) {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres", "postgres", "");
                 var s = c.createStatement()) {
                s.execute("CREATE DATABASE incremental");
                s.execute("CREATE DATABASE whole");
            }
            String base = "postgresql://postgres@127.0.0.1:" + pg.port + "/";
            compare(base + "incremental", base + "whole");
        }
    }

    /** One advisory of the test feed, as the model holds it. */
    record Advisory(String id, String cve, String pkg, String introduced, String fixed, String vector, boolean withdrawn) {
        String osv() {
            StringBuilder events = new StringBuilder("{\"introduced\":\"" + introduced + "\"}");
            if (fixed != null) {
                events.append(",{\"fixed\":\"").append(fixed).append("\"}");
            }
            return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"" + Instant.now() + "\",\"published\":\"2026-01-01T00:00:00Z\","
                    + "\"aliases\":[\"" + cve + "\"],"
                    + (withdrawn ? "\"withdrawn\":\"2026-12-01T00:00:00Z\"," : "")
                    + (vector == null ? "" : "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"" + vector + "\"}],")
                    + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"" + pkg + "\"},"
                    + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[" + events + "]}]}]}";
        }
    }

    /** One server: its advisory database, tables and the parts that re-judge. */
    record Server(VulnDb vulndb, ServerDatabase database, Transactions tx, ImageStore images, PolicyStore policies, VexStore vex,
                  ImageRejudger rejudger) implements AutoCloseable {
        static Server open(Path home, String url) {
            ObjectMapper json = ServerJson.mapper();
            VulnDb vulndb = VulnDb.of(home, url, true, n -> { });
            ServerDatabase database = ServerDatabase.open(vulndb);
            Transactions tx = new Transactions(database);
            ImageStore images = new ImageStore(tx, json);
            PolicyStore policies = new PolicyStore(tx, json);
            VexStore vex = new VexStore(tx);
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            return new Server(vulndb, database, tx, images, policies, vex, new ImageRejudger(vulndb, images, policies, vex, json, quiet));
        }

        void importChanges(Path dir, FeedKind kind, String feed) {
            try (AdvisoryStore store = vulndb.open(false)) {
                store.importFeed(feed, kind, false, null, x -> { }, sink -> FeedFormats.reader(kind).read(dir, sink));
            }
        }

        @Override
        public void close() {
            database.close();
        }
    }

    private void compare(String urlA, String urlB) throws Exception {
        Random random = new Random(20261207);
        Map<String, Advisory> feed = new LinkedHashMap<>();
        List<String> kev = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Advisory a = randomAdvisory(random, "INC-" + i);
            feed.put(a.id(), a);
        }
        ObjectMapper json = ServerJson.mapper();
        try (Server a = Server.open(work.resolve("a"), urlA); Server b = Server.open(work.resolve("b"), urlB)) {
            Path first = write(feed.values(), "round-0");
            // a KEV feed from the start: its first appearance changes every image's high_profile result (no data ->
            // compliant), which the monitor answers with a full re-judgement, and A cannot judge in full (no SBOMs)
            kev.add("CVE-2000-0001");
            Path firstKev = writeKev(kev, "kev-0");
            for (Server s : List.of(a, b)) {
                s.importChanges(first, FeedKind.OSV, "incremental-test");
                s.importChanges(firstKev, FeedKind.KEV, "incremental-kev");
                s.policies().publish(POLICY.getBytes(StandardCharsets.UTF_8), "test", "the differential test's policy");
                s.vex().create(vex(feed.get("INC-1").cve(), feed.get("INC-1").pkg()), "test");
            }
            List<String> digests = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                List<Package> packages = new ArrayList<>();
                java.util.Set<Integer> chosen = new java.util.TreeSet<>();
                while (chosen.size() < 4) {
                    chosen.add(random.nextInt(POOL));
                }
                for (int p : chosen) {
                    packages.add(pypi("inc-pkg-" + p, VERSIONS[random.nextInt(VERSIONS.length)]));
                }
                packages.add(pypi("inc-filler-" + i, "1.0"));
                String digest = "sha256:" + Sha256.hex(("incremental-" + i).getBytes(StandardCharsets.UTF_8));
                digests.add(digest);
                push(a, digest, "inc/app-" + (i % 5), packages, json);
                push(b, digest, "inc/app-" + (i % 5), packages, json);
            }
            a.tx().inTransaction(c -> { // A must never read an SBOM back: the incremental path reads the match index
                try (PreparedStatement ps = c.prepareStatement("UPDATE image SET sbom = ?")) {
                    ps.setBytes(1, new byte[] {0});
                    return ps.executeUpdate();
                }
            });
            assertThat(snapshot(a)).isEqualTo(snapshot(b));
            int alerts = 0;
            int resolved = 0;
            try (Monitor monitor = new Monitor(a.database(), a.vulndb(), a.images(), a.rejudger(), a.policies(), a.vex(), a.tx(), () -> { },
                    new Monitor.Timings(Duration.ofHours(1), Duration.ofMinutes(5), 5), "test",
                    new PrintStream(java.io.OutputStream.nullOutputStream()))) {
                monitor.start();
                MonitorStory.await(() -> count(a.database(), "SELECT COUNT(*) FROM monitor_cursor") == 3, Duration.ofSeconds(60), "the monitor's cursors");
                for (int round = 1; round <= ROUNDS; round++) {
                    List<Advisory> changed = new ArrayList<>();
                    List<String> kevAdded = new ArrayList<>();
                    int changes = 1 + random.nextInt(3);
                    for (int k = 0; k < changes; k++) {
                        change(random, feed, kev, changed, kevAdded, round, k);
                    }
                    long alertsBefore = count(a.database(), "SELECT COUNT(*) FROM alert");
                    long alertsBeforeB = count(b.database(), "SELECT COUNT(*) FROM alert");
                    if (!changed.isEmpty()) {
                        Path dir = write(changed, "round-" + round);
                        a.importChanges(dir, FeedKind.OSV, "incremental-test");
                        b.importChanges(dir, FeedKind.OSV, "incremental-test");
                    }
                    if (!kevAdded.isEmpty()) {
                        Path file = writeKev(kev, "kev-" + round);
                        a.importChanges(file, FeedKind.KEV, "incremental-kev");
                        b.importChanges(file, FeedKind.KEV, "incremental-kev");
                    }
                    long last = lastSeq(a);
                    monitor.poke();
                    MonitorStory.await(() -> count(a.database(), "SELECT position FROM monitor_cursor WHERE name = 'advisories'") == last,
                            Duration.ofSeconds(120), "round " + round + " followed");
                    ImageRejudger.Result full = b.rejudger().rejudge(digests, Cause.advisories(List.of(), Map.of("reason", "differential test")));
                    assertThat(full.failed()).isEmpty();
                    assertThat(snapshot(a)).as("round %d: %s %s", round, changed, kevAdded).isEqualTo(snapshot(b));
                    assertThat(alertsSince(a, alertsBefore)).as("round %d alerts", round).isEqualTo(alertsSince(b, alertsBeforeB));
                    alerts += (int) (count(a.database(), "SELECT COUNT(*) FROM alert") - alertsBefore);
                    resolved = (int) count(a.database(), "SELECT COUNT(*) FROM finding WHERE resolved_at IS NOT NULL");
                }
            }
            // the rounds were not idle: alerts were raised and findings came and went
            assertThat(alerts).isPositive();
            assertThat(resolved).isPositive();
        }
    }

    /** One random change to the feed (or KEV), into {@code changed} / {@code kevAdded}. */
    private static void change(Random random, Map<String, Advisory> feed, List<String> kev, List<Advisory> changed, List<String> kevAdded,
                               int round, int k) {
        List<Advisory> live = feed.values().stream().filter(x -> !x.withdrawn()).toList();
        int kind = live.isEmpty() ? 0 : random.nextInt(5);
        Advisory next = switch (kind) {
            case 0 -> randomAdvisory(random, "INC-" + round + "-" + k);
            case 1 -> { // ranges changed
                Advisory old = live.get(random.nextInt(live.size()));
                Advisory r = randomAdvisory(random, old.id());
                yield new Advisory(old.id(), old.cve(), old.pkg(), r.introduced(), r.fixed(), old.vector(), false);
            }
            case 2 -> { // withdrawn
                Advisory old = live.get(random.nextInt(live.size()));
                yield new Advisory(old.id(), old.cve(), old.pkg(), old.introduced(), old.fixed(), old.vector(), true);
            }
            case 3 -> { // KEV added
                Advisory old = live.get(random.nextInt(live.size()));
                if (!kev.contains(old.cve())) {
                    kev.add(old.cve());
                    kevAdded.add(old.cve());
                }
                yield null;
            }
            default -> { // severity changed
                Advisory old = live.get(random.nextInt(live.size()));
                yield new Advisory(old.id(), old.cve(), old.pkg(), old.introduced(), old.fixed(), VECTORS[random.nextInt(VECTORS.length)], false);
            }
        };
        if (next != null) {
            feed.put(next.id(), next);
            changed.removeIf(x -> x.id().equals(next.id()));
            changed.add(next);
        }
    }

    private static Advisory randomAdvisory(Random random, String id) {
        String introduced = random.nextBoolean() ? "0" : "1.0";
        String[] fixes = {"1.5", "2.0", "3.0", null};
        String fixed = fixes[random.nextInt(fixes.length)];
        String cve = "CVE-2026-" + (10000 + Math.abs(id.hashCode() % 89999));
        return new Advisory(id, cve, "inc-pkg-" + random.nextInt(POOL), introduced, fixed, VECTORS[random.nextInt(VECTORS.length)], false);
    }

    private static Package pypi(String name, String version) {
        String purl = "pkg:pypi/" + name + "@" + version;
        return new Package(purl, "pypi", null, name, version, purl, List.of("MIT"), List.of(), null, "test", null, Map.of());
    }

    /** Stores an image as a push does: the CycloneDX document read back, judged, stored with its match index. */
    private static void push(Server s, String digest, String repository, List<Package> packages, ObjectMapper json) throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(new Sbom(null, null, packages, List.of(), null), cdx);
        byte[] bytes = cdx.toByteArray();
        ImageFactsDocument facts = ImageFactsDocument.read(json.readTree("{}"), json);
        Sbom sbom = facts.applyTo(new SbomReader().read(bytes, "test SBOM"));
        PushedImage image = new PushedImage(digest, "content", repository, List.of("latest"), sbom, bytes, facts.write(json), facts.context());
        PolicyStore.Active active = s.policies().activeSet();
        try (AdvisoryStore store = s.vulndb().open(false)) {
            Judge.Outcome outcome = Judge.judge(sbom, facts.context(), active.set(), s.vex().approved(), store, s.vulndb().describe(store), Instant.now());
            s.images().store(image, outcome, active.version(), s.vex().revision(), "test", Cause.of("push"));
        }
    }

    private static byte[] vex(String suppressedCve, String affectedPackage) {
        return ("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/incremental\",\"author\":\"test\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":1,\"statements\":["
                + "{\"vulnerability\":{\"name\":\"" + suppressedCve + "\"},\"products\":[{\"@id\":\"pkg:pypi/" + affectedPackage + "@1.0\"},"
                + "{\"@id\":\"pkg:pypi/" + affectedPackage + "@1.5\"}],\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_present\"}"
                + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private Path write(java.util.Collection<Advisory> advisories, String name) throws java.io.IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (Advisory x : advisories) {
            Files.writeString(dir.resolve(x.id() + ".json"), x.osv());
        }
        return dir;
    }

    private Path writeKev(List<String> cves, String name) throws java.io.IOException {
        StringBuilder entries = new StringBuilder();
        for (String cve : cves) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"cveID\":\"").append(cve).append("\",\"vendorProject\":\"test\",\"product\":\"test\","
                    + "\"vulnerabilityName\":\"test\",\"dateAdded\":\"2026-06-01\",\"dueDate\":\"2026-07-01\",\"requiredAction\":\"update\","
                    + "\"knownRansomwareCampaignUse\":\"Unknown\",\"notes\":\"\"}");
        }
        Path file = work.resolve(name + ".json");
        Files.writeString(file, "{\"title\":\"test\",\"catalogVersion\":\"1\",\"count\":" + cves.size() + ",\"vulnerabilities\":[" + entries + "]}");
        return file;
    }

    /** Every image's state as a user sees it: verdict, score, grade, policy results, summary, findings open and resolved. */
    private static Map<String, String> snapshot(Server s) {
        return s.tx().read(c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.digest, i.verdict, i.grade, i.score, j.results, j.summary, j.policy_version, "
                    + "j.vex_revision FROM image i JOIN judgement j ON j.id = i.judgement_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + " judgement", String.join(" | ", rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, finding_key, resolved_at IS NULL, severity, kev, suppressed, vex_status, doc "
                    + "FROM finding");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean open = rs.getBoolean(3);
                    out.put(rs.getString(1) + " " + rs.getString(2), open ? String.join(" | ", "open", rs.getString(4), rs.getString(5),
                            rs.getString(6), String.valueOf(rs.getString(7)), rs.getString(8)) : "resolved");
                }
            }
            return out;
        });
    }

    /** The alerts after the first {@code skip} (by creation), as comparable lines: what they say, not their ids or times. */
    private static List<String> alertsSince(Server s, long skip) {
        return s.tx().read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, kind, severity, verdict_before, verdict_after, grade_before, grade_after, doc "
                    + "FROM alert ORDER BY created, id");
                 ResultSet rs = ps.executeQuery()) {
                long i = 0;
                ObjectMapper json = ServerJson.mapper();
                while (rs.next()) {
                    if (i++ < skip) {
                        continue;
                    }
                    JsonNode doc;
                    try {
                        doc = json.readTree(rs.getString(8));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    out.add(String.join(" | ", rs.getString(1), rs.getString(2), String.valueOf(rs.getString(3)), String.valueOf(rs.getString(4)),
                            String.valueOf(rs.getString(5)), String.valueOf(rs.getString(6)), String.valueOf(rs.getString(7)),
                            doc.path("findings").toString(), doc.path("resolvedFindings").asText()));
                }
            }
            out.sort(null);
            return out;
        });
    }

    private static long lastSeq(Server s) throws SQLException {
        try (Connection c = s.vulndb().database().connect(); PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM change_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(ServerDatabase database, String sql) {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
