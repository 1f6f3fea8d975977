package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * rpm databases made by the real tools: packages built by rpmbuild from specs written here,
 * installed by rpm into a root folder (sqlite database); the same headers loaded into a Berkeley DB
 * hash file by db5.3_load, and written as ndb following rpm's rpmpkg.c layout.
 */
final class RpmFixtures {
    private RpmFixtures() {}

    /**
     * The frozen fixture (test resources frozen/rpm-sqlite, see its README): the three packages of {@code specs/} built
     * by rpmbuild and installed by rpm into a sqlite database, with rpm's own {@code -qa} view of it.
     */
    static final Path FROZEN = Path.of("src/test/resources/frozen/rpm-sqlite").toAbsolutePath();

    static final String SPEC_A = spec("a.spec");

    /** Many files make a header larger than a Berkeley DB page: it is stored in overflow pages. */
    static final String SPEC_B = spec("b.spec");

    /** A source package whose binary has another name. */
    static final String SPEC_C = spec("c.spec");

    /** Builds the three packages and installs them into {@code root} (files and sqlite database). */
    static void installSqliteRoot(Path work, Path root) throws IOException {
        Path top = work.resolve("rpmbuild");
        int n = 0;
        for (String spec : new String[] {SPEC_A, SPEC_B, SPEC_C}) {
            Path file = work.resolve("p" + n++ + ".spec");
            Files.writeString(file, "%global debug_package %{nil}\n%global __os_install_post %{nil}\n" + spec);
            run(work, "rpmbuild", "-bb", "--define", "_topdir " + top, file.toString());
        }
        run(work, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "--initdb");
        try (var rpms = Files.walk(top.resolve("RPMS"))) {
            for (Path rpm : rpms.filter(p -> p.toString().endsWith(".rpm")).sorted().toList()) {
                run(work, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "-i", "--nodeps", "--noscripts", "--nosignature", rpm.toString());
            }
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nVERSION_ID=\"9.4\"\n");
    }

    /** What rpm itself reports, one line per package: name, [epoch:]version-release, arch, source rpm, licence. */
    static String rpmQuery(Path root) {
        return run(null, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "-qa", "--qf",
                "%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\n");
    }

    /** The header blobs of an rpm sqlite database, by header number. */
    static Map<Integer, byte[]> blobs(Path sqlite) throws SQLException {
        Map<Integer, byte[]> blobs = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             ResultSet rs = db.createStatement().executeQuery("SELECT hnum, blob FROM Packages ORDER BY hnum")) {
            while (rs.next()) {
                blobs.put(rs.getInt(1), rs.getBytes(2));
            }
        }
        return blobs;
    }

    /** A Berkeley DB hash Packages file made by db5.3_load from the headers (keys: header numbers, little-endian). */
    static void writeBerkeleyDb(Map<Integer, byte[]> blobs, Path target, int pageSize) throws IOException {
        StringBuilder dump = new StringBuilder("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=" + pageSize + "\nHEADER=END\n");
        HexFormat hex = HexFormat.of();
        // rpm keeps its instance counter under key 0
        dump.append(' ').append(hex.formatHex(le(0))).append('\n').append(' ').append(hex.formatHex(le(blobs.size()))).append('\n');
        blobs.forEach((key, blob) -> dump.append(' ').append(hex.formatHex(le(key))).append('\n')
                .append(' ').append(hex.formatHex(blob)).append('\n'));
        dump.append("DATA=END\n");
        Path dumpFile = Files.createTempFile(target.getParent(), "dump", ".txt");
        Files.writeString(dumpFile, dump);
        Files.deleteIfExists(target);
        run(target.getParent(), "db5.3_load", "-f", dumpFile.toString(), target.toString());
        Files.delete(dumpFile);
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /**
     * An ndb Packages.db as rpm's lib/backend/ndb/rpmpkg.c (rpm-software-management/rpm@9ac6c427) lays it out (Debian's rpm is built
     * without ndb, so no tool here can write one): header page with slots, then 16-byte blocks.
     */
    static byte[] ndb(Map<Integer, byte[]> blobs) {
        int slotPages = 1;
        int blockStart = slotPages * 4096 / 16;
        ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0, 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24).putInt(4, 0).putInt(8, 1).putInt(12, slotPages).putInt(16, blobs.size() + 1);
        for (int slot = 2; slot < slotPages * 4096 / 16; slot++) {
            out.putInt(slot * 16, 'S' | 'l' << 8 | 'o' << 16 | 't' << 24);
        }
        int slot = 2;
        int block = blockStart;
        for (Map.Entry<Integer, byte[]> e : blobs.entrySet()) {
            byte[] blob = e.getValue();
            int blocks = (16 + blob.length + 12 + 15) / 16;
            out.putInt(slot * 16 + 4, e.getKey()).putInt(slot * 16 + 8, block).putInt(slot * 16 + 12, blocks);
            int at = block * 16;
            out.putInt(at, 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24).putInt(at + 4, e.getKey()).putInt(at + 8, 1).putInt(at + 12, blob.length);
            out.put(at + 16, blob);
            int tail = at + blocks * 16 - 12;
            out.putInt(tail, 0).putInt(tail + 4, blob.length).putInt(tail + 8, 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24);
            slot++;
            block += blocks;
        }
        byte[] file = new byte[block * 16];
        out.get(0, file);
        return file;
    }

    /** A copy of the frozen root (database and os-release) in {@code root}, free for a test to damage. */
    static Path copyFrozenRoot(Path root) throws IOException {
        Path database = Files.createDirectories(root.resolve("var/lib/rpm")).resolve("rpmdb.sqlite");
        Files.copy(FROZEN.resolve("root/var/lib/rpm/rpmdb.sqlite"), database);
        Files.createDirectories(root.resolve("etc"));
        Files.copy(FROZEN.resolve("root/etc/os-release"), root.resolve("etc/os-release"));
        return root;
    }

    /** What {@link #rpmQuery} said of the frozen database when make.sh froze it. */
    static String frozenRpmQuery() throws IOException {
        return Files.readString(FROZEN.resolve("rpm-qa.tsv"));
    }

    private static String spec(String name) {
        try {
            return Files.readString(FROZEN.resolve("specs").resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
