package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large ELF files that show no sign of Go in their first block are read only at their ends: the first block, then the
 * window before the section header table and the table. The JDK's own libjvm.so (tens of MB, a C++ library) is the
 * real non-Go ELF present wherever the tests run.
 */
class ElfSectionTailTest {
    @TempDir
    Path dir;

    private static final Path LIBJVM = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
    /** First read, name window, section table (a few KiB), and some slack for the name table of a rewritten file. */
    private static final long READ_BOUND = BinaryLimits.FIRST_READ_BYTES + (1L << 20) + (64 << 10);

    @Test
    void nonGoElfIsReadAtItsEndsOnly() throws Exception {
        long size = Files.size(LIBJVM);
        assertThat(size).as("libjvm.so is several MB").isGreaterThan(8L << 20);
        Scanned s = scan(LIBJVM);
        assertThat(s.result().format()).isEqualTo(ExecutableHeaders.Format.ELF);
        assertThat(s.result().go()).isNull();
        assertThat(s.result().goProblem()).isNull();
        assertThat(s.result().depV0()).isNull();
        assertThat(s.result().next()).isNotInstanceOf(ReadPlan.Whole.class);
        assertThat(s.read()).as("bytes read of " + size).isLessThan(READ_BOUND);
        assertThat(s.read() + s.skipped()).as("the table is the end of the file").isEqualTo(size);
    }

    @Tag("live") // objcopy, readelf
    @Test
    void depV0SectionOfALargeElfIsFoundFromItsEnd() throws Exception {
        String json = "{\"packages\":[{\"name\":\"big\",\"version\":\"1.0.0\",\"source\":\"local\",\"dependencies\":[1],\"root\":true},"
                + "{\"name\":\"log\",\"version\":\"0.4.21\",\"source\":\"crates.io\"}]}";
        byte[] section = RustCatalogerTest.zlib(json.getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("dep-v0"), section);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path big = bin.resolve("big");
        Tools.run(dir, "objcopy", "--add-section", ".dep-v0=" + dir.resolve("dep-v0"), LIBJVM.toString(), big.toString());
        GoBinaryCatalogerTest.executable(big); // unmarked files this large are not candidates

        Scanned s = scan(big);
        assertThat(s.read()).isLessThan(READ_BOUND);
        assertThat(s.result().next()).isNotInstanceOf(ReadPlan.Whole.class);
        assertThat(s.result().depV0()).isNotNull();
        assertThat(s.result().depV0().size()).isEqualTo(section.length);

        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), bin);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::purl).containsExactlyInAnyOrder("pkg:cargo/big@1.0.0", "pkg:cargo/log@0.4.21");
    }

    @Tag("live") // objcopy, readelf
    @Test
    void nameTableFarBeforeTheSectionTableIsReadInASecondRead() throws Exception {
        // lld's layout: megabytes of symbol names (.strtab) between the section name table and the section table;
        // made here by moving the section table of an objcopy'd libjvm.so 2 MiB further, past padding
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path withSection = dir.resolve("with-section");
        Files.write(dir.resolve("dep-v0"), RustCatalogerTest.zlib(
                "{\"packages\":[{\"name\":\"far\",\"version\":\"3.1.0\",\"source\":\"local\",\"root\":true}]}".getBytes(StandardCharsets.UTF_8)));
        Tools.run(dir, "objcopy", "--add-section", ".dep-v0=" + dir.resolve("dep-v0"), LIBJVM.toString(), withSection.toString());
        byte[] bytes = Files.readAllBytes(withSection);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = (int) b.getLong(0x28);
        int padding = 2 << 20;
        byte[] far = new byte[bytes.length + padding];
        System.arraycopy(bytes, 0, far, 0, shoff);
        System.arraycopy(bytes, shoff, far, shoff + padding, bytes.length - shoff);
        ByteBuffer.wrap(far).order(ByteOrder.LITTLE_ENDIAN).putLong(0x28, shoff + padding);
        Path file = bin.resolve("far");
        Files.write(file, far);
        GoBinaryCatalogerTest.executable(file);
        assertThat(Tools.run(dir, "readelf", "-S", "-W", file.toString())).contains(".dep-v0");

        Scanned s = scan(file);
        assertThat(s.read()).isLessThan(READ_BOUND);
        assertThat(s.result().next()).isNotInstanceOf(ReadPlan.Whole.class);
        assertThat(s.result().next()).isInstanceOf(ReadPlan.Names.class);
        ExecutableScan.Result named;
        try (GoBinaryCatalogerTest.CountingInput in = new GoBinaryCatalogerTest.CountingInput(Files.newInputStream(file))) {
            named = ExecutableScan.scanNames(in, far.length, ((ReadPlan.Names) s.result().next()).nameTable(), ExecutableScan.newBuffer());
            assertThat(in.read).as("header, names and section table").isLessThan(64 << 10);
        }
        assertThat(named.depV0()).isNotNull();
        assertThat(named.next()).isNotInstanceOf(ReadPlan.Whole.class);

        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), bin);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::purl).containsExactly("pkg:cargo/far@3.1.0");
    }

    @Test
    void nonsenseNameTableAsksForAWholeRead() throws Exception {
        // e_shstrndx pointed at the null section (offset 0): no names to read anywhere, so every byte is searched
        Path odd = Files.createDirectories(dir.resolve("odd")).resolve("odd");
        byte[] bytes = Files.readAllBytes(LIBJVM);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(0x3e, (short) 0);
        Files.write(odd, bytes);
        GoBinaryCatalogerTest.executable(odd);
        Scanned s = scan(odd);
        assertThat(s.result().next()).isInstanceOf(ReadPlan.Whole.class);
        assertThat(s.read()).isLessThan(READ_BOUND);

        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), odd.getParent());
        assertThat(result.packages()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    record Scanned(ExecutableScan.Result result, long read, long skipped) {}

    private static Scanned scan(Path file) throws IOException {
        try (GoBinaryCatalogerTest.CountingInput in = new GoBinaryCatalogerTest.CountingInput(Files.newInputStream(file))) {
            ExecutableScan.Result r = ExecutableScan.scan(in, Files.size(file), BinaryLimits.MAX_BINARY_BYTES, ExecutableScan.newBuffer());
            return new Scanned(r, in.read, in.skipped);
        }
    }
}
