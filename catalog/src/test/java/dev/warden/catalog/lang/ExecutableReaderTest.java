package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link ExecutableReader}: which bytes of a stream each read hands out, and where the stream is after it. */
class ExecutableReaderTest {
    private static final int FILE = 3 * BinaryLimits.BLOCK_BYTES + 1000;

    private static byte[] file() {
        byte[] file = new byte[FILE];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) (i % 251); // a prime period, so that no two nearby places look alike
        }
        return file;
    }

    private static ExecutableReader reader(byte[] file) {
        return new ExecutableReader(new ByteArrayInputStream(file), ExecutableReader.newBuffer());
    }

    private static byte[] held(ExecutableReader reader) {
        return Arrays.copyOf(reader.buffer(), reader.length());
    }

    @Test
    void blocksFollowTheFirstReadKeepingTheOverlap() throws IOException {
        byte[] file = file();
        ExecutableReader reader = reader(file);
        assertThat(reader.first(BinaryLimits.FIRST_READ_BYTES)).isEqualTo(BinaryLimits.FIRST_READ_BYTES);
        reader.fillBlock();
        assertThat(held(reader)).isEqualTo(Arrays.copyOf(file, BinaryLimits.BLOCK_BYTES));
        int limit = reader.length() - BinaryLimits.OVERLAP;
        long base = 0;
        boolean more = true;
        while (more) {
            more = reader.nextBlock(limit);
            base += limit;
            assertThat(reader.base()).isEqualTo(base);
            assertThat(held(reader)).isEqualTo(Arrays.copyOfRange(file, (int) base, (int) base + reader.length()));
            assertThat(reader.position()).isEqualTo(base + reader.length());
            limit = reader.length() - BinaryLimits.OVERLAP;
        }
        assertThat(reader.position()).isEqualTo(FILE);
    }

    @Test
    void windowsAndTablesSkipForwardToWhereTheyAre() throws IOException {
        byte[] file = file();
        ExecutableReader reader = reader(file);
        reader.first(64);
        reader.window(100_000, 5000, "a window");
        assertThat(reader.base()).isEqualTo(100_000);
        assertThat(held(reader)).isEqualTo(Arrays.copyOfRange(file, 100_000, 105_000));
        assertThat(reader.bytes(2_000_000, 300, "a table")).isEqualTo(Arrays.copyOfRange(file, 2_000_000, 2_000_300));
        assertThat(reader.position()).isEqualTo(2_000_300);
        assertThatThrownBy(() -> reader.bytes(FILE - 10, 20, "the section name table")).isInstanceOf(EOFException.class)
                .hasMessage("the section name table lies past the end of the file");
    }

    @Test
    void aSliceStartsWithTheBytesAlreadyReadAndLeavesTheStreamAtItsEnd() throws IOException {
        byte[] file = file();
        ExecutableReader reader = reader(file);
        reader.first(BinaryLimits.FIRST_READ_BYTES);
        // begun in the first read, read only in part by its reader: the rest is skipped
        byte[] start = reader.slice(1000, 200_000, slice -> slice.readNBytes(100_000));
        assertThat(start).isEqualTo(Arrays.copyOfRange(file, 1000, 101_000));
        assertThat(reader.position()).isEqualTo(201_000);
        // wholly after what was read
        byte[] second = reader.slice(300_000, 5000, InputStream::readAllBytes);
        assertThat(second).isEqualTo(Arrays.copyOfRange(file, 300_000, 305_000));
        assertThat(reader.position()).isEqualTo(305_000);
    }

    /**
     * A slice read to its end through a {@link SequenceInputStream} (as the first read of a slice is) is closed by it;
     * that must not close the file's stream, which the next slice reads on. A universal Go file whose first slice was
     * read to its end lost its second slice as "binary cut short".
     */
    @Test
    void aSliceReadToItsEndLeavesTheFileOpenForTheNext() throws IOException {
        byte[] file = file();
        boolean[] closed = new boolean[1];
        InputStream stream = new FilterInputStream(new ByteArrayInputStream(file)) {
            @Override
            public int read(byte[] into, int off, int length) throws IOException {
                if (closed[0]) {
                    throw new IOException("Stream closed");
                }
                return super.read(into, off, length);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ExecutableReader reader = new ExecutableReader(stream, ExecutableReader.newBuffer());
        reader.first(BinaryLimits.FIRST_READ_BYTES);
        byte[] first = reader.slice(1000, 200_000,
                slice -> new SequenceInputStream(new ByteArrayInputStream(new byte[0]), slice).readAllBytes());
        assertThat(first).isEqualTo(Arrays.copyOfRange(file, 1000, 201_000));
        assertThat(closed[0]).as("the file's stream, closed with the slice").isFalse();
        assertThat(reader.slice(300_000, 5000, InputStream::readAllBytes)).isEqualTo(Arrays.copyOfRange(file, 300_000, 305_000));
    }

    @Test
    void theRestOfTheFileGoesOnFromAPlaceInTheBuffer() throws IOException {
        byte[] file = Arrays.copyOf(file(), 100_000);
        ExecutableReader reader = reader(file);
        reader.first(BinaryLimits.FIRST_READ_BYTES);
        assertThat(reader.restFrom(60_000).readAllBytes()).isEqualTo(Arrays.copyOfRange(file, 60_000, 100_000));
    }

}
