package dev.warden.vulndb.jars;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Jars, repository layouts and Trivy Java index files written for the jar index tests. */
public final class JarFixtures {
    private JarFixtures() {}

    /** A real (small) jar: a manifest and one class-named entry, different bytes for each name. */
    public static byte[] jar(String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nImplementation-Title: " + name + "\n").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(name.replace('-', '/') + "/A.class"));
            zip.write(name.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    public static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code bytes} at {@code relative} under {@code root}, creating folders. */
    public static Path write(Path root, String relative, byte[] bytes) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** One row of a Trivy Java index. */
    public record Row(String group, String artifact, String version, byte[] sha1, String archiveType) {}

    /**
     * A SQLite file in Trivy's Java index schema 1, with the tables and indexes exactly as
     * github.com/aquasecurity/trivy-java-db pkg/db/db.go creates them (Apache-2.0; the schema, not code).
     */
    public static Path trivyDb(Path file, List<Row> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT)");
            s.execute("CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT, "
                    + "foreign key (artifact_id) references artifacts(id))");
            s.execute("CREATE UNIQUE INDEX artifacts_idx ON artifacts(artifact_id, group_id)");
            s.execute("CREATE INDEX indices_artifact_idx ON indices(artifact_id)");
            s.execute("CREATE UNIQUE INDEX indices_sha1_idx ON indices(sha1)");
            for (Row r : rows) {
                try (PreparedStatement a = c.prepareStatement("INSERT OR IGNORE INTO artifacts(group_id, artifact_id) VALUES (?, ?)")) {
                    a.setString(1, r.group());
                    a.setString(2, r.artifact());
                    a.executeUpdate();
                }
                try (PreparedStatement i = c.prepareStatement("INSERT INTO indices(artifact_id, version, sha1, archive_type) VALUES "
                        + "((SELECT id FROM artifacts WHERE group_id = ? AND artifact_id = ?), ?, ?, ?)")) {
                    i.setString(1, r.group());
                    i.setString(2, r.artifact());
                    i.setString(3, r.version());
                    i.setBytes(4, r.sha1());
                    i.setString(5, r.archiveType());
                    i.executeUpdate();
                }
            }
        }
        return file;
    }

    /** The gzip tar the OCI artifact carries: {@code trivy-java.db} and {@code metadata.json}. */
    public static Path artifactArchive(Path db, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            byte[] metadata = "{\"Version\":1,\"NextUpdate\":\"2026-12-10T00:00:00Z\",\"UpdatedAt\":\"2026-12-03T00:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry m = new TarArchiveEntry("metadata.json");
            m.setSize(metadata.length);
            tar.putArchiveEntry(m);
            tar.write(metadata);
            tar.closeArchiveEntry();
            TarArchiveEntry d = new TarArchiveEntry("trivy-java.db");
            d.setSize(Files.size(db));
            tar.putArchiveEntry(d);
            Files.copy(db, tar);
            tar.closeArchiveEntry();
        }
        return target;
    }
}
