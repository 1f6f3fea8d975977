package dev.warden.vulndb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.AtomicFile;
import dev.warden.core.WardenException;
import dev.warden.vulndb.feed.Inputs;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import dev.warden.vulndb.store.FeedState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Portable database bundles for air-gapped sites: a zip holding {@code manifest.json} (format, bundle
 * and schema versions, build time, feed states, row counts, SHA-256 and size of the database) and
 * {@code warden.db} (a consistent SQLite copy). Installing verifies all of it before the database is
 * swapped in with one atomic rename.
 */
public final class Bundles {

    public static final String FORMAT = "warden-db-bundle";
    /** Bumped when the bundle layout changes (not the schema, which has its own number). */
    public static final int BUNDLE_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String DB = "warden.db";

    private Bundles() {}

    /** Writes the bundle of {@code store} to {@code output}; returns the manifest. */
    public static JsonNode build(AdvisoryStore store, Path output) throws IOException {
        Path abs = output.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path copy = Files.createTempFile(abs.getParent(), ".warden-bundle-", ".db");
        Files.delete(copy);
        try {
            store.copyTo(copy);
            ObjectMapper json = Json.store().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode manifest = json.createObjectNode();
            manifest.put("format", FORMAT);
            manifest.put("bundleVersion", BUNDLE_VERSION);
            manifest.put("schemaVersion", Database.SCHEMA_VERSION);
            manifest.put("builtAt", Instant.now().toString());
            ArrayNode feeds = manifest.putArray("feeds");
            for (FeedState s : store.feedStates()) {
                feeds.addPOJO(s);
            }
            manifest.set("counts", json.valueToTree(store.counts()));
            ObjectNode db = manifest.putObject("database");
            db.put("path", DB);
            db.put("size", Files.size(copy));
            db.put("sha256", sha256(copy));
            AtomicFile.write(abs, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(json.writeValueAsBytes(manifest));
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(DB));
                Files.copy(copy, zip);
                zip.closeEntry();
                zip.finish();
            });
            return manifest;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * Verifies {@code bundle} and installs it as {@code target} (a SQLite file) atomically. Nothing is
     * changed unless every check passes. Returns the manifest.
     */
    public static JsonNode install(Path bundle, Path target) throws IOException {
        Inputs.requireFeedFile(bundle);
        if (!Inputs.isZip(bundle)) {
            throw new WardenException(bundle + ": not a Warden database bundle (not a zip file)");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path incoming = Files.createTempFile(dir, ".warden-incoming-", ".db");
        JsonNode manifest = null;
        String actualSha = null;
        long actualSize = -1;
        try {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    switch (entry.getName()) {
                        case MANIFEST -> manifest = Json.json().readTree(Inputs.readBounded(zip, Limits.MAX_MANIFEST_BYTES, bundle + "!" + MANIFEST));
                        case DB -> {
                            MessageDigest sha = newSha();
                            try (OutputStream out = Files.newOutputStream(incoming)) {
                                actualSize = copyBounded(new DigestInputStream(zip, sha), out, bundle);
                            }
                            actualSha = HexFormat.of().formatHex(sha.digest());
                        }
                        default -> throw new WardenException(bundle + ": unexpected entry '" + entry.getName() + "' in a Warden database bundle");
                    }
                }
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new WardenException(bundle + ": broken or truncated bundle (" + e.getMessage() + ")", e);
            }
            checkCentralDirectory(bundle, actualSize);
            if (manifest == null || !FORMAT.equals(manifest.path("format").asText())) {
                throw new WardenException(bundle + ": not a Warden database bundle (no manifest.json of format " + FORMAT + ")");
            }
            if (manifest.path("bundleVersion").asInt() != BUNDLE_VERSION) {
                throw new WardenException(bundle + ": bundle version " + manifest.path("bundleVersion").asText()
                        + " is not supported (this Warden reads version " + BUNDLE_VERSION + ")");
            }
            int schema = manifest.path("schemaVersion").asInt(-1);
            if (schema < 1 || schema > Database.SCHEMA_VERSION) {
                throw new WardenException(bundle + ": database schema " + schema + " is newer than this Warden supports ("
                        + Database.SCHEMA_VERSION + "): upgrade Warden");
            }
            if (actualSha == null) {
                throw new WardenException(bundle + ": the bundle holds no " + DB);
            }
            String expected = manifest.path("database").path("sha256").asText();
            if (!expected.equalsIgnoreCase(actualSha) || manifest.path("database").path("size").asLong() != actualSize) {
                throw new WardenException(bundle + ": checksum mismatch (manifest says sha256 " + expected + ", the database is "
                        + actualSha + "): the bundle is corrupt or was altered");
            }
            Database incomingDb = Database.sqlite(incoming);
            checkIntegrity(incomingDb, bundle);
            incomingDb.migrate();
            renewIdentity(incomingDb, bundle);
            Files.move(incoming, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    /**
     * The entries were read in order from their local headers, which a file cut anywhere after the database's data
     * still has. A zip is whole only with its central directory: it must be there, and list exactly the two entries
     * read, the database at the size read (a directory that disagrees with the local headers is a parser-confusion
     * trick, not a bundle Warden wrote).
     */
    private static void checkCentralDirectory(Path bundle, long dbSize) {
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            var names = zip.stream().map(ZipEntry::getName).sorted().toList();
            ZipEntry db = zip.getEntry(DB);
            if (!names.equals(java.util.List.of(MANIFEST, DB)) || db == null || db.getSize() != dbSize) {
                throw new WardenException(bundle + ": the zip's central directory does not list what its entries hold ("
                        + String.join(", ", names.stream().limit(5).toList()) + "): not a bundle Warden wrote");
            }
        } catch (IOException e) {
            throw new WardenException(bundle + ": broken or truncated bundle (its zip central directory cannot be read: "
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The database swapped in whole gets an identity of its own: a server watching this location sees a database it
     * has not followed and re-matches everything, as its change log cannot say what differs from the file replaced.
     */
    private static void renewIdentity(Database db, Path bundle) {
        try (Connection c = db.connect()) {
            dev.warden.vulndb.store.ChangeLog.renewIdentity(c);
        } catch (SQLException e) {
            throw new WardenException(bundle + ": the database in the bundle cannot be written (" + e.getMessage() + ")", e);
        }
    }

    private static void checkIntegrity(Database db, Path bundle) {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            if (!rs.next() || !"ok".equalsIgnoreCase(rs.getString(1))) {
                throw new WardenException(bundle + ": the database in the bundle fails SQLite's integrity check");
            }
        } catch (SQLException e) {
            throw new WardenException(bundle + ": the database in the bundle cannot be opened (" + e.getMessage() + ")", e);
        }
    }

    private static long copyBounded(InputStream in, OutputStream out, Path bundle) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > Limits.MAX_BUNDLE_DB_BYTES) {
                throw new WardenException(bundle + ": the database is larger than the limit of " + Limits.MAX_BUNDLE_DB_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest sha = newSha();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newSha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
