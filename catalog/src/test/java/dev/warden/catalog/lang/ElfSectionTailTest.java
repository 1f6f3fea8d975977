package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** First block, name window, section table (a few KiB), and some slack for the name table of a rewritten file. */
    private static final long READ_BOUND = ExecutableScan.BLOCK_BYTES + (1L << 20) + (64 << 10);

    @Test
    void nonGoElfIsReadAtItsEndsOnly() throws Exception {
        long size = Files.size(LIBJVM);
        assertThat(size).as("libjvm.so is several MB").isGreaterThan(8L << 20);
        Scanned s = scan(LIBJVM);
        assertThat(s.result().format()).isEqualTo(ExecutableHeaders.Format.ELF);
        assertThat(s.result().go()).isNull();
        assertThat(s.result().goProblem()).isNull();
        assertThat(s.result().depV0()).isNull();
        assertThat(s.result().fullReadNeeded()).isFalse();
        assertThat(s.read()).as("bytes read of " + size).isLessThan(READ_BOUND);
        assertThat(s.read() + s.skipped()).as("the table is the end of the file").isEqualTo(size);
    }

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
        assertThat(s.result().fullReadNeeded()).isFalse();
        assertThat(s.result().depV0()).isNotNull();
        assertThat(s.result().depV0().size()).isEqualTo(section.length);

        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), bin);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::purl).containsExactlyInAnyOrder("pkg:cargo/big@1.0.0", "pkg:cargo/log@0.4.21");
    }

    @Test
    void nameTableOutsideTheWindowAsksForAWholeRead() throws Exception {
        // e_shstrndx pointed at a section far before the table (.dynsym, say): names cannot be read from the end
        Path odd = dir.resolve("odd");
        byte[] bytes = Files.readAllBytes(LIBJVM);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0x3e, (short) 1);
        Files.write(odd, bytes);
        GoBinaryCatalogerTest.executable(odd);
        Scanned s = scan(odd);
        assertThat(s.result().fullReadNeeded()).isTrue();
        assertThat(s.read()).isLessThan(READ_BOUND);

        HostFiles.Result result = HostFiles.run(new BinaryCataloger(), dir);
        assertThat(result.packages()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    record Scanned(ExecutableScan.Result result, long read, long skipped) {}

    private static Scanned scan(Path file) throws IOException {
        try (GoBinaryCatalogerTest.CountingInput in = new GoBinaryCatalogerTest.CountingInput(Files.newInputStream(file))) {
            ExecutableScan.Result r = ExecutableScan.scan(in, Files.size(file), LangLimits.MAX_BINARY_BYTES, ExecutableScan.newBuffer());
            return new Scanned(r, in.read, in.skipped);
        }
    }
}
