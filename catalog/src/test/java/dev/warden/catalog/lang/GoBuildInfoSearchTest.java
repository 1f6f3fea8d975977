package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link GoBuildInfoSearch} fed the blocks of crafted old-format (pre-1.18) Go files, where the build info header
 * points back or ahead to its strings: what it finds with and without the {@link GoStringIndex}.
 */
class GoBuildInfoSearchTest {
    private static final long VADDR = 0x400000;
    private static final String VERSION = "go1.16.15";
    private static final String MODINFO = "path\texample.com/old/cmd/tool\nmod\texample.com/old\t(devel)\t\n";

    /**
     * A 64-bit ELF file of {@code size} bytes, one segment loading all of it at {@link #VADDR}: the version at
     * {@code versionAt}, the module info (with its sentinels) at {@code modinfoAt}, and the build info header at
     * {@code headerAt} pointing to string headers just after it.
     */
    private static byte[] oldGo(int size, int versionAt, int modinfoAt, int headerAt) {
        byte[] file = new byte[size];
        byte[] elf = GoBinaryHostileTest.elf(true, false, new long[][] {{0, VADDR, size, 5}});
        System.arraycopy(elf, 0, file, 0, elf.length);
        byte[] version = VERSION.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(version, 0, file, versionAt, version.length);
        byte[] modinfo = new byte[16 + MODINFO.length() + 16];
        System.arraycopy(GoBuildInfoDecoder.MODINFO_START, 0, modinfo, 0, 16);
        System.arraycopy(MODINFO.getBytes(StandardCharsets.US_ASCII), 0, modinfo, 16, MODINFO.length());
        System.arraycopy(GoBuildInfoDecoder.MODINFO_END, 0, modinfo, 16 + MODINFO.length(), 16);
        System.arraycopy(modinfo, 0, file, modinfoAt, modinfo.length);
        System.arraycopy(GoBuildInfoDecoder.MAGIC, 0, file, headerAt, GoBuildInfoDecoder.MAGIC.length);
        file[headerAt + 14] = 8; // pointer size; flags 0: little-endian, pointers to string headers
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerAt + 16, VADDR + headerAt + 0x40).putLong(headerAt + 24, VADDR + headerAt + 0x50);
        b.putLong(headerAt + 0x40, VADDR + versionAt).putLong(headerAt + 0x48, version.length);
        b.putLong(headerAt + 0x50, VADDR + modinfoAt).putLong(headerAt + 0x58, modinfo.length);
        return file;
    }

    /** The blocks of {@code file} to a search, as {@link ExecutableScan}'s full pass hands them out. */
    private static GoBuildInfoSearch searched(byte[] file, boolean indexStrings) throws IOException {
        ExecutableReader reader = new ExecutableReader(new ByteArrayInputStream(file), ExecutableReader.newBuffer());
        reader.first(BinaryLimits.BLOCK_BYTES);
        GoBuildInfoSearch search = new GoBuildInfoSearch(reader, ExecutableHeaders.parse(reader.buffer(), reader.length()), indexStrings);
        boolean eof = reader.length() < BinaryLimits.BLOCK_BYTES;
        while (true) {
            int limit = eof ? reader.length() : reader.length() - BinaryLimits.OVERLAP;
            if (search.block(limit) || eof) {
                return search;
            }
            eof = !reader.nextBlock(limit);
        }
    }

    @Test
    void stringsInAnEarlierBlockAreFoundThroughTheIndex() throws IOException {
        byte[] file = oldGo(3 << 20, 0x200, 0x300, 0x180000);
        GoBuildInfoSearch search = searched(file, true);
        assertThat(search.finish()).isEqualTo(new GoBuildInfoDecoder.GoBuildInfo(VERSION, MODINFO));
        assertThat(search.problem()).isNull();
    }

    @Test
    void withoutTheIndexStringsBehindTheHeaderAreNamedAsNotIndexed() throws IOException {
        GoBuildInfoSearch search = searched(oldGo(3 << 20, 0x200, 0x300, 0x180000), false);
        assertThat(search.finish()).isNull();
        assertThat(search.problem()).isEqualTo("Go version at offset 512 was not indexed (no Go build id at the start of the file)");
    }

    @Test
    void stringsAheadOfTheHeaderAreCapturedAsTheirBlocksComeEvenWithoutTheIndex() throws IOException {
        GoBuildInfoSearch search = searched(oldGo(3 << 20, 0x200000, 0x280000, 0x1000), false);
        assertThat(search.finish()).isEqualTo(new GoBuildInfoDecoder.GoBuildInfo(VERSION, MODINFO));
    }

    @Test
    void stringsPastTheEndOfTheFileAreAProblem() throws IOException {
        byte[] file = oldGo(3 << 20, 0x200000, 0x280000, 0x1000);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1050, VADDR + file.length - 8); // module info's pointer
        GoBuildInfoSearch search = searched(file, true);
        assertThat(search.finish()).isNull();
        assertThat(search.problem()).isEqualTo("Go build info points past the end of the file");
    }
}
