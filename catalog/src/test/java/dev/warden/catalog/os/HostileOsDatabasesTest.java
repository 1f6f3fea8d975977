package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.CatalogLimits;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.catalog.os.rpm.BerkeleyDbHash;
import dev.warden.catalog.os.rpm.NdbRpmDb;
import dev.warden.catalog.os.rpm.RpmHeader;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacker-written package databases: each gives a warning naming the file, and the scan goes on. */
class HostileOsDatabasesTest {
    static final String STANZA = "Package: good\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n";

    @TempDir
    static Path work;
    static Map<Integer, byte[]> blobs;

    @BeforeAll
    static void realHeaders() throws Exception {
        // real headers (rpmbuild, rpm), frozen: the default build has no rpm
        Path root = RpmFixtures.copyFrozenRoot(work.resolve("root"));
        blobs = RpmFixtures.blobs(root.resolve("var/lib/rpm/rpmdb.sqlite"));
    }

    private static Path rootWith(Path dir, String path, byte[] content) throws Exception {
        Path file = dir.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return dir;
    }

    @Test
    void rpmHeaderWithALyingOffsetIsRefused() {
        byte[] blob = blobs.values().iterator().next().clone();
        ByteBuffer b = ByteBuffer.wrap(blob);
        int indexCount = b.getInt(0);
        for (int i = 0; i < indexCount; i++) {
            if (b.getInt(8 + 16 * i) == 1000) { // NAME
                b.putInt(8 + 16 * i + 8, 0x7fff0000);
            }
        }
        assertThatThrownBy(() -> RpmHeader.parse(blob, "db record 1")).isInstanceOf(WardenException.class)
                .hasMessageContaining("db record 1").hasMessageContaining("offset");
    }

    @Test
    void rpmHeaderDeclaringMoreThanItHasIsRefused() {
        byte[] blob = blobs.values().iterator().next().clone();
        ByteBuffer.wrap(blob).putInt(4, blob.length);
        assertThatThrownBy(() -> RpmHeader.parse(blob, "x")).isInstanceOf(WardenException.class).hasMessageContaining("declares");
        ByteBuffer.wrap(blob).putInt(0, -1);
        assertThatThrownBy(() -> RpmHeader.parse(blob, "x")).isInstanceOf(WardenException.class).hasMessageContaining("out of range");
    }

    @Test
    void mutatedRpmHeadersParseOrFailCleanly() {
        Random random = new Random(42);
        for (byte[] original : blobs.values()) {
            for (int round = 0; round < 3000; round++) {
                byte[] blob = original.clone();
                int flips = 1 + random.nextInt(4);
                int indexEnd = Math.min(blob.length, 8 + 16 * ByteBuffer.wrap(original).getInt(0));
                for (int f = 0; f < flips; f++) {
                    // mostly the index, where offsets and counts live
                    int at = random.nextInt(4) == 0 ? random.nextInt(blob.length) : random.nextInt(indexEnd);
                    blob[at] = (byte) random.nextInt(256);
                }
                try {
                    RpmHeader.parse(blob, "fuzz");
                } catch (WardenException expected) {
                    assertThat(expected.getMessage()).startsWith("fuzz: bad rpm header");
                }
            }
        }
    }

    /** Reads a database file the way a catalog does. */
    @FunctionalInterface
    interface DatabaseReader {
        void read(Path file) throws Exception;
    }

    /**
     * Flips random bytes of a real database file, 400 times: each read either works or ends in a
     * WardenException naming the file, and all of them finish within a minute.
     */
    private static void mutationsFailCleanly(byte[] bytes, long seed, java.util.function.IntUnaryOperator position,
                                             Path file, DatabaseReader reader) {
        Random random = new Random(seed);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 400; round++) {
                byte[] copy = bytes.clone();
                for (int f = 0; f < 1 + random.nextInt(8); f++) {
                    copy[position.applyAsInt(random.nextInt(Integer.MAX_VALUE))] = (byte) random.nextInt(256);
                }
                Files.write(file, copy);
                try {
                    reader.read(file);
                } catch (WardenException expected) {
                    assertThat(expected.getMessage()).startsWith(file.getFileName().toString());
                }
            }
        });
    }

    @Tag("live") // db5.3_load writes the Berkeley DB files
    @Test
    void mutatedBerkeleyDbFilesReadOrFailCleanlyAndNeverHang(@TempDir Path dir) throws Exception {
        Path original = dir.resolve("Packages.orig");
        RpmFixtures.writeBerkeleyDb(blobs, original, 512);
        byte[] bytes = Files.readAllBytes(original);
        mutationsFailCleanly(bytes, 7, r -> r % bytes.length, dir.resolve("Packages"),
                file -> BerkeleyDbHash.read(file, "Packages", (key, value) -> { }));
    }

    @Tag("live") // db5.3_load writes the Berkeley DB files
    @Test
    void berkeleyDbOverflowLoopIsStopped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Packages");
        RpmFixtures.writeBerkeleyDb(blobs, file, 512);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int looped = 0;
        for (int page = 1; page < bytes.length / 512; page++) {
            if (bytes[page * 512 + 25] == 7 && b.getInt(page * 512 + 16) != 0) { // overflow page with a successor
                b.putInt(page * 512 + 16, page); // points at itself
                looped++;
            }
        }
        assertThat(looped).isPositive();
        Files.write(file, bytes);
        assertThatThrownBy(() -> BerkeleyDbHash.read(file, "/var/lib/rpm/Packages", (k, v) -> { }))
                .isInstanceOf(WardenException.class).hasMessageContaining("/var/lib/rpm/Packages").hasMessageContaining("overflow");
    }

    @Test
    void mutatedNdbFilesReadOrFailCleanly(@TempDir Path dir) throws Exception {
        byte[] bytes = RpmFixtures.ndb(blobs);
        // half the flips land in the slot page and the first blob head, where lengths and offsets live
        mutationsFailCleanly(bytes, 3, r -> r % 2 == 0 ? r % Math.min(bytes.length, 4096 + 64) : r % bytes.length,
                dir.resolve("Packages.db"), file -> NdbRpmDb.read(file, "Packages.db", (where, blob) -> { }));
    }

    @Test
    void garbageRpmDatabasesAreWarningsAndTheScanGoesOn(@TempDir Path dir) throws Exception {
        Path root = rootWith(dir.resolve("root"), "/var/lib/rpm/rpmdb.sqlite", "not a database at all, just text".repeat(100).getBytes());
        rootWith(root, "/var/lib/rpm/Packages", new byte[8192]);
        rootWith(root, "/usr/lib/sysimage/rpm/Packages.db", "RpmP".getBytes());
        rootWith(root, "/var/lib/dpkg/status", STANZA.getBytes());
        Sbom sbom = scan(root, dir);
        assertThat(ofType(sbom, "deb")).extracting(p -> p.name()).containsExactly("good");
        assertThat(sbom.warnings()).anyMatch(w -> w.contains("/var/lib/rpm/rpmdb.sqlite"))
                .anyMatch(w -> w.contains("/var/lib/rpm/Packages:"))
                .anyMatch(w -> w.contains("/usr/lib/sysimage/rpm/Packages.db"));
    }

    @Test
    void sqliteDatabaseWithAnEndlessViewIsRefused(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("root/var/lib/rpm/rpmdb.sqlite");
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("CREATE VIEW Packages AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS hnum, x AS blob FROM n");
        }
        Sbom sbom = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> scan(dir.resolve("root"), dir));
        assertThat(sbom.warnings()).singleElement().asString().contains("/var/lib/rpm/rpmdb.sqlite").contains("no Packages table");
    }

    @Test
    void dpkgStatusWithAnEndlessLineKeepsWhatCameBefore(@TempDir Path dir) throws Exception {
        Path root = rootWith(dir.resolve("root"), "/var/lib/dpkg/status", STANZA.getBytes());
        try (OutputStream out = Files.newOutputStream(root.resolve("var/lib/dpkg/status"), java.nio.file.StandardOpenOption.APPEND)) {
            out.write("Description: ".getBytes());
            out.write(new byte[CatalogLimits.MAX_LINE_BYTES + 10]);
        }
        Sbom sbom = scan(root, dir);
        assertThat(ofType(sbom, "deb")).extracting(p -> p.name()).containsExactly("good");
        assertThat(sbom.warnings()).singleElement().asString().contains("/var/lib/dpkg/status").contains("longer than");
    }

    @Test
    void dpkgStatusWithMalformedStanzasWarnsAndSkipsThem(@TempDir Path dir) throws Exception {
        String status = "garbage line without colon\n\nPackage: noversion\nStatus: install ok installed\n\n"
                + "Package: removed\nStatus: deinstall ok config-files\nVersion: 2\n\n" + STANZA
                + "Package: held\nStatus: hold ok installed\nVersion: 3\nArchitecture: all\nSource: src (1:3)\n";
        Sbom sbom = scan(rootWith(dir.resolve("root"), "/var/lib/dpkg/status", status.getBytes()), dir);
        assertThat(ofType(sbom, "deb")).extracting(p -> p.name() + " " + p.version() + " " + p.source().name() + " " + p.source().version())
                .containsExactly("good 1.0-1 good 1.0-1", "held 3 src 1:3");
        assertThat(sbom.warnings()).anyMatch(w -> w.contains("/var/lib/dpkg/status") && w.contains("malformed"))
                .anyMatch(w -> w.contains("noversion"));
    }

    @Test
    void aCatalogerThatTripsOverAFileCostsOnlyThatFile(@TempDir Path dir) throws Exception {
        Path root = rootWith(dir.resolve("root"), "/var/lib/dpkg/status", STANZA.getBytes());
        Cataloger tripping = new Cataloger() {
            @Override
            public String name() {
                return "tripping";
            }

            @Override
            public Session start(CatalogContext context) {
                return new Session() {
                    @Override
                    public boolean wants(FileEntry entry) {
                        return entry.path().equals("/var/lib/dpkg/status");
                    }

                    @Override
                    public void accept(FileEntry entry, InputStream content) {
                        throw new IllegalStateException("parser bug");
                    }

                    @Override
                    public void finish(FileSystemView files, PackageSink sink) { }
                };
            }
        };
        try (ImageSource source = ImageSources.open("fs://" + root, SourceOptions.defaults(dir.resolve("cache")))) {
            Sbom sbom = new Catalog(List.of(tripping, new DpkgCataloger()), dir).run(source.info(), source.files());
            assertThat(ofType(sbom, "deb")).hasSize(1);
            assertThat(sbom.warnings()).containsExactly("tripping: /var/lib/dpkg/status: skipped: IllegalStateException: parser bug");
        }
    }

    @Test
    void aDatabaseOverItsSizeLimitStopsWithItsName() throws Exception {
        // the same reader guards status files at CatalogLimits.MAX_STATUS_BYTES; a small limit shows the mechanism
        BoundedLines lines = new BoundedLines(new java.io.ByteArrayInputStream("a\nb\n".repeat(100).getBytes()), "/var/lib/dpkg/status", 50);
        assertThatThrownBy(() -> {
            while (lines.next() != null) {
                // keep reading
            }
        }).isInstanceOf(WardenException.class).hasMessageContaining("/var/lib/dpkg/status").hasMessageContaining("larger than 50 bytes");
        assertThat(lines.lineNumber()).isEqualTo(25);
    }

    @Test
    void apkDatabaseWithAnEndlessLineKeepsWhatCameBefore(@TempDir Path dir) throws Exception {
        List<String> warnings = new ArrayList<>();
        byte[] db = ("P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:evil\nV:1\nT:" + "x".repeat(CatalogLimits.MAX_LINE_BYTES + 1)).getBytes();
        List<ApkCataloger.Record> records = ApkCataloger.parse(new java.io.ByteArrayInputStream(db), "/lib/apk/db/installed",
                new CatalogContext(null, warnings::add));
        assertThat(records).extracting(ApkCataloger.Record::name).containsExactly("musl");
        assertThat(warnings).singleElement().asString().contains("/lib/apk/db/installed");
    }
}
