package dev.warden.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A stored image's integer key ({@code image.id}, server schema 8): what its rows of packages and lookup keys
 * ({@code image_package}, {@code image_advisory_key}), 200-odd per image, are keyed by instead of the 71-character
 * digest. The digest stays the image's name everywhere else (API, findings, judgements, alerts).
 */
final class ImageKeys {
    private ImageKeys() {}

    /**
     * The SQL expression giving a new image its key: on SQLite the next after the largest (one writer at a time, in the
     * push's transaction, so no two pushes take the same); on PostgreSQL the {@code image_key} sequence (replicas
     * pushing at once never wait for each other's numbers).
     */
    static String next(boolean sqlite) {
        return sqlite ? "(SELECT COALESCE(MAX(id), 0) + 1 FROM image)" : "nextval('image_key')";
    }

    /** The key of the stored image with this digest; an IllegalStateException when it is not stored (callers hold its row). */
    static long of(Connection c, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM image WHERE digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(1) == null) {
                    throw new IllegalStateException("the image " + digest + " is not stored (or has no key): its packages cannot be indexed");
                }
                return rs.getLong(1);
            }
        }
    }
}
