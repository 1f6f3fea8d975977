package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build info in the pre-1.18 pointer format (which today's toolchain no longer writes) in ELF files laid out
 * here the way Go's linker lays them out, checked against {@code go version -m}; and binaries that carry the
 * build info magic but lie about what follows.
 */
class GoBinaryHostileTest {
    @TempDir
    Path dir;

    private static final String OLD_MODINFO = "path\texample.com/old/cmd/tool\nmod\texample.com/old\t(devel)\t\n"
            + "dep\texample.com/x\tv1.0.0\th1:abc=\ndep\texample.com/y\tv2.1.0+incompatible\th1:def=\n"
            + "=>\texample.com/yfork\tv2.1.1\th1:ghi=\n";

    @Tag("live") // go version -m
    @Test
    void oldPointerFormatMatchesGoVersionM() throws Exception {
        GoBinaryCatalogerTest.write(dir.resolve("old64le"), oldFormatElf(true, false, "go1.16.15", OLD_MODINFO, 0));
        GoBinaryCatalogerTest.write(dir.resolve("old32be"), oldFormatElf(false, true, "go1.13.8", OLD_MODINFO, 0));
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), dir);
        assertThat(result.warnings()).isEmpty();
        for (String name : new String[] {"old64le", "old32be"}) {
            Path file = dir.resolve(name);
            GoBinaryCatalogerTest.Reference expected = GoBinaryCatalogerTest.goVersionM(file);
            assertThat(expected.modules()).as("go version -m reads the fixture").contains("example.com/yfork@v2.1.1");
            assertThat(GoBinaryCatalogerTest.found(result, file)).as(name).isEqualTo(expected.modules());
        }
    }

    @Test
    void lyingBuildInfoGivesOneWarningPerFileAndNoPackages() throws Exception {
        // header cut off by the end of the file
        byte[] cut = elfWithBlob(Arrays.copyOf(magic(8, 2), 16));
        GoBinaryCatalogerTest.write(dir.resolve("cut"), Arrays.copyOf(cut, cut.length));
        // version length as a 10-byte varint near 2^64
        GoBinaryCatalogerTest.write(dir.resolve("huge-varint"), elfWithBlob(concat(magic(8, 2), bytes(0xff, 0xff, 0xff, 0xff, 0xff,
                0xff, 0xff, 0xff, 0xff, 0x01))));
        // a varint that never ends
        byte[] endless = new byte[64];
        Arrays.fill(endless, (byte) 0x80);
        GoBinaryCatalogerTest.write(dir.resolve("endless-varint"), elfWithBlob(concat(magic(8, 2), endless)));
        // module info longer than the file
        GoBinaryCatalogerTest.write(dir.resolve("past-end"), elfWithBlob(concat(magic(8, 2), bytes(9), "go1.21.0x".getBytes(StandardCharsets.US_ASCII),
                bytes(0x88, 0x27), "path\tx".getBytes(StandardCharsets.US_ASCII))));
        // old format whose pointers lead nowhere
        byte[] nowhere = magic(8, 0);
        ByteBuffer.wrap(nowhere).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 0xdeadbeefL).putLong(24, 0xfeedfaceL);
        GoBinaryCatalogerTest.write(dir.resolve("old-nowhere"), elfWithBlob(nowhere));
        // old format whose module info is claimed to be 1 GiB
        GoBinaryCatalogerTest.write(dir.resolve("old-huge"), oldFormatElf(true, false, "go1.16.15", OLD_MODINFO, 1 << 30));
        // 8 MiB of magics with invalid headers: read once, no hang, one warning
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        flood.write(elfHeaderOnly());
        byte[] bad = magic(0x55, 0x55);
        while (flood.size() < 8 << 20) {
            flood.write(bad);
        }
        GoBinaryCatalogerTest.write(dir.resolve("flood"), flood.toByteArray());

        HostFiles.Result result = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> HostFiles.run(new BinaryCataloger(), dir));
        result.warnings().forEach(System.out::println);
        assertThat(result.packages()).isEmpty();
        Set<String> names = Set.of("cut", "huge-varint", "endless-varint", "past-end", "old-nowhere", "old-huge", "flood");
        assertThat(result.warnings()).hasSize(names.size());
        for (String name : names) {
            assertThat(result.warnings()).as(name).filteredOn(w -> w.startsWith(dir.resolve(name) + ": Go build info unreadable"))
                    .hasSize(1);
        }
    }

    @Test
    void nonGoExecutablesAndDataGiveNothing() throws Exception {
        // the JDK's own launcher: a C program, ELF (or Mach-O/PE elsewhere)
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.copy(java, dir.resolve("java"));
        byte[] noise = new byte[256 << 10];
        new Random(7).nextBytes(noise);
        Files.write(dir.resolve("noise"), noise);
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), dir);
        assertThat(result.packages()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void binaryOverTheLimitIsSkippedWithAWarning() throws Exception {
        GoBinaryCatalogerTest.write(dir.resolve("big"), oldFormatElf(true, false, "go1.16.15", OLD_MODINFO, 0));
        HostFiles.Result result = HostFiles.run(new BinaryCataloger(1024), dir);
        assertThat(result.packages()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().startsWith(dir.resolve("big") + ": ").contains("over the limit of 1024");
    }

    /** The 32-byte build info header: magic, pointer size, flags, then zeros. */
    static byte[] magic(int ptrSize, int flags) {
        byte[] h = new byte[32];
        System.arraycopy(GoBuildInfoDecoder.MAGIC, 0, h, 0, 14);
        h[14] = (byte) ptrSize;
        h[15] = (byte) flags;
        return h;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] elfHeaderOnly() {
        return Arrays.copyOf(elf(true, false, new long[0][]), 256);
    }

    /** A 64-bit ELF header, padding to 256 (16-aligned), then {@code blob}. */
    private static byte[] elfWithBlob(byte[] blob) {
        return concat(elfHeaderOnly(), blob);
    }

    /**
     * An ELF file laid out like a pre-1.18 Go binary: a read-only segment with a Go build-id note and the string
     * bytes (version, module info between cmd/go's sentinels), then a writable segment starting with the build
     * info header, whose two pointers lead to Go string headers (pointer, length) just after it.
     */
    static byte[] oldFormatElf(boolean is64, boolean bigEndian, String version, String modinfo, long modinfoLengthOverride) {
        long roBase = 0x10000;
        long rwBase = 0x20000;
        int ptr = is64 ? 8 : 4;
        byte[] mod = concat(GoBuildInfoDecoder.MODINFO_START, modinfo.getBytes(StandardCharsets.UTF_8), GoBuildInfoDecoder.MODINFO_END);
        byte[] file = new byte[0x1100];
        byte[] header = elf(is64, bigEndian, new long[][] {{0, roBase, 0x1000, 4}, {0x1000, rwBase, 0x100, 6}});
        System.arraycopy(header, 0, file, 0, header.length);
        ByteBuffer b = ByteBuffer.wrap(file).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x100, 4).putInt(0x104, 4).putInt(0x108, 4).put(0x10c, (byte) 'G').put(0x10d, (byte) 'o'); // .note.go.buildid
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, file, 0x200, v.length);
        System.arraycopy(mod, 0, file, 0x300, mod.length);
        byte[] magic = magic(ptr, bigEndian ? 1 : 0);
        System.arraycopy(magic, 0, file, 0x1000, 16);
        putPtr(b, 0x1010, rwBase + 0x40, ptr);
        putPtr(b, 0x1010 + ptr, rwBase + 0x40 + 2L * ptr, ptr);
        putPtr(b, 0x1040, roBase + 0x200, ptr);
        putPtr(b, 0x1040 + ptr, v.length, ptr);
        putPtr(b, 0x1040 + 2 * ptr, roBase + 0x300, ptr);
        putPtr(b, 0x1040 + 3 * ptr, modinfoLengthOverride > 0 ? modinfoLengthOverride : mod.length, ptr);
        return file;
    }

    private static void putPtr(ByteBuffer b, int at, long value, int size) {
        if (size == 8) {
            b.putLong(at, value);
        } else {
            b.putInt(at, (int) value);
        }
    }

    /** ELF header plus program headers for {@code segments} = {offset, vaddr, size, flags} (PT_LOAD each), no sections. */
    static byte[] elf(boolean is64, boolean bigEndian, long[][] segments) {
        int ehsize = is64 ? 64 : 52;
        int phentsize = is64 ? 56 : 32;
        ByteBuffer b = ByteBuffer.allocate(ehsize + phentsize * segments.length).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (bigEndian ? 2 : 1), 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) (is64 ? 62 : 8)).putInt(1); // ET_EXEC, x86-64 or MIPS, EV_CURRENT
        if (is64) {
            b.putLong(0x10000).putLong(ehsize).putLong(0);
        } else {
            b.putInt(0x10000).putInt(ehsize).putInt(0);
        }
        b.putInt(0).putShort((short) ehsize).putShort((short) phentsize).putShort((short) segments.length)
                .putShort((short) (is64 ? 64 : 40)).putShort((short) 0).putShort((short) 0);
        for (long[] s : segments) {
            if (is64) {
                b.putInt(1).putInt((int) s[3]).putLong(s[0]).putLong(s[1]).putLong(s[1]).putLong(s[2]).putLong(s[2]).putLong(0x1000);
            } else {
                b.putInt(1).putInt((int) s[0]).putInt((int) s[1]).putInt((int) s[1]).putInt((int) s[2]).putInt((int) s[2])
                        .putInt((int) s[3]).putInt(0x1000);
            }
        }
        return b.array();
    }
}
