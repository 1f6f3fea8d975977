package dev.warden.catalog.os.rpm;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** rpm's sqlite backend (RHEL 9+, Fedora 33+): table Packages(hnum INTEGER PRIMARY KEY, blob BLOB). */
public final class SqliteRpmDb {
    private SqliteRpmDb() {}

    /** {@code copy} is Warden's own copy of the database (sqlite needs a file); {@code shown} names the original. */
    public static void read(Path copy, String shown, HeaderBlobs blobs) throws IOException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath())) {
            // A hostile database could make "Packages" a view over an endless recursive query.
            try (PreparedStatement kind = db.prepareStatement("SELECT type FROM sqlite_master WHERE name = 'Packages'")) {
                kind.setQueryTimeout(CatalogLimits.RPM_SQLITE_TIMEOUT_SECONDS);
                try (ResultSet rs = kind.executeQuery()) {
                    if (!rs.next() || !"table".equals(rs.getString(1))) {
                        throw new WardenException(shown + ": not an rpm sqlite database (no Packages table)");
                    }
                }
            }
            try (PreparedStatement query = db.prepareStatement("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
                query.setQueryTimeout(CatalogLimits.RPM_SQLITE_TIMEOUT_SECONDS);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        byte[] blob = rs.getBytes(2);
                        if (blob != null) {
                            blobs.blob(shown + " record " + rs.getLong(1), blob);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new WardenException(shown + ": cannot read the rpm sqlite database: " + e.getMessage(), e);
        }
    }
}
