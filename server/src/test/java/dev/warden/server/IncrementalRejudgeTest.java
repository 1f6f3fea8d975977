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
 *
 * <p>One advisory ({@link #VEX_ADVISORY}) is the test's own: it affects every version of a package the first image
 * holds, and an approved {@code not_affected} statement names that package at the first image's version only, so the
 * same vulnerability is suppressed in some images and open in others. Besides the random changes (which may pick it
 * too), it is changed on a fixed schedule (severity, KEV, ranges, withdrawn and back), so the incremental path must
 * apply VEX to findings it matches again; the test asserts that findings were suppressed in both servers alike.
 */
class IncrementalRejudgeTest {
    static final int IMAGES = 16;
    static final int ROUNDS = 14;
    static final int POOL = 8;
    /** The advisory the VEX statement speaks of; its vulnerability id is {@link #VEX_CVE}. */
    static final String VEX_ADVISORY = "INC-VEX";
    static final String VEX_CVE = "CVE-2026-77777";
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

    /**
     * A statement past its review date stops applying at once, but the VEX revision moves only when the review sweep
     * marks it expired (up to a minute later). An advisory change in between must not be judged incrementally: the
     * findings it does not touch would keep the old statement's suppression under a judgement claiming the revision
     * in force. Here the statement suppresses a critical finding of one package, another package's advisory changes,
     * and server A's monitor must agree with B's full re-judgement: the critical finding open and the policy violated.
     */
    @Test
    void aStatementPastItsReviewDateButNotYetSweptIsNotCarriedOverByTheIncrementalPath() throws Exception {
        Map<String, Advisory> feed = new LinkedHashMap<>();
        feed.put("INC-X", new Advisory("INC-X", "CVE-2026-11111", "inc-pkg-0", "0", null, VECTORS[0], false));
        feed.put("INC-Y", new Advisory("INC-Y", "CVE-2026-22222", "inc-pkg-1", "0", null, VECTORS[2], false));
        ObjectMapper json = ServerJson.mapper();
        String digest = digest(0);
        try (Server a = Server.open(work.resolve("a"), null); Server b = Server.open(work.resolve("b"), null)) {
            Path first = write(feed.values(), "review-0");
            for (Server s : List.of(a, b)) {
                s.importChanges(first, FeedKind.OSV, "incremental-test");
                s.policies().publish(POLICY.getBytes(StandardCharsets.UTF_8), "test", "the differential test's policy");
                s.vex().create(vex("CVE-2026-11111", "pkg:pypi/inc-pkg-0@1.0", "vulnerable_code_not_present"), "test");
                push(s, digest, "inc/app-0", List.of(pypi("inc-pkg-0", "1.0"), pypi("inc-pkg-1", "1.0")), json);
                assertThat(vexDecisions(s)).hasSize(1);
                // the review date passed three days ago; no sweep has run, so the revision still says it applies
                s.tx().inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE vex_statement SET review_date = ?")) {
                        ps.setLong(1, Instant.now().minus(Duration.ofDays(3)).toEpochMilli());
                        return ps.executeUpdate();
                    }
                });
            }
            assertThat(snapshot(a)).isEqualTo(snapshot(b));
            try (Monitor monitor = new Monitor(a.database(), a.vulndb(), a.images(), a.rejudger(), a.policies(), a.vex(), a.tx(), () -> { },
                    new Monitor.Timings(Duration.ofHours(1), Duration.ofMinutes(5), 5), "test",
                    new PrintStream(java.io.OutputStream.nullOutputStream()))) {
                monitor.start();
                MonitorStory.await(() -> count(a.database(), "SELECT COUNT(*) FROM monitor_cursor") == 3, Duration.ofSeconds(60), "the monitor's cursors");
                Advisory y = feed.get("INC-Y");
                Path dir = write(List.of(new Advisory(y.id(), y.cve(), y.pkg(), y.introduced(), y.fixed(), VECTORS[1], false)), "review-1");
                a.importChanges(dir, FeedKind.OSV, "incremental-test");
                b.importChanges(dir, FeedKind.OSV, "incremental-test");
                long last = lastSeq(a);
                monitor.poke();
                MonitorStory.await(() -> count(a.database(), "SELECT position FROM monitor_cursor WHERE name = 'advisories'") == last,
                        Duration.ofSeconds(120), "the change followed");
            }
            assertThat(b.rejudger().rejudge(List.of(digest), Cause.advisories(List.of(), Map.of("reason", "differential test"))).failed()).isEmpty();
            assertThat(vexDecisions(b)).as("the full path no longer applies the statement").isEmpty();
            assertThat(vexDecisions(a)).as("nor does the monitor").isEmpty();
            assertThat(snapshot(a)).isEqualTo(snapshot(b));
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
            return new Server(vulndb, database, tx, images, policies, vex, new ImageRejudger(vulndb, database, images, policies, vex, json, quiet));
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
        List<List<Package>> fleet = new ArrayList<>();
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
            fleet.add(packages);
        }
        // the VEX target: the first image's first package at its version; the advisory affects every version of it
        Package target = fleet.getFirst().getFirst();
        feed.put(VEX_ADVISORY, vexAdvisory(target.name(), VECTORS[0], false, null));
        // a second statement names one image by digest: it decides that image's finding whatever version it holds
        int namedImage = -1;
        int otherVersions = 0;
        for (int i = 0; i < IMAGES; i++) {
            if (fleet.get(i).stream().anyMatch(x -> x.name().equals(target.name()) && !x.equals(target))) {
                otherVersions++;
                namedImage = namedImage < 0 ? i : namedImage;
            }
        }
        assertThat(otherVersions).as("images holding %s at another version, where the package statement does not apply", target.name())
                .isGreaterThan(1);
        String namedDigest = digest(namedImage);
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
                s.vex().create(vex(VEX_CVE, target.purl(), "vulnerable_code_not_present"), "test");
                s.vex().create(vex(VEX_CVE, namedDigest, "vulnerable_code_not_in_execute_path"), "test");
            }
            List<String> digests = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                List<Package> packages = fleet.get(i);
                String digest = digest(i);
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
            assertThat(vexDecisions(b)).as("the statements apply after the pushes")
                    .hasSize(expectedDecisions(fleet, target, namedImage, feed.get(VEX_ADVISORY)));
            int alerts = 0;
            int roundsSuppressing = 0;
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
                    scheduledVexChange(round, target, feed, kev, changed, kevAdded);
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
                    List<String> decisions = vexDecisions(a);
                    assertThat(decisions).as("round %d: VEX decisions", round).isEqualTo(vexDecisions(b));
                    Advisory vexNow = feed.get(VEX_ADVISORY);
                    assertThat(decisions).as("round %d: the statements suppress exactly where the advisory affects what they name (%s)", round, vexNow)
                            .hasSize(expectedDecisions(fleet, target, namedImage, vexNow));
                    assertThat(decisions).as("round %d", round).allMatch(d -> d.contains(" | 1 | not_affected | "));
                    if (!decisions.isEmpty()) {
                        roundsSuppressing++;
                    }
                    alerts += (int) (count(a.database(), "SELECT COUNT(*) FROM alert") - alertsBefore);
                    resolved = (int) count(a.database(), "SELECT COUNT(*) FROM finding WHERE resolved_at IS NOT NULL");
                }
            }
            // the rounds were not idle: alerts were raised and findings came and went
            assertThat(alerts).isPositive();
            assertThat(resolved).isPositive();
            // VEX suppression went through the incremental path, not only through the pushes
            assertThat(roundsSuppressing).isPositive();
        }
    }

    /**
     * The VEX advisory's changes on a fixed schedule, after the round's random ones: severity (round 2), KEV (3),
     * ranges that leave the target version out (5) and back in (6), withdrawn (8) and published again (9), severity (11).
     */
    private static void scheduledVexChange(int round, Package target, Map<String, Advisory> feed, List<String> kev, List<Advisory> changed,
                                           List<String> kevAdded) {
        Advisory old = feed.get(VEX_ADVISORY);
        Advisory next = switch (round) {
            case 2 -> vexAdvisory(target.name(), VECTORS[1], false, null);
            case 3 -> {
                if (!kev.contains(VEX_CVE)) {
                    kev.add(VEX_CVE);
                    kevAdded.add(VEX_CVE);
                }
                yield null;
            }
            case 5 -> vexAdvisory(target.name(), old.vector(), false, target.version()); // fixed at the target: not affected
            case 6, 9 -> vexAdvisory(target.name(), old.vector(), false, null);
            case 8 -> vexAdvisory(target.name(), old.vector(), true, null);
            case 11 -> vexAdvisory(target.name(), VECTORS[2], false, null);
            default -> null;
        };
        if (next != null) {
            feed.put(next.id(), next);
            changed.removeIf(x -> x.id().equals(next.id()));
            changed.add(next);
        }
    }

    private static Advisory vexAdvisory(String pkg, String vector, boolean withdrawn, String fixed) {
        return new Advisory(VEX_ADVISORY, VEX_CVE, pkg, "0", fixed, vector, withdrawn);
    }

    /**
     * How many findings the statements decide: one per image holding the target (package statement) or being the
     * named image (image statement), where the advisory affects the version of the target's package that image holds.
     */
    private static int expectedDecisions(List<List<Package>> fleet, Package target, int namedImage, Advisory advisory) {
        int n = 0;
        for (int i = 0; i < fleet.size(); i++) {
            for (Package p : fleet.get(i)) {
                if (p.name().equals(target.name()) && (p.equals(target) || i == namedImage) && affects(advisory, p.version())) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean affects(Advisory a, String version) {
        return !a.withdrawn() && (a.fixed() == null || versionBelow(version, a.fixed()))
                && (a.introduced().equals("0") || !versionBelow(version, a.introduced()));
    }

    private static String digest(int image) {
        return "sha256:" + Sha256.hex(("incremental-" + image).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code v} sorts before {@code bound} among {@link #VERSIONS} (the only versions the images hold). */
    private static boolean versionBelow(String v, String bound) {
        return new java.math.BigDecimal(v).compareTo(new java.math.BigDecimal(bound)) < 0;
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

    static Package pypi(String name, String version) {
        String purl = "pkg:pypi/" + name + "@" + version;
        return new Package(purl, "pypi", null, name, version, purl, List.of("MIT"), List.of(), null, "test", null, Map.of());
    }

    /** Stores an image as a push does: the CycloneDX document read back, judged, stored with its match index. */
    static void push(Server s, String digest, String repository, List<Package> packages, ObjectMapper json) throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        // the SBOM names its image (reference and digest), as a pushed scan's does: image-naming VEX statements read it
        dev.warden.core.ImageInfo info = new dev.warden.core.ImageInfo(repository + "@" + digest, digest, null, null, null, List.of(), Map.of());
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(new Sbom(info, null, packages, List.of(), null), cdx);
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

    private static byte[] vex(String suppressedCve, String product, String justification) {
        return ("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/incremental-" + justification + "\",\"author\":\"test\","
                + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"version\":1,\"statements\":["
                + "{\"vulnerability\":{\"name\":\"" + suppressedCve + "\"},\"products\":[{\"@id\":\"" + product + "\"}],\"status\":\"not_affected\",\"justification\":\"" + justification + "\"}"
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
                            rs.getString(6), String.valueOf(rs.getString(7)), withoutStatementIds(rs.getString(8))) : "resolved");
                }
            }
            return out;
        });
    }

    /** A finding document with the VEX statement's row id (a random UUID each server gives its own row) left out. */
    private static String withoutStatementIds(String doc) {
        return doc.replaceAll("server statement [0-9a-f-]{36}", "server statement <id>");
    }

    /**
     * Every open finding a VEX statement decides, as "digest finding | suppressed | status | justification | matched on",
     * read from the stored finding document, sorted.
     */
    private static List<String> vexDecisions(Server s) {
        return s.tx().read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, finding_key, suppressed, vex_status, doc FROM finding "
                    + "WHERE resolved_at IS NULL AND vex_status IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                ObjectMapper json = ServerJson.mapper();
                while (rs.next()) {
                    JsonNode vex;
                    try {
                        vex = json.readTree(rs.getString(5)).path("vex");
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                    out.add(String.join(" | ", rs.getString(1) + " " + rs.getString(2), String.valueOf(rs.getLong(3)), rs.getString(4),
                            vex.path("statement").path("justification").asText(), vex.path("matchedOn").asText()));
                }
            }
            out.sort(null);
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
