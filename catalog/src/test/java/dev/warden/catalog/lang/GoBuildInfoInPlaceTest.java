package dev.warden.catalog.lang;

import static dev.warden.catalog.lang.GoBinaryHostileTest.concat;
import static dev.warden.catalog.lang.GoBinaryHostileTest.magic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.image.LocalFileContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go build info of files of this machine read where their layout says it is ({@link GoBuildInfoAt}: the ELF
 * {@code .go.buildinfo} section, the Mach-O/PE data start) gives what the stream reading's search of every byte gives:
 * the same packages and warnings for the real Go binaries of this machine and for crafted files whose section table
 * lies (offsets past the end, sizes near 2^63, a section over the tables), while reading only a few KiB of a Go binary.
 */
class GoBuildInfoInPlaceTest {
    private static final String MODINFO = "path\texample.com/inplace/cmd\nmod\texample.com/inplace\tv1.4.0\th1:abc=\n"
            + "dep\texample.com/dep\tv0.9.1\th1:def=\n";
    /** Where {@link ElfFiles} puts the section table and the names in the crafted files. */
    private static final int TABLE_AT = 0x2000;
    private static final int NAMES_AT = 0x1f00;
    private static final int FILE_BYTES = 0x3000;

    @TempDir
    Path dir;

    /** Everything the binary cataloger reports for {@code roots}, as packages (purl and path) and warnings. */
    private static List<String> report(HostFiles.Result result) {
        List<String> lines = new ArrayList<>();
        for (Package p : result.packages()) {
            lines.add(p.purl() + " " + p.locations().getFirst().path() + " " + p.properties());
        }
        result.warnings().forEach(w -> lines.add("warning: " + w));
        return lines;
    }

    @Test
    @Tag("live") // the Go toolchain's binaries (golang-go, .ci/packages)
    void goBinariesOfThisMachineGiveTheSamePackagesInPlaceAsStreamed() throws Exception {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> lib = Files.list(Path.of("/usr/lib"))) {
            lib.filter(p -> p.getFileName().toString().startsWith("go-")).forEach(roots::add);
        }
        assertThat(roots).as("golang-go is installed (see .ci/packages)").isNotEmpty();
        for (String root : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
            if (Files.isDirectory(Path.of(root))) {
                roots.add(Path.of(root));
            }
        }
        HostFiles files = HostFiles.of(roots.toArray(Path[]::new));
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        HostFiles.Result streamed = files.run(new BinaryCataloger());
        long streamedMillis = (System.nanoTime() - start) / 1_000_000;
        long streamedCpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        start = System.nanoTime();
        HostFiles.Result inPlace = files.asLocalFiles().run(new BinaryCataloger());
        long inPlaceMillis = (System.nanoTime() - start) / 1_000_000;
        // the same lines; their order is not compared: files read again at the end (ReadPlan.Whole) come last, and
        // which files need that differs between the ways (the catalog orders the SBOM's packages afterwards)
        assertThat(report(inPlace)).containsExactlyInAnyOrderElementsOf(report(streamed));
        long goFiles = streamed.packages().stream().filter(p -> p.name().equals("stdlib")).count();
        assertThat(goFiles).as("Go binaries among them (the Go toolchain's own)").isGreaterThan(5);
        System.out.printf("Go binaries of this machine: %d, %d packages; streamed %d ms (%d ms CPU), in place %d ms%n",
                goFiles, streamed.packages().size(), streamedMillis, streamedCpuMillis, inPlaceMillis);
    }

    @Test
    @Tag("live") // the Go toolchain's binaries (golang-go, .ci/packages)
    void aGoBinaryIsReadByItsSectionNotThroughEveryByte() throws Exception {
        Path go = Files.list(Path.of("/usr/lib")).filter(p -> p.getFileName().toString().startsWith("go-")).findFirst()
                .orElseThrow().resolve("bin/go");
        LocalFileContent content = LocalFileContent.open(go);
        try {
            ExecutableScan.Result result = ExecutableScan.scan(content, Files.size(go), BinaryLimits.MAX_BINARY_BYTES,
                    ExecutableScan.newBuffer());
            assertThat(result.go()).isNotNull();
            assertThat(result.go().modinfo()).contains("path\tcmd/go");
            assertThat(result.next()).isEqualTo(ReadPlan.DONE);
            // the stream moves the file's position; the positional reads of the tables and the section do not
            assertThat(content.channel().position()).as("bytes streamed of " + Files.size(go))
                    .isLessThanOrEqualTo(BinaryLimits.FIRST_READ_BYTES);
        } finally {
            content.release();
        }
    }

    @Test
    void craftedSectionsGiveTheSameResultBothWays() throws Exception {
        byte[] info = inline("go1.22.5", MODINFO);
        write("valid", crafted(info, ElfFiles.SECTION.offset(), ElfFiles.SECTION.size()));
        write("past-the-end", crafted(info, FILE_BYTES + 0x1000L, 0x100));
        write("huge-size", crafted(info, ElfFiles.SECTION.offset(), Long.MAX_VALUE));
        write("negative-offset", crafted(info, -16, 0x100));
        write("near-2^63", crafted(info, Long.MAX_VALUE - 8, 0x100));
        write("over-the-tables", crafted(info, NAMES_AT, FILE_BYTES - NAMES_AT));
        write("section-elsewhere", crafted(info, 0x1000, 0x100)); // the build info is not where the section says
        int last = FILE_BYTES - GoBuildInfoDecoder.HEADER_BYTES; // the header ends with the file: its strings are cut off
        write("cut-version", crafted(magic(8, 2), last, last, GoBuildInfoDecoder.HEADER_BYTES));
        byte[] badFlags = magic(8, 0x7c);
        write("bad-header", crafted(badFlags, ElfFiles.SECTION.offset(), ElfFiles.SECTION.size()));
        byte[] oldNowhere = magic(8, 0);
        ByteBuffer.wrap(oldNowhere).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 0xdeadbeefL).putLong(24, 0xfeedfaceL);
        write("old-nowhere", crafted(oldNowhere, ElfFiles.SECTION.offset(), ElfFiles.SECTION.size()));

        HostFiles files = HostFiles.of(dir);
        List<String> streamed = report(files.run(new BinaryCataloger()));
        List<String> inPlace = report(files.asLocalFiles().run(new BinaryCataloger()));
        assertThat(inPlace).isEqualTo(streamed);
        // the fixtures are what they say: the valid one is read, the lying ones are named
        assertThat(streamed).anyMatch(l -> l.startsWith("pkg:golang/example.com/inplace@v1.4.0 " + dir.resolve("valid")));
        assertThat(streamed).anyMatch(l -> l.startsWith("pkg:golang/example.com/dep@v0.9.1 " + dir.resolve("section-elsewhere")));
        assertThat(streamed).anyMatch(l -> l.startsWith("warning: " + dir.resolve("old-nowhere") + ": Go build info unreadable"));
        assertThat(streamed).anyMatch(l -> l.startsWith("warning: " + dir.resolve("bad-header") + ": Go build info unreadable"));
        assertThat(streamed).anyMatch(l -> l.startsWith("warning: " + dir.resolve("cut-version") + ": Go build info unreadable"));
    }

    @Test
    void aStreamedGoFileIsReadInItsDataSegmentAsInPlaceNotWhereABlobInItsTextLooksLikeBuildInfo() throws Exception {
        // a Go-looking file (build id text near the start) of 192 KiB: a writable segment at 128 KiB holds the build info
        // its .go.buildinfo section names; the text before it holds a decoy with the same magic, as a program that
        // embeds another binary's build info would
        int size = 0x30000;
        int dataAt = 0x20000;
        byte[] file = ElfFiles.elf(size, size, ".go.buildinfo", size - 0x300, size - 0x200);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0x38, (short) 2); // a second program header: PT_LOAD, read and write
        b.putInt(120, 1).putInt(124, 6).putLong(128, dataAt).putLong(136, 0x420000).putLong(144, 0x420000)
                .putLong(152, 0x1000).putLong(160, 0x1000);
        b.putLong(size - 0x200 + 64 + 24, dataAt).putLong(size - 0x200 + 64 + 32, 0x100);
        byte[] buildId = "\u00ff Go build ID: \"abc/def\"".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(buildId, 0, file, 0x200, buildId.length);
        byte[] decoy = inline("go1.21.0", MODINFO.replace("inplace", "decoy"));
        System.arraycopy(decoy, 0, file, 0x1000, decoy.length);
        byte[] real = inline("go1.22.5", MODINFO);
        System.arraycopy(real, 0, file, dataAt, real.length);
        Path path = write("decoy-in-text", file);

        ExecutableScan.Result streamed;
        try (InputStream in = new ByteArrayInputStream(file)) {
            streamed = ExecutableScan.scan(in, size, BinaryLimits.MAX_BINARY_BYTES, ExecutableScan.newBuffer());
        }
        assertThat(streamed.go()).isEqualTo(new GoBuildInfoDecoder.GoBuildInfo("go1.22.5", MODINFO));
        assertThat(streamed.next()).isEqualTo(ReadPlan.DONE);
        HostFiles files = HostFiles.of(dir);
        assertThat(report(files.asLocalFiles().run(new BinaryCataloger()))).isEqualTo(report(files.run(new BinaryCataloger())))
                .anyMatch(l -> l.startsWith("pkg:golang/example.com/inplace@v1.4.0 " + path));
    }

    @Test
    void theValidCraftedFileIsFoundByItsSectionInPlace() throws Exception {
        Path file = write("valid", crafted(inline("go1.22.5", MODINFO), ElfFiles.SECTION.offset(), ElfFiles.SECTION.size()));
        LocalFileContent content = LocalFileContent.open(file);
        try {
            ExecutableScan.Result result = ExecutableScan.scan(content, Files.size(file), BinaryLimits.MAX_BINARY_BYTES,
                    ExecutableScan.newBuffer());
            assertThat(result.go()).isEqualTo(new GoBuildInfoDecoder.GoBuildInfo("go1.22.5", MODINFO));
            assertThat(result.goProblem()).isNull();
            assertThat(result.next()).isEqualTo(ReadPlan.DONE);
        } finally {
            content.release();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        GoBinaryCatalogerTest.write(file, bytes);
        return file;
    }

    /** A crafted ELF file with {@code blob} at 0x800 and a {@code .go.buildinfo} section that says {@code offset} and {@code size}. */
    private static byte[] crafted(byte[] blob, long offset, long size) {
        return crafted(blob, (int) ElfFiles.SECTION.offset(), offset, size);
    }

    private static byte[] crafted(byte[] blob, int blobAt, long offset, long size) {
        byte[] file = ElfFiles.elf(FILE_BYTES, FILE_BYTES, ".go.buildinfo", NAMES_AT, TABLE_AT);
        System.arraycopy(blob, 0, file, blobAt, blob.length);
        // section 1's sh_offset and sh_size (ElfFiles: 64-byte headers, offset at +24, size at +32)
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(TABLE_AT + 64 + 24, offset).putLong(TABLE_AT + 64 + 32, size);
        return file;
    }

    /** Go 1.18+ build info: header, then the version and the module info (between cmd/go's sentinels) with varint lengths. */
    private static byte[] inline(String version, String modinfo) {
        byte[] mod = concat(GoBuildInfoDecoder.MODINFO_START, modinfo.getBytes(StandardCharsets.UTF_8), GoBuildInfoDecoder.MODINFO_END);
        return concat(magic(8, 2), varint(version.length()), version.getBytes(StandardCharsets.US_ASCII), varint(mod.length), mod);
    }

    private static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (value >= 0x80) {
            out.write(value & 0x7f | 0x80);
            value >>>= 7;
        }
        out.write(value);
        return out.toByteArray();
    }
}
