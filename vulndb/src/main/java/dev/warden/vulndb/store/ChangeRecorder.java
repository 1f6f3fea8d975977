package dev.warden.vulndb.store;

import dev.warden.vulndb.FeedKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes into {@code change_log}, inside one import's transaction, what that import changed: which advisories (or KEV
 * and NVD entries) were added, changed or withdrawn, and the (purl type, name) of every package they name. It takes a
 * digest of each of the feed's rows before the import and compares it with the rows after, so a feed refreshed whole
 * with the same data logs nothing, and a refresh that drops an advisory logs it as withdrawn.
 *
 * <p>KEV, NVD and EPSS entries name a CVE, not a package: their changes are logged under the packages of the
 * advisories that have the CVE as id or alias, so a watcher finds the images holding them the same way. EPSS scores
 * drift a little every day for every CVE; a score is logged as changed once it is {@link #EPSS_LOGGED_CHANGE} or more
 * away from the score last logged for it ({@code epss.logged_score}), so a daily refresh logs the moves a policy can
 * notice, and slow drift is logged once it adds up.
 */
final class ChangeRecorder {
    /**
     * Rows one import may add to the log. A first import, or a refresh of a whole ecosystem's history, touches far
     * more packages than any watcher would re-judge one by one; above this it logs one row of kind {@code all}
     * ("everything may have changed"), which a watcher answers with a full re-match.
     */
    static final int MAX_ROWS_PER_IMPORT = 50_000;
    /**
     * How far an EPSS score must move from the score last logged for its CVE to be logged as changed: a tenth of a
     * percentage point of exploitation probability. Below the thresholds policies set (docs/policies.md's examples:
     * 0.1 and more), above the day-to-day jitter of the many CVEs scored near zero, which would otherwise log nearly
     * every CVE every day and re-judge every image daily. A score within this of a policy's threshold may be on the
     * other side of it until the image is next judged in full.
     */
    static final double EPSS_LOGGED_CHANGE = 0.001;

    /** What the log says about an advisory. */
    enum Kind {
        ADDED, CHANGED, WITHDRAWN, ALL;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Row(String source, String advisoryId, Kind kind, String purlType, String name) {}

    private final Connection c;
    private final boolean sqlite;
    private final String feed;
    private final FeedKind kind;

    ChangeRecorder(Connection c, boolean sqlite, String feed, FeedKind kind) {
        this.c = c;
        this.sqlite = sqlite;
        this.feed = feed;
        this.kind = kind;
    }

    private String digest(String column) {
        return sqlite ? "warden_digest(" + column + ")" : "md5(" + column + ")";
    }

    /** Before the import writes anything: digests of the rows this feed holds now, in temporary tables. */
    void before() throws SQLException {
        if (sqlite) {
            org.sqlite.Function.create(c, "warden_digest", new DigestFunction());
        }
        drop();
        try (Statement s = c.createStatement()) {
            switch (kind) {
                case KEV -> s.execute("CREATE TEMP TABLE prior_cve AS SELECT cve_id, " + digest("COALESCE(date_added, '') || '|' || "
                        + "COALESCE(ransomware, '')") + " AS digest FROM kev WHERE feed = " + quoted(feed));
                case NVD -> s.execute("CREATE TEMP TABLE prior_cve AS SELECT cve_id, " + digest("doc") + " AS digest FROM nvd WHERE feed = "
                        + quoted(feed));
                // the score a change is measured from: the one last logged (the score itself for rows from before schema 5)
                case EPSS -> s.execute("CREATE TEMP TABLE prior_cve AS SELECT cve_id, COALESCE(logged_score, score) AS reference FROM epss "
                        + "WHERE feed = " + quoted(feed));
                default -> {
                    s.execute("CREATE TEMP TABLE prior_affected AS SELECT source, advisory_id, ecosystem, name, seq, purl_type, "
                            + digest("doc") + " AS digest FROM affected WHERE feed = " + quoted(feed));
                    s.execute("CREATE INDEX prior_affected_key ON prior_affected (source, advisory_id, ecosystem, name, seq)");
                    s.execute("CREATE TEMP TABLE prior_advisory AS SELECT source, id, " + digest("doc || '|' || COALESCE(withdrawn, '')")
                            + " AS digest FROM advisory WHERE feed = " + quoted(feed));
                    s.execute("CREATE INDEX prior_advisory_key ON prior_advisory (source, id)");
                }
            }
            if (kind == FeedKind.KEV || kind == FeedKind.NVD || kind == FeedKind.EPSS) {
                s.execute("CREATE INDEX prior_cve_key ON prior_cve (cve_id)");
            }
        }
    }

    /** After the import's rows are written (same transaction): the differences, into change_log. */
    void after(long now) throws SQLException {
        Map<Row, Boolean> rows = new LinkedHashMap<>();
        boolean overflow = switch (kind) {
            case KEV, NVD, EPSS -> cveChanges(rows);
            default -> advisoryChanges(rows);
        };
        if (kind == FeedKind.EPSS) {
            rememberLoggedScores();
        }
        drop();
        List<Row> out = overflow ? List.of(new Row("*", "*", Kind.ALL, null, null)) : new ArrayList<>(rows.keySet());
        if (out.isEmpty()) {
            return;
        }
        long first;
        // the row lock (PostgreSQL) or the write lock the import already holds (SQLite): seqs are handed out in commit order
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_state SET last_seq = last_seq + ? WHERE id = 1")) {
            ps.setLong(1, out.size());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM change_state WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            first = rs.getLong(1) - out.size() + 1;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO change_log (seq, at, feed, source, advisory_id, kind, purl_type, name) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            long seq = first;
            int pending = 0;
            for (Row r : out) {
                ps.setLong(1, seq++);
                ps.setLong(2, now);
                ps.setString(3, feed);
                ps.setString(4, r.source());
                ps.setString(5, r.advisoryId());
                ps.setString(6, r.kind().id());
                ps.setString(7, r.purlType());
                ps.setString(8, r.name());
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            ps.executeBatch();
        }
    }

    /** Returns true when there are more than {@link #MAX_ROWS_PER_IMPORT}. */
    private boolean advisoryChanges(Map<Row, Boolean> rows) throws SQLException {
        // rows that are new or differ: the advisory is added when it was not there before, else changed (withdrawn when
        // the advisory now says so)
        String changed = "SELECT n.source, n.advisory_id, n.purl_type, n.name, "
                + "(SELECT 1 FROM prior_advisory pa WHERE pa.source = n.source AND pa.id = n.advisory_id), a.withdrawn "
                + "FROM affected n JOIN advisory a ON a.source = n.source AND a.id = n.advisory_id WHERE n.feed = " + quoted(feed)
                + " AND (NOT EXISTS (SELECT 1 FROM prior_affected p WHERE p.source = n.source AND p.advisory_id = n.advisory_id "
                + "AND p.ecosystem = n.ecosystem AND p.name = n.name AND p.seq = n.seq AND p.digest = " + digest("n.doc") + ") "
                + "OR NOT EXISTS (SELECT 1 FROM prior_advisory pa WHERE pa.source = a.source AND pa.id = a.id AND pa.digest = "
                + digest("a.doc || '|' || COALESCE(a.withdrawn, '')") + "))";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(changed)) {
            while (rs.next()) {
                boolean existed = rs.getObject(5) != null;
                Kind k = rs.getString(6) != null ? Kind.WITHDRAWN : existed ? Kind.CHANGED : Kind.ADDED;
                if (add(rows, new Row(rs.getString(1), rs.getString(2), k, rs.getString(3), rs.getString(4)))) {
                    return true;
                }
            }
        }
        // rows that are gone: the package is no longer affected (withdrawn when the advisory itself is gone or withdrawn)
        String gone = "SELECT p.source, p.advisory_id, p.purl_type, p.name, "
                + "(SELECT 1 FROM advisory a WHERE a.source = p.source AND a.id = p.advisory_id AND a.withdrawn IS NULL) "
                + "FROM prior_affected p WHERE NOT EXISTS (SELECT 1 FROM affected n WHERE n.source = p.source AND n.advisory_id = p.advisory_id "
                + "AND n.ecosystem = p.ecosystem AND n.name = p.name AND n.seq = p.seq)";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(gone)) {
            while (rs.next()) {
                Kind k = rs.getObject(5) == null ? Kind.WITHDRAWN : Kind.CHANGED;
                if (add(rows, new Row(rs.getString(1), rs.getString(2), k, rs.getString(3), rs.getString(4)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean cveChanges(Map<Row, Boolean> rows) throws SQLException {
        String table = switch (kind) {
            case KEV -> "kev";
            case EPSS -> "epss";
            default -> "nvd";
        };
        String now = kind == FeedKind.KEV ? "COALESCE(t.date_added, '') || '|' || COALESCE(t.ransomware, '')" : "t.doc";
        // CVEs added or changed, then CVEs gone; each logged under the packages its advisories name
        Map<String, Kind> cves = new LinkedHashMap<>();
        String changes = kind == FeedKind.EPSS
                ? "SELECT t.cve_id, p.cve_id FROM epss t LEFT JOIN prior_cve p ON p.cve_id = t.cve_id WHERE t.feed = " + quoted(feed)
                        + " AND (p.cve_id IS NULL OR ABS(t.score - p.reference) >= " + EPSS_LOGGED_CHANGE + ")"
                : "SELECT t.cve_id, (SELECT 1 FROM prior_cve p WHERE p.cve_id = t.cve_id) FROM " + table + " t WHERE t.feed = "
                + quoted(feed) + " AND NOT EXISTS (SELECT 1 FROM prior_cve p WHERE p.cve_id = t.cve_id AND p.digest = " + digest(now) + ")";
        String gone = "SELECT p.cve_id FROM prior_cve p WHERE NOT EXISTS (SELECT 1 FROM " + table + " t WHERE t.cve_id = p.cve_id)";
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(changes)) {
                while (rs.next()) {
                    cves.put(rs.getString(1), rs.getObject(2) != null ? Kind.CHANGED : Kind.ADDED);
                }
            }
            try (ResultSet rs = s.executeQuery(gone)) {
                while (rs.next()) {
                    cves.put(rs.getString(1), Kind.WITHDRAWN);
                }
            }
        }
        if (cves.size() > MAX_ROWS_PER_IMPORT) {
            return true;
        }
        // every changed CVE at once, joined to the advisories that have it as alias (advisory_alias_alias) or as id, and
        // their packages: one pass over the tables per import, never a scan of affected per CVE
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE changed_cve (cve_id TEXT NOT NULL PRIMARY KEY)");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO changed_cve (cve_id) VALUES (?)")) {
            for (String cve : cves.keySet()) {
                insert.setString(1, cve);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        String packages = "SELECT x.alias, f.purl_type, f.name FROM changed_cve m JOIN advisory_alias x ON x.alias = m.cve_id "
                + "JOIN affected f ON f.source = x.source AND f.advisory_id = x.advisory_id "
                + "UNION SELECT f.advisory_id, f.purl_type, f.name FROM affected f JOIN changed_cve m ON m.cve_id = f.advisory_id";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(packages)) {
            while (rs.next()) {
                String cve = rs.getString(1);
                if (add(rows, new Row(kind.source(), cve, cves.get(cve), rs.getString(2), rs.getString(3)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Keeps, per CVE of this EPSS feed, the score later changes are measured from: the new score where this import
     * logged a change (or the CVE is new to the feed), the score last logged where it did not.
     */
    private void rememberLoggedScores() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE epss SET logged_score = COALESCE((SELECT CASE WHEN ABS(epss.score - p.reference) >= ? "
                + "THEN epss.score ELSE p.reference END FROM prior_cve p WHERE p.cve_id = epss.cve_id), epss.score) WHERE feed = ?")) {
            ps.setDouble(1, EPSS_LOGGED_CHANGE);
            ps.setString(2, feed);
            ps.executeUpdate();
        }
    }

    private static boolean add(Map<Row, Boolean> rows, Row row) {
        rows.putIfAbsent(row, Boolean.TRUE);
        return rows.size() > MAX_ROWS_PER_IMPORT;
    }

    private void drop() throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String t : List.of("prior_affected", "prior_advisory", "prior_cve", "changed_cve")) {
                s.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    /** Feed names come from the user's configuration: quoted as an SQL literal, never spliced raw. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** SHA-256 of a text, for SQLite (PostgreSQL has md5 built in). */
    private static final class DigestFunction extends org.sqlite.Function {
        @Override
        protected void xFunc() throws SQLException {
            String text = value_text(0);
            if (text == null) {
                result();
                return;
            }
            try {
                result(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
