package dev.warden.vulndb.jars;

import dev.warden.core.WardenException;
import dev.warden.core.jar.JarCoordinates;
import dev.warden.vulndb.Limits;
import dev.warden.vulndb.store.JarIndexStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.sqlite.SQLiteConfig;

/**
 * Trivy's Java index ({@code trivy-java.db}, schema 1 of github.com/aquasecurity/trivy-java-db): SQLite with
 * {@code artifacts(id, group_id, artifact_id)} and {@code indices(artifact_id, version, sha1 BLOB, archive_type)},
 * the SHA-1 of every jar on Maven Central. Read as a SQLite file, or from the {@code javadb.tar.gz} its OCI
 * artifact ({@code ghcr.io/aquasecurity/trivy-java-db:1}) carries. Opened read-only; rows with a SHA-1 that is not
 * 20 bytes or empty coordinates are counted as warnings.
 */
public final class TrivyJavaDb {
    /** The OCI layer media type of Trivy's Java index. */
    public static final String LAYER_MEDIA_TYPE = "application/vnd.aquasec.trivy.javadb.layer.v1.tar+gzip";
    /** Where Trivy publishes it. */
    public static final String DEFAULT_REPOSITORY = "ghcr.io/aquasecurity/trivy-java-db:1";
    /** The artifact's compressed layer: ~400 MB in 2025; ten times that is not Trivy's. */
    public static final long MAX_ARCHIVE_BYTES = 4L << 30;
    /** The database file inside the artifact's tar. */
    static final String DB_FILE = "trivy-java.db";
    /** The unpacked database: ~1 GB in 2025 (about 50 million jars); ten times that is not Trivy's. */
    static final long MAX_DB_BYTES = 16L << 30;
    /** Entries looked at in the artifact's tar (it holds the database and metadata.json). */
    static final int MAX_TAR_ENTRIES = 16;
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private TrivyJavaDb() {}

    /** Whether {@code file} is a SQLite database (what {@link #read} then checks is Trivy's schema). */
    public static boolean isSqlite(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
        }
    }

    /** Whether {@code file} is the artifact's gzip tar, by its name ({@code javadb.tar.gz}, as ORAS saves it). */
    public static boolean isArtifactArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && name.startsWith("javadb") && (name.endsWith(".tar.gz") || name.endsWith(".tgz"));
    }

    /** Unpacks {@code trivy-java.db} from the artifact's gzip tar into {@code scratch}; returns the file. */
    public static Path unpack(Path archive, Path scratch) throws IOException {
        Files.createDirectories(scratch);
        Path target = scratch.resolve(DB_FILE);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry entry;
            for (int i = 0; (entry = tar.getNextEntry()) != null && i < MAX_TAR_ENTRIES; i++) {
                String name = entry.getName();
                if (entry.isFile() && (name.equals(DB_FILE) || name.equals("./" + DB_FILE))) {
                    if (entry.getSize() > MAX_DB_BYTES) {
                        throw new WardenException(archive + ": " + DB_FILE + " of " + entry.getSize() + " bytes is larger than the limit of " + MAX_DB_BYTES);
                    }
                    copyBounded(tar, target, archive);
                    return target;
                }
            }
        } catch (java.io.EOFException | IllegalArgumentException e) {
            throw new WardenException(archive + ": not a readable gzip tar (" + e.getMessage() + ")");
        }
        throw new WardenException(archive + ": holds no " + DB_FILE + " (is it Trivy's Java index artifact?)");
    }

    private static void copyBounded(InputStream in, Path target, Path archive) throws IOException {
        byte[] buffer = new byte[64 << 10];
        long count = 0;
        try (var out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                count += n;
                if (count > MAX_DB_BYTES) {
                    throw new WardenException(archive + ": " + DB_FILE + " larger than the limit of " + MAX_DB_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    /** Writes a row for every jar of the database at {@code file}. */
    public static void read(Path file, JarIndexStore.Sink sink) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            Set<String> tables = new java.util.HashSet<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (!tables.containsAll(Set.of("artifacts", "indices"))) {
                throw new WardenException(file + ": not Trivy's Java index (no 'artifacts' and 'indices' tables)");
            }
            HexFormat hex = HexFormat.of();
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT a.group_id, a.artifact_id, i.version, i.sha1 FROM indices i "
                    + "JOIN artifacts a ON a.id = i.artifact_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (++rows > Limits.MAX_RECORDS_PER_IMPORT * 10) {
                        throw new WardenException(file + ": more than " + Limits.MAX_RECORDS_PER_IMPORT * 10 + " rows; stopped");
                    }
                    byte[] sha1 = rs.getBytes(4);
                    String group = rs.getString(1);
                    String artifact = rs.getString(2);
                    String version = rs.getString(3);
                    if (sha1 == null || sha1.length != 20 || blank(group) || blank(artifact) || blank(version)) {
                        sink.warn("row " + rows + ": incomplete (" + group + ":" + artifact + ":" + version + ")");
                        continue;
                    }
                    sink.add(hex.formatHex(sha1), new JarCoordinates(group, artifact, version));
                }
            }
        } catch (SQLException e) {
            throw new WardenException(file + ": not a readable Trivy Java index (" + e.getMessage() + ")", e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
