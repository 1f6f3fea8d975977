package dev.warden.vulndb.store;

import dev.warden.core.WardenException;
import dev.warden.core.jar.JarCoordinates;
import dev.warden.core.jar.JarIndex;
import dev.warden.vulndb.ImportReport;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The jar index table of the advisory database ({@code jar_index}, migration V2): SHA-1 of a jar -> the Maven
 * coordinates it was published under, one set of rows per feed (a repository folder, Trivy's Java index). Each
 * import replaces its feed's rows in one transaction, so a failed import leaves the index as it was. Its own
 * connection; methods are synchronized, as a JDBC connection serves one caller at a time.
 */
public final class JarIndexStore implements JarIndex, AutoCloseable {
    /** SHA-1s asked per query: under SQLite's and PostgreSQL's bound-parameter limits with room to spare. */
    static final int LOOKUP_BATCH = 500;
    /** Rows written per JDBC batch. */
    static final int INSERT_BATCH = 5_000;
    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    private final Database database;
    private final Connection connection;

    private JarIndexStore(Database database, Connection connection) {
        this.database = database;
        this.connection = connection;
    }

    /** Migrates the schema if needed, then opens. */
    public static JarIndexStore open(Database database) {
        database.migrate();
        return new JarIndexStore(database, database.connect());
    }

    public Database database() {
        return database;
    }

    /** Receives the rows of one import. */
    public interface Sink {
        /** One jar: {@code sha1} in lower-case hex. */
        void add(String sha1, JarCoordinates coordinates) throws IOException;

        /** Something in the input that could not become a row (counted; the first few kept for the report). */
        void warn(String message);
    }

    /** What one import does: write its rows into the sink. */
    @FunctionalInterface
    public interface ImportBody {
        void run(Sink sink) throws IOException;
    }

    /**
     * Replaces the rows of {@code feed} with what {@code body} writes, in one transaction, and records the feed
     * (kind {@code kind}, from {@code location}) in {@code feed_state} so {@code db status} lists it.
     */
    public synchronized ImportReport importFeed(String feed, String kind, String location, int maxWarningsKept, ImportBody body) {
        long start = System.nanoTime();
        List<String> warnings = new ArrayList<>();
        long[] counts = new long[2]; // rows, warnings
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement clear = connection.prepareStatement("DELETE FROM jar_index WHERE feed = ?")) {
                clear.setString(1, feed);
                clear.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jar_index (sha1, group_id, artifact_id, version, feed) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                int[] pending = {0};
                body.run(new Sink() {
                    @Override
                    public void add(String sha1, JarCoordinates c) throws IOException {
                        if (!SHA1.matcher(sha1).matches()) {
                            warn("not a SHA-1: " + sha1 + " for " + c);
                            return;
                        }
                        try {
                            insert.setString(1, sha1);
                            insert.setString(2, c.groupId());
                            insert.setString(3, c.artifactId());
                            insert.setString(4, c.version());
                            insert.setString(5, feed);
                            insert.addBatch();
                            counts[0]++;
                            if (++pending[0] >= INSERT_BATCH) {
                                insert.executeBatch();
                                pending[0] = 0;
                            }
                        } catch (SQLException e) {
                            throw new IOException("writing the jar index: " + e.getMessage(), e);
                        }
                    }

                    @Override
                    public void warn(String message) {
                        counts[1]++;
                        if (warnings.size() < maxWarningsKept) {
                            warnings.add(message);
                        }
                    }
                });
                insert.executeBatch();
            }
            AdvisoryStore.saveState(connection, new FeedState(feed, kind, location, null, null, Instant.now(), counts[0], counts[1], null));
            connection.commit();
            return new ImportReport(feed, counts[0], warnings, counts[1], false, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            rollback();
            throw new WardenException("import of " + feed + " failed: " + e.getMessage() + "; the jar index is unchanged", e);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("importing " + feed + " into the jar index (rolled back)", e);
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

    @Override
    public synchronized Map<String, List<JarCoordinates>> find(Collection<String> sha1s) {
        Map<String, LinkedHashSet<JarCoordinates>> found = new HashMap<>();
        List<String> all = sha1s.stream().filter(s -> SHA1.matcher(s).matches()).distinct().toList();
        for (int from = 0; from < all.size(); from += LOOKUP_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + LOOKUP_BATCH));
            String marks = String.join(", ", java.util.Collections.nCopies(batch.size(), "?"));
            try (PreparedStatement ps = connection.prepareStatement("SELECT sha1, group_id, artifact_id, version FROM jar_index "
                    + "WHERE sha1 IN (" + marks + ") ORDER BY sha1, group_id, artifact_id, version")) {
                for (int i = 0; i < batch.size(); i++) {
                    ps.setString(i + 1, batch.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>())
                                .add(new JarCoordinates(rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("reading the jar index", e);
            }
        }
        Map<String, List<JarCoordinates>> out = new HashMap<>();
        found.forEach((sha1, coordinates) -> out.put(sha1, List.copyOf(coordinates)));
        return out;
    }

    /** Rows per feed. */
    public synchronized Map<String, Long> countsByFeed() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT feed, COUNT(*) FROM jar_index GROUP BY feed ORDER BY feed");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("counting the jar index", e);
        }
        return out;
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // an open transaction is discarded when the connection closes
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to do
        }
    }
}
