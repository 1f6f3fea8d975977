package dev.warden.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit log: every change of policy, VEX or token, with who made it, when, and the object before and after. Rows
 * are written in the transaction of the change they record and never updated or deleted; the API only reads them.
 */
public final class AuditLog {
    /** One recorded change; {@code before} and {@code after} are JSON documents, null when the object did not exist. */
    public record Entry(String id, Instant at, String actor, String action, String objectType, String objectId,
                        String before, String after) {}

    private AuditLog() {}

    public static void record(Connection c, String actor, String action, String objectType, String objectId,
                              String before, String after) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (id, at, actor, action, object_type, object_id, "
                + "before_doc, after_doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, actor);
            ps.setString(4, action);
            ps.setString(5, objectType);
            ps.setString(6, objectId);
            ps.setString(7, before);
            ps.setString(8, after);
            ps.executeUpdate();
        }
    }

    /** Newest first; {@code objectType} null for all. */
    public static List<Entry> list(Connection c, String objectType, int limit, int offset) throws SQLException {
        String sql = "SELECT id, at, actor, action, object_type, object_id, before_doc, after_doc FROM audit_log"
                + (objectType == null ? "" : " WHERE object_type = ?") + " ORDER BY at DESC, id LIMIT ? OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (objectType != null) {
                ps.setString(i++, objectType);
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        }
    }
}
