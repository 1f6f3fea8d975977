package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.match.LookupKeys;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server schema 8 keys the per-package tables by an integer image key instead of the digest: a database stored under
 * schema 7 keeps every image's packages and lookup keys through the upgrade and re-judges as a database made under
 * schema 8 does. Server A is made today (pushes through the push path); server B's schema is stopped at 7 and given
 * A's rows as schema 7 kept them (keyed by digest), then opened, which upgrades it. Then both must hold the same keys
 * and packages per digest, judge one advisory change the same (from the match index: no SBOM read back), give the next
 * push a key of its own, and delete an image's rows by its key.
 */
class ImageKeyUpgradeTest {
    static final int IMAGES = 12;
    static final String POLICY = """
            version: 1
            policies:
              - type: vulnerabilities
                severities: [critical, high]
                fixable_only: false
              - type: non_root
            """;

    @TempDir
    Path work;

    @Test
    void aSchema7DatabaseOnSqliteUpgradesAndReJudgesAsANewOneDoes() throws Exception {
        upgrade(null, null);
    }

    @Test
    @Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
    void aSchema7DatabaseOnPostgresUpgradesAndReJudgesAsANewOneDoes() throws Exception {
        try (PostgresCluster pg = new PostgresCluster()) {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres", "postgres", "");
                 var s = c.createStatement()) {
                s.execute("CREATE DATABASE made_now");
                s.execute("CREATE DATABASE upgraded");
            }
            String base = "postgresql://postgres@127.0.0.1:" + pg.port + "/";
            upgrade(base + "made_now", base + "upgraded");
        }
    }

    private void upgrade(String urlA, String urlB) throws Exception {
        ObjectMapper json = ServerJson.mapper();
        Path advisories = write("UP-1", "up-pkg-1", "2.0", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        List<String> digests = new ArrayList<>();
        try (IncrementalRejudgeTest.Server a = IncrementalRejudgeTest.Server.open(work.resolve("a"), urlA)) {
            a.importChanges(advisories, FeedKind.OSV, "upgrade-test");
            a.policies().publish(POLICY.getBytes(StandardCharsets.UTF_8), "test", "the upgrade test's policy");
            for (int i = 0; i < IMAGES; i++) {
                String digest = "sha256:" + Sha256.hex(("upgrade-" + i).getBytes(StandardCharsets.UTF_8));
                digests.add(digest);
                IncrementalRejudgeTest.push(a, digest, "up/app-" + (i % 3), packages(i), json);
            }
            // B: the same advisories, its server schema stopped at 7 and holding A's rows as schema 7 kept them
            VulnDb vulndbB = VulnDb.of(work.resolve("b"), urlB, true, n -> { });
            try (AdvisoryStore store = vulndbB.open()) {
                store.importFeed("upgrade-test", FeedKind.OSV, false, null, x -> { },
                        sink -> dev.warden.vulndb.feed.FeedFormats.reader(FeedKind.OSV).read(advisories, sink));
            }
            dev.warden.vulndb.store.Database locationB = ServerDatabase.locationFor(vulndbB);
            if (locationB.isSqlite()) {
                Files.createDirectories(locationB.file().getParent());
            }
            ServerDatabase.migrate(locationB, "7");
            try (Connection from = a.database().connect(); Connection to = connect(locationB)) {
                to.setAutoCommit(false);
                for (String table : List.of("image", "image_tag", "judgement", "finding", "match_package", "policy_version")) {
                    copy(from, to, table, "SELECT * FROM " + table);
                }
                copy(from, to, "image_advisory_key", "SELECT i.digest, k.purl_type, k.name, k.packages FROM image_advisory_key k JOIN image i ON i.id = k.image_id");
                copy(from, to, "image_package", "SELECT i.digest, p.purl_type, p.name, p.version, p.purl FROM image_package p JOIN image i ON i.id = p.image_id");
                try (PreparedStatement ps = to.prepareStatement("UPDATE server_state SET value = ? WHERE name = 'vex_revision'")) {
                    ps.setLong(1, a.vex().revision());
                    ps.executeUpdate();
                }
                to.commit();
                assertThat(count(to, "SELECT COUNT(*) FROM image_advisory_key")).isGreaterThan(IMAGES);
            }
            try (IncrementalRejudgeTest.Server b = IncrementalRejudgeTest.Server.open(work.resolve("b"), urlB)) { // upgrades to the latest
                assertThat(index(b)).as("every image's lookup keys and packages, by digest").isEqualTo(index(a)).isNotEmpty();
                try (Connection c = b.database().connect()) {
                    assertThat(count(c, "SELECT COUNT(DISTINCT id) FROM image WHERE id IS NOT NULL")).as("a key of its own for every image").isEqualTo(IMAGES);
                }
                assertThat(snapshot(b)).isEqualTo(snapshot(a));

                // one advisory change, judged from the match index on both: the upgraded index must carry it
                Path change = write("UP-2", "up-pkg-2", "3.0", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N");
                List<ImageRejudger.Result> results = new ArrayList<>();
                for (IncrementalRejudgeTest.Server s : List.of(a, b)) {
                    s.importChanges(change, FeedKind.OSV, "upgrade-test");
                    Set<LookupKeys.Key> changed = Set.of(new LookupKeys.Key("pypi", "up-pkg-2"));
                    Map<String, Set<LookupKeys.Key>> held = s.images().keysHeld(changed);
                    Map<String, Cause> causes = new LinkedHashMap<>();
                    held.keySet().forEach(d -> causes.put(d, Cause.advisories(List.of("UP-2"), Map.of("reason", "upgrade test"))));
                    results.add(s.rejudger().rejudgeChanged(causes, held, ImageRejudger.Listener.NONE));
                }
                int holding = (int) digests.stream().filter(d -> packages(digests.indexOf(d)).stream().anyMatch(p -> p.name().equals("up-pkg-2"))).count();
                assertThat(holding).isPositive().isLessThan(IMAGES);
                for (ImageRejudger.Result r : results) {
                    assertThat(r.judged()).isEqualTo(holding);
                    assertThat(r.readBack()).as("judged from the match index, no SBOM read back").isZero();
                    assertThat(r.alerts()).isPositive();
                }
                assertThat(snapshot(b)).isEqualTo(snapshot(a));

                // the next push takes a key of its own and is found by its packages; a deletion takes its rows by that key
                String next = "sha256:" + Sha256.hex("upgrade-next".getBytes(StandardCharsets.UTF_8));
                IncrementalRejudgeTest.push(b, next, "up/next", List.of(IncrementalRejudgeTest.pypi("up-pkg-9", "1.0"),
                        IncrementalRejudgeTest.pypi("up-pkg-2", "1.0")), json);
                try (Connection c = b.database().connect()) {
                    assertThat(count(c, "SELECT COUNT(DISTINCT id) FROM image")).isEqualTo(IMAGES + 1);
                    assertThat(count(c, "SELECT COUNT(*) FROM image_package p JOIN image i ON i.id = p.image_id WHERE i.digest = '" + next + "'")).isEqualTo(2);
                }
                assertThat(b.images().keysHeld(Set.of(new LookupKeys.Key("pypi", "up-pkg-9"))).keySet()).containsExactly(next);
                assertThat(b.images().digestsHoldingPackages(Set.of(new LookupKeys.Key("pypi", "up-pkg-2")))).contains(next).hasSize(holding + 1);
                String first = digests.getFirst();
                ImageDeletion.Removed removed = new ImageDeletion(b.tx(), urlB != null, json).delete(first, "test").orElseThrow();
                assertThat(removed.packages()).isEqualTo(packages(0).size());
                assertThat(removed.advisoryKeys()).isEqualTo(packages(0).size());
                assertThat(index(b).keySet()).doesNotContain(first).contains(next);
            }
        }
    }

    /** Image i's packages: a handful of a small pool at versions the advisories affect or not. */
    private static List<Package> packages(int i) {
        List<Package> out = new ArrayList<>();
        out.add(IncrementalRejudgeTest.pypi("up-pkg-" + (i % 2), i % 3 == 0 ? "1.0" : "2.5"));
        if (i % 3 != 1) {
            out.add(IncrementalRejudgeTest.pypi("up-pkg-2", i % 2 == 0 ? "1.0" : "3.5"));
        }
        out.add(IncrementalRejudgeTest.pypi("up-own-" + i, "1.0"));
        return out;
    }

    private Path write(String id, String pkg, String fixed, String vector) throws java.io.IOException {
        Path dir = Files.createDirectories(work.resolve("advisories-" + id));
        Files.writeString(dir.resolve(id + ".json"), "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2026-12-01T00:00:00Z\","
                + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"" + vector + "\"}],"
                + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"" + pkg + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}]}");
        return dir;
    }

    private static Connection connect(dev.warden.vulndb.store.Database location) throws SQLException {
        return java.sql.DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password());
    }

    /** Copies the rows {@code select} gives into {@code table}, column by column in the order of the select. */
    private static void copy(Connection from, Connection to, String table, String select) throws SQLException {
        try (PreparedStatement read = from.prepareStatement(select); ResultSet rs = read.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT));
            }
            if (table.equals("image")) {
                columns.remove("id"); // schema 7 had no image key
            }
            String names = String.join(", ", columns);
            try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table + " (" + names
                    + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")")) {
                while (rs.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        insert.setObject(i + 1, rs.getObject(columns.get(i)));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /** Each image's lookup keys (with their package documents) and packages, by digest. */
    private static Map<String, Set<String>> index(IncrementalRejudgeTest.Server s) {
        return s.tx().read(c -> {
            Map<String, Set<String>> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.digest, k.purl_type, k.name, k.packages FROM image_advisory_key k "
                    + "JOIN image i ON i.id = k.image_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), d -> new TreeSet<>()).add("key " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT i.digest, p.purl_type, p.name, p.version, p.purl FROM image_package p "
                    + "JOIN image i ON i.id = p.image_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), d -> new TreeSet<>())
                            .add("package " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
                }
            }
            return out;
        });
    }

    /** Every image's verdict, grade, score, policy results and summary, and its findings open and resolved. */
    private static Map<String, String> snapshot(IncrementalRejudgeTest.Server s) {
        return s.tx().read(c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.digest, i.verdict, i.grade, i.score, j.results, j.summary FROM image i "
                    + "JOIN judgement j ON j.id = i.judgement_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), String.join(" | ", rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, finding_key, resolved_at IS NULL, severity, doc FROM finding");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + " " + rs.getString(2), rs.getBoolean(3) ? "open | " + rs.getString(4) + " | " + rs.getString(5) : "resolved");
                }
            }
            Set<String> digests = new HashSet<>();
            out.keySet().forEach(k -> digests.add(k.split(" ")[0]));
            assertThat(digests).isNotEmpty();
            return out;
        });
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
