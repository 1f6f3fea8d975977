package dev.warden.vulndb.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The read side of the advisory database's change log (schema 4), for a watcher such as the server's monitor: the
 * database's identity and newest sequence number (one cheap query to poll), and the changes after a sequence number.
 * Every import writes the log in its own transaction ({@link ChangeRecorder}); a database file swapped in whole by
 * {@code warden db import BUNDLE} gets a new identity, which means "everything may have changed".
 */
public final class ChangeLog {
    /** Where the log stands: a watcher that saw another identity, or a higher seq, must re-match everything. */
    public record State(String identity, long lastSeq) {}

    /**
     * One logged change.
     *
     * @param kind     added | changed | withdrawn | all
     * @param purlType null when the package's ecosystem has no purl type (then only the advisory id finds its images)
     */
    public record Change(long seq, long at, String feed, String source, String advisoryId, String kind, String purlType, String name) {
        public boolean everything() {
            return "all".equals(kind);
        }
    }

    private ChangeLog() {}

    public static State state(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT identity, last_seq FROM change_state WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new State(rs.getString(1), rs.getLong(2)) : new State("", 0);
        }
    }

    /** Changes with a seq above {@code after}, oldest first, at most {@code limit}. */
    public static List<Change> since(Connection c, long after, int limit) throws SQLException {
        List<Change> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, feed, source, advisory_id, kind, purl_type, name FROM change_log "
                + "WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    /** Gives a database that has none yet its identity; reads first, so an up-to-date database is not written to. */
    static void ensureIdentity(Connection c) throws SQLException {
        if (state(c).identity().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE change_state SET identity = ? WHERE id = 1 AND identity = ''")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.executeUpdate();
            }
        }
    }

    /** A new identity, for a database file about to replace another whole. */
    public static void renewIdentity(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE change_state SET identity = ? WHERE id = 1")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.executeUpdate();
        }
    }
}
