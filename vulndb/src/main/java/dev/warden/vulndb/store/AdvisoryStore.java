package dev.warden.vulndb.store;

import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AdvisoryLookup;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.Ecosystems;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.core.advisory.PackageNames;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.ImportReport;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The advisory store: one JDBC connection to SQLite or PostgreSQL. Reads implement {@link AdvisoryLookup};
 * each {@link #importFeed} is one transaction, so a failed or interrupted import leaves the database as it
 * was. Methods are synchronized: a JDBC connection serves one caller at a time.
 */
public final class AdvisoryStore implements AdvisoryLookup, AutoCloseable {

    private final Database database;
    private final Connection connection;
    private AdvisoryStore(Database database, Connection connection) {
        this.database = database;
        this.connection = connection;
    }

    /** Migrates the schema if needed, then opens. */
    public static AdvisoryStore open(Database database) {
        database.migrate();
        Connection connection = database.connect();
        try {
            ChangeLog.ensureIdentity(connection);
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new StoreException("reading the change log's state", e);
        }
        return new AdvisoryStore(database, connection);
    }

    /**
     * A store over a connection the caller lends, to a database it has opened the usual way ({@link #open}: migrated)
     * before: for a caller that opens a store many times a minute on a pool of its own (the server's monitor on
     * PostgreSQL), where {@link #open} would connect twice each time (the schema check and the store). Closing the
     * store closes the connection (a pooled one goes back to its pool).
     */
    public static AdvisoryStore over(Database database, Connection connection) {
        return new AdvisoryStore(database, connection);
    }

    public Database database() {
        return database;
    }

    /**
     * Reads one small advisory document now: for a caller that opens the store on another thread ahead of need, so
     * that the JSON parser's class initialisation (BigDecimal's tables among it) is not paid by matching. Called by
     * start-up only ({@code pipeline}'s {@code StartUpWork}).
     */
    public void prepareDocuments() {
        try {
            AdvisoryDocuments.readAdvisory(WARM_UP_DOCUMENT);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare the advisory document reader", e);
        }
    }

    private static final String WARM_UP_DOCUMENT = "{\"id\":\"WARM-UP\",\"aliases\":[],\"published\":\"2024-01-01T00:00:00Z\","
            + "\"severities\":[{\"source\":null,\"type\":\"CVSS_V3\",\"value\":\"\",\"score\":1.5}],\"source\":\"warm-up\"}";

    /** What one import does: read a feed into the sink. */
    @FunctionalInterface
    public interface ImportBody {
        void run(RecordSink sink) throws IOException;
    }

    /**
     * Runs one import in one transaction and records the feed's state in it.
     *
     * @param replace true for a full refresh: what this feed wrote before and does not write again is removed
     * @param state   the state to record (records/warnings are filled in here), or null to keep none
     */
    public synchronized ImportReport importFeed(String feed, FeedKind kind, boolean replace, FeedState state,
                                                LongConsumer progress, ImportBody body) {
        long start = System.nanoTime();
        try {
            connection.setAutoCommit(false);
            try (ImportTransaction tx = new ImportTransaction(connection, feed, progress)) {
                ChangeRecorder changes = new ChangeRecorder(connection, database.isSqlite(), feed, kind);
                changes.before();
                if (replace) {
                    tx.clearFeed();
                }
                body.run(tx);
                tx.flush();
                if (tx.records() == 0) {
                    // an HTML error page or an unrelated JSON file must not pass for an empty feed, nor refresh its date
                    throw new WardenException("feed " + feed + ": " + (state == null || state.location() == null ? "the input"
                            : state.location()) + " holds no " + kind.source() + " record; nothing imported, the database is unchanged");
                }
                changes.after(System.currentTimeMillis());
                recordEcosystems(feed);
                if (state != null) {
                    // a date the caller knows for the data (a shipped part's source commit) wins; else the records' own
                    // newest date; else, for records without dates (the Debian tracker's), the server's Last-Modified
                    Instant dataDate = state.dataDate() != null ? state.dataDate() : tx.dataDate() != null ? tx.dataDate()
                            : httpDate(state.lastModified());
                    if (!replace) { // merged in: the feed is as current as the newest of what it held and what came
                        Instant before = feedStateIn(feed).map(FeedState::dataDate).orElse(null);
                        dataDate = before == null || (dataDate != null && dataDate.isAfter(before)) ? dataDate : before;
                    }
                    saveState(connection, new FeedState(feed, kind.source(), state.location(), state.etag(), state.lastModified(),
                            Instant.now(), tx.records(), tx.warningCount(), state.sha256(), dataDate, state.sample()));
                }
                connection.commit();
                return new ImportReport(feed, tx.records(), tx.warnings(), tx.warningCount(), false,
                        Duration.ofNanos(System.nanoTime() - start));
            }
        } catch (IOException e) {
            rollback();
            throw new WardenException("import of feed " + feed + " failed: " + e.getMessage() + "; the database is unchanged", e);
        } catch (WardenException e) {
            rollback();
            throw e.getMessage().contains("database is unchanged") ? e
                    : new WardenException(e.getMessage() + "; import of feed " + feed + " rolled back, the database is unchanged", e);
        } catch (SQLException e) {
            rollback();
            var storage = storageProblem(feed, e);
            throw storage.isPresent() ? storage.get() : new StoreException("importing feed " + feed + " (rolled back)", e);
        } catch (StoreException e) {
            rollback();
            var storage = storageProblem(feed, e);
            throw storage.isPresent() ? storage.get() : e;
        } catch (RuntimeException | Error e) {
            rollback();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is broken; the next use reports it
            }
        }
    }

    /** An HTTP date (RFC 1123, as Last-Modified carries it), null when absent or malformed. */
    private static Instant httpDate(String header) {
        if (header == null) {
            return null;
        }
        try {
            return java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /**
     * A write the storage refused (a full disk or database, a read-only file or folder, an I/O error): the user's
     * machine, not a bug, so one line and exit 2; the transaction is rolled back, the database unchanged.
     */
    private java.util.Optional<WardenException> storageProblem(String feed, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String why = switch (sql.getSQLState() == null ? "" : sql.getSQLState()) {
                    case "53100" -> "its disk is full";
                    case "25006" -> "it is read-only";
                    default -> database.isSqlite() ? switch (sql.getErrorCode() & 0xff) {
                        case 13 -> "it or its disk is full";
                        case 8 -> "it or its folder is read-only";
                        case 10 -> "its disk failed a write";
                        case 14 -> "its file cannot be opened for writing";
                        default -> null;
                    } : null;
                };
                if (why != null) {
                    return java.util.Optional.of(new WardenException("import of feed " + feed + " failed: the advisory database "
                            + database.describe() + " cannot be written (" + why + "); the database is unchanged", e));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // nothing more to do: an open transaction is discarded when the connection closes
        }
    }

    /** Records a feed's import in {@code feed_state} (jar index imports too), inside the caller's transaction. */
    static void saveState(Connection connection, FeedState s) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO feed_state (feed, kind, location, etag, last_modified, "
                + "imported_at, records, warnings, sha256, data_date, sample) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed) "
                + "DO UPDATE SET kind = excluded.kind, location = excluded.location, etag = excluded.etag, "
                + "last_modified = excluded.last_modified, imported_at = excluded.imported_at, records = excluded.records, "
                + "warnings = excluded.warnings, sha256 = excluded.sha256, data_date = excluded.data_date, sample = excluded.sample")) {
            ps.setString(1, s.feed());
            ps.setString(2, s.kind());
            ps.setString(3, s.location());
            ps.setString(4, s.etag());
            ps.setString(5, s.lastModified());
            ps.setString(6, s.importedAt().toString());
            ps.setLong(7, s.records());
            ps.setLong(8, s.warnings());
            ps.setString(9, s.sha256());
            ps.setString(10, s.dataDate() == null ? null : s.dataDate().toString());
            ps.setInt(11, s.sample() ? 1 : 0);
            ps.executeUpdate();
        }
    }

    /** Which ecosystems the feed's advisories name now ({@code feed_ecosystem}), in the import's transaction. */
    private void recordEcosystems(String feed) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM feed_ecosystem WHERE feed = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO feed_ecosystem (feed, ecosystem) "
                     + "SELECT DISTINCT feed, ecosystem_base FROM affected WHERE feed = ?")) {
            delete.setString(1, feed);
            delete.executeUpdate();
            insert.setString(1, feed);
            insert.executeUpdate();
        }
    }

    /**
     * The ecosystems each advisory feed's records name (base names: {@code Debian}, {@code Alpine}, {@code PyPI}...), by
     * feed; a feed without advisories (KEV, EPSS, NVD) is absent.
     */
    public synchronized Map<String, java.util.Set<String>> feedEcosystems() {
        Map<String, java.util.Set<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT feed, ecosystem FROM feed_ecosystem ORDER BY feed, ecosystem");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), f -> new java.util.TreeSet<>()).add(rs.getString(2));
            }
        } catch (SQLException e) {
            throw new StoreException("reading feed ecosystems", e);
        }
        return out;
    }

    public synchronized Optional<FeedState> feedState(String feed) {
        return feedStateIn(feed);
    }

    private Optional<FeedState> feedStateIn(String feed) {
        return feedStates().stream().filter(s -> s.feed().equals(feed)).findFirst();
    }

    public synchronized List<FeedState> feedStates() {
        List<FeedState> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT feed, kind, location, etag, last_modified, imported_at, records, "
                + "warnings, sha256, data_date, sample FROM feed_state ORDER BY feed"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String dataDate = rs.getString(10);
                out.add(new FeedState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Instant.parse(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getString(9),
                        dataDate == null ? null : Instant.parse(dataDate), rs.getInt(11) != 0));
            }
        } catch (SQLException e) {
            throw new StoreException("reading feed states", e);
        }
        return out;
    }

    /** Rows per table, for status and tests. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : List.of("advisory", "advisory_alias", "affected", "kev", "epss", "nvd")) {
            try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM " + table); ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.put(table, rs.getLong(1));
            } catch (SQLException e) {
                throw new StoreException("counting " + table, e);
            }
        }
        return out;
    }

    /** Advisories per source ({@code osv}, {@code debian-tracker}...). */
    public synchronized Map<String, Long> advisoriesBySource() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT source, COUNT(*) FROM advisory GROUP BY source ORDER BY source");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("counting advisories", e);
        }
        return out;
    }

    /**
     * SHA-256 over every content row (not feed_state, whose timestamps change on every import, nor
     * Flyway's history) in a fixed order: equal hashes mean equal advisory data.
     */
    public synchronized String contentHash() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("advisory", "source, id");
        tables.put("advisory_alias", "source, advisory_id, alias");
        tables.put("affected", "source, advisory_id, ecosystem, name, seq");
        tables.put("kev", "cve_id");
        tables.put("epss", "cve_id");
        tables.put("nvd", "cve_id");
        for (var t : tables.entrySet()) {
            // epss.logged_score is where the change log stands, not data: two stores with the same scores hash the same
            String columns = t.getKey().equals("epss") ? "cve_id, feed, score, percentile, model_version, score_date" : "*";
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + columns + " FROM " + t.getKey() + " ORDER BY " + t.getValue());
                 ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                digest.update(t.getKey().getBytes(StandardCharsets.UTF_8));
                while (rs.next()) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        digest.update(String.valueOf(rs.getString(i)).getBytes(StandardCharsets.UTF_8));
                        digest.update((byte) 0);
                    }
                    digest.update((byte) '\n');
                }
            } catch (SQLException e) {
                throw new StoreException("hashing " + t.getKey(), e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public synchronized List<Advisory> findByPackage(String ecosystemOrPurlType, String name) {
        boolean byPurlType = Ecosystems.isPurlType(ecosystemOrPurlType) || Ecosystems.purlType(ecosystemOrPurlType) == null;
        String column = byPurlType ? "purl_type" : "ecosystem_base";
        String key = byPurlType ? ecosystemOrPurlType.toLowerCase(Locale.ROOT) : Ecosystems.base(ecosystemOrPurlType);
        String sql = "SELECT a.source, a.id, a.doc, f.doc FROM affected f JOIN advisory a ON a.source = f.source AND a.id = f.advisory_id "
                + "WHERE f." + column + " = ? AND f.name = ? ORDER BY a.source, a.id, f.ecosystem, f.seq";
        return query(sql, key, PackageNames.normalise(ecosystemOrPurlType, name));
    }

    /** Names per query in {@link #findByPackages}: SQLite allows 32,766 parameters; a few hundred keep statements small. */
    private static final int NAMES_PER_QUERY = 500;

    /**
     * {@link #findByPackage} for many names of one ecosystem at once, for matching a whole SBOM: fewer
     * queries, and an advisory shared by several names is read once. Keys are the names as given.
     */
    public synchronized Map<String, List<Advisory>> findByPackages(String ecosystemOrPurlType, java.util.Collection<String> names) {
        boolean byPurlType = Ecosystems.isPurlType(ecosystemOrPurlType) || Ecosystems.purlType(ecosystemOrPurlType) == null;
        String column = byPurlType ? "purl_type" : "ecosystem_base";
        String key = byPurlType ? ecosystemOrPurlType.toLowerCase(Locale.ROOT) : Ecosystems.base(ecosystemOrPurlType);
        Map<String, java.util.Set<String>> askedAs = new LinkedHashMap<>();
        for (String name : names) {
            askedAs.computeIfAbsent(PackageNames.normalise(ecosystemOrPurlType, name), k -> new java.util.LinkedHashSet<>()).add(name);
        }
        Map<String, List<Advisory>> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, new ArrayList<>()));
        Map<String, Advisory> parsed = new java.util.HashMap<>();
        List<String> normalised = new ArrayList<>(askedAs.keySet());
        try {
            for (int from = 0; from < normalised.size(); from += NAMES_PER_QUERY) {
                List<String> chunk = normalised.subList(from, Math.min(normalised.size(), from + NAMES_PER_QUERY));
                String sql = "SELECT f.name, a.source, a.id, a.doc, f.doc FROM affected f JOIN advisory a ON a.source = f.source "
                        + "AND a.id = f.advisory_id WHERE f." + column + " = ? AND f.name IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ") ORDER BY f.name, a.source, a.id, f.ecosystem, f.seq";
                // name -> advisory key -> its affected entries for that name
                Map<String, Map<String, List<AffectedPackage>>> hits = new LinkedHashMap<>();
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    ps.setString(1, key);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String advisoryKey = rs.getString(2) + "\u0000" + rs.getString(3);
                            if (!parsed.containsKey(advisoryKey)) {
                                parsed.put(advisoryKey, AdvisoryDocuments.readAdvisory(rs.getString(4)));
                            }
                            hits.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                                    .computeIfAbsent(advisoryKey, k -> new ArrayList<>())
                                    .add(AdvisoryDocuments.readAffected(rs.getString(5)));
                        }
                    }
                }
                hits.forEach((name, byAdvisory) -> {
                    List<Advisory> list = new ArrayList<>();
                    byAdvisory.forEach((advisoryKey, entries) -> list.add(parsed.get(advisoryKey).withAffected(entries)));
                    askedAs.get(name).forEach(asked -> out.get(asked).addAll(list));
                });
            }
        } catch (SQLException e) {
            throw new StoreException("looking up advisories", e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return out;
    }

    private List<Advisory> query(String sql, String... params) {
        Map<String, Advisory> byKey = new LinkedHashMap<>();
        Map<String, List<AffectedPackage>> affected = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "\u0000" + rs.getString(2);
                    if (!byKey.containsKey(key)) {
                        byKey.put(key, AdvisoryDocuments.readAdvisory(rs.getString(3)));
                        affected.put(key, new ArrayList<>());
                    }
                    String doc = rs.getString(4);
                    if (doc != null) {
                        affected.get(key).add(AdvisoryDocuments.readAffected(doc));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("looking up advisories", e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        List<Advisory> out = new ArrayList<>(byKey.size());
        byKey.forEach((key, a) -> out.add(a.withAffected(affected.get(key))));
        return out;
    }

    @Override
    public synchronized Optional<Advisory> findById(String id) {
        List<Advisory> direct = query("SELECT a.source, a.id, a.doc, f.doc FROM advisory a LEFT JOIN affected f ON f.source = a.source "
                + "AND f.advisory_id = a.id WHERE a.id = ? ORDER BY a.source, f.ecosystem, f.name, f.seq", id);
        if (!direct.isEmpty()) {
            // OSV first: its record is the richest when a CVE also has a tracker entry
            return direct.stream().filter(a -> a.source().equals(FeedKind.OSV.source())).findFirst().or(() -> Optional.of(direct.get(0)));
        }
        return findByAlias(id).stream().findFirst();
    }

    @Override
    public synchronized List<Advisory> findByAlias(String id) {
        return query("SELECT a.source, a.id, a.doc, f.doc FROM advisory a LEFT JOIN affected f ON f.source = a.source "
                + "AND f.advisory_id = a.id WHERE a.id = ? OR EXISTS (SELECT 1 FROM advisory_alias x WHERE x.source = a.source "
                + "AND x.advisory_id = a.id AND x.alias = ?) ORDER BY a.source, a.id, f.ecosystem, f.name, f.seq", id, id);
    }

    private static final String KEV_COLUMNS = "cve_id, vendor_project, product, vulnerability_name, date_added, due_date, "
            + "required_action, ransomware, notes FROM kev";
    private static final String EPSS_COLUMNS = "cve_id, score, percentile, model_version, score_date FROM epss";
    private static final String NVD_COLUMNS = "cve_id, description, published, last_modified, doc FROM nvd";

    @Override
    public synchronized Optional<KevEntry> kev(String cveId) {
        return Optional.ofNullable(byCve(KEV_COLUMNS, List.of(cveId), "KEV", this::kevRow).get(cveId));
    }

    @Override
    public synchronized Optional<EpssEntry> epss(String cveId) {
        return Optional.ofNullable(byCve(EPSS_COLUMNS, List.of(cveId), "EPSS", this::epssRow).get(cveId));
    }

    @Override
    public synchronized Optional<NvdEntry> nvd(String cveId) {
        return Optional.ofNullable(byCve(NVD_COLUMNS, List.of(cveId), "NVD", this::nvdRow).get(cveId));
    }

    @Override
    public synchronized Map<String, KevEntry> kevs(java.util.Collection<String> cveIds) {
        return byCve(KEV_COLUMNS, cveIds, "KEV", this::kevRow);
    }

    @Override
    public synchronized Map<String, EpssEntry> epssScores(java.util.Collection<String> cveIds) {
        return byCve(EPSS_COLUMNS, cveIds, "EPSS", this::epssRow);
    }

    @Override
    public synchronized Map<String, NvdEntry> nvds(java.util.Collection<String> cveIds) {
        return byCve(NVD_COLUMNS, cveIds, "NVD", this::nvdRow);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException, IOException;
    }

    /**
     * Rows of one enrichment table (keyed by cve_id) for many ids: one {@code IN (...)} query per
     * {@link #NAMES_PER_QUERY} ids (same SQL on SQLite and PostgreSQL). Absent ids have no key.
     */
    private <T> Map<String, T> byCve(String columnsFromTable, java.util.Collection<String> cveIds, String feed, Row<T> row) {
        List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(cveIds));
        Map<String, T> out = new LinkedHashMap<>();
        try {
            for (int from = 0; from < ids.size(); from += NAMES_PER_QUERY) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + NAMES_PER_QUERY));
                String sql = "SELECT " + columnsFromTable + " WHERE cve_id IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), row.read(rs));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading " + feed + " " + (ids.size() == 1 ? ids.get(0) : ids.size() + " CVEs"), e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return out;
    }

    private KevEntry kevRow(ResultSet rs) throws SQLException {
        return new KevEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), date(rs.getString(5)),
                date(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    private EpssEntry epssRow(ResultSet rs) throws SQLException {
        return new EpssEntry(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4), date(rs.getString(5)));
    }

    private NvdEntry nvdRow(ResultSet rs) throws SQLException, IOException {
        List<Severity> severities = AdvisoryDocuments.readSeverities(rs.getString(5));
        return new NvdEntry(rs.getString(1), rs.getString(2), instant(rs.getString(3)), instant(rs.getString(4)), severities);
    }

    /**
     * A document the store cannot read: the database came from a broken or hostile bundle, or was edited. A user error
     * with one line, not an internal one: the way out is to rebuild the database.
     */
    private WardenException unreadable(IOException e) {
        String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new WardenException("the advisory database " + database.describe() + " holds a document it cannot read ("
                + why.lines().findFirst().orElse("") + "); rebuild it ('warden db update', or 'warden db import' of a good bundle)", e);
    }

    /** A consistent copy of a SQLite store into {@code target} (which must not exist), for bundles. */
    public synchronized void copyTo(Path target) {
        if (!database.isSqlite()) {
            throw new WardenException("bundles are built from the SQLite store; " + database.describe() + " is PostgreSQL");
        }
        try (PreparedStatement ps = connection.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, target.toAbsolutePath().toString());
            ps.execute();
        } catch (SQLException e) {
            throw new StoreException("copying the database to " + target, e);
        }
    }

    private static LocalDate date(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing", e);
        }
    }
}
