package dev.warden.server;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * The monitor's cursors ({@code monitor_cursor}): how far each trigger has been followed, and which replica works on
 * it now. A replica claims a cursor with a compare-and-set on its lease (one UPDATE: free, expired, or already its
 * own), works, then advances it and lets go in one more; a replica that dies holding it loses it when the lease ends,
 * and another does the range again (re-judging is idempotent: a second judgement of unchanged data stores nothing new
 * and raises no alert). Claims, advances and releases are redoable commits ({@link Transactions#inRedoableTransaction}):
 * one lost in a crash of the database's machine leaves the range to be done again.
 */
final class MonitorCursors {
    /** One cursor. */
    record Cursor(String name, String identity, long position, String owner, Long leaseUntil, long updatedAt) {}

    private final Transactions tx;

    MonitorCursors(Transactions tx) {
        this.tx = tx;
    }

    Optional<Cursor> read(String name) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, identity, position, owner, lease_until, updated_at FROM monitor_cursor "
                    + "WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long lease = rs.getLong(5);
                    Long leaseUntil = rs.wasNull() ? null : lease;
                    return Optional.of(new Cursor(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), leaseUntil, rs.getLong(6)));
                }
            }
        });
    }

    /** Creates the cursor at a starting point unless another replica did first. */
    void initialise(String name, String identity, long position, long now) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO monitor_cursor (name, identity, position, updated_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, identity);
                ps.setLong(3, position);
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Takes (or renews) the cursor's lease for {@code owner}; false when another replica holds it. */
    boolean claim(String name, String owner, long now, long leaseUntil) {
        return tx.inRedoableTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE monitor_cursor SET owner = ?, lease_until = ? WHERE name = ? "
                    + "AND (owner IS NULL OR owner = ? OR lease_until IS NULL OR lease_until < ?)")) {
                ps.setString(1, owner);
                ps.setLong(2, leaseUntil);
                ps.setString(3, name);
                ps.setString(4, owner);
                ps.setLong(5, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Moves the cursor on and lets go of it; false when the lease was lost meanwhile (then another replica redoes it). */
    boolean advance(String name, String owner, String identity, long position, long now) {
        return tx.inRedoableTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE monitor_cursor SET identity = ?, position = ?, owner = NULL, lease_until = NULL, "
                    + "updated_at = ? WHERE name = ? AND owner = ?")) {
                ps.setString(1, identity);
                ps.setLong(2, position);
                ps.setLong(3, now);
                ps.setString(4, name);
                ps.setString(5, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Lets go without moving (the work failed; the next round tries again). */
    void release(String name, String owner) {
        tx.inRedoableTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE monitor_cursor SET owner = NULL, lease_until = NULL WHERE name = ? AND owner = ?")) {
                ps.setString(1, name);
                ps.setString(2, owner);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
