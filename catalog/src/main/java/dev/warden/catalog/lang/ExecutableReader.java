package dev.warden.catalog.lang;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * The one place an executable's bytes are taken from its stream. Files come from layers as streams that only go
 * forward, so every read names a place at or after what was already taken, and what lies between is skipped unread.
 * Bytes are held in one block buffer ({@link BinaryLimits#BLOCK_BYTES} plus {@link BinaryLimits#OVERLAP}): the first
 * read, the blocks of a full pass (each keeping the overlap of the one before, so that a pattern across the edge is
 * seen), or a window before an ELF section table. Tables read on their own get arrays of their own, sized by the
 * caller within {@link BinaryLimits}. What the bytes mean is the interpreters' business ({@link ElfSectionNames},
 * {@link GoBuildInfoSearch}, {@link DepV0Names}, {@link UniversalSlices}).
 */
final class ExecutableReader {
    private final InputStream in;
    private final byte[] buf;
    /** The file offset of {@code buf[0]}. */
    private long base;
    /** Bytes of the file in {@code buf}. */
    private int len;
    /** Bytes taken from the stream so far: the file offset the next read starts at. */
    private long position;

    ExecutableReader(InputStream in, byte[] buffer) {
        this.in = in;
        this.buf = buffer;
    }

    /** A block buffer; one per thread, reused from file to file (most files are far smaller than it). */
    static byte[] newBuffer() {
        return new byte[BinaryLimits.BLOCK_BYTES + BinaryLimits.OVERLAP];
    }

    /** The buffer; the file's bytes [{@link #base}, {@link #base} + {@link #length}) are at its start. */
    byte[] buffer() {
        return buf;
    }

    long base() {
        return base;
    }

    int length() {
        return len;
    }

    /** Reads the first {@code count} bytes of the file (fewer when it is shorter) into the buffer; returns how many. */
    int first(int count) throws IOException {
        len = in.readNBytes(buf, 0, count);
        position = len;
        return len;
    }

    /** Reads on into the buffer up to a whole block (fewer bytes only at the end of the file). */
    void fillBlock() throws IOException {
        int n = in.readNBytes(buf, len, BinaryLimits.BLOCK_BYTES - len);
        len += n;
        position += n;
    }

    /**
     * The next block of a full pass: the bytes from {@code limit} on (the overlap) move to the start of the buffer and
     * a block is read after them. Returns false when that met the end of the file.
     */
    boolean nextBlock(int limit) throws IOException {
        System.arraycopy(buf, limit, buf, 0, len - limit);
        base += limit;
        int n = in.readNBytes(buf, BinaryLimits.OVERLAP, BinaryLimits.BLOCK_BYTES);
        len = BinaryLimits.OVERLAP + n;
        position += n;
        return n == BinaryLimits.BLOCK_BYTES;
    }

    /** The rest of the file from {@code buf[from]} on, as one stream; the reader is done with the file after it. */
    InputStream restFrom(int from) {
        return new SequenceInputStream(new ByteArrayInputStream(buf, from, len - from), in);
    }

    /**
     * Reads {@code length} bytes at {@code offset} (not before {@link #position}) into the buffer, which then holds
     * them alone; {@code what} names them when the file ends first.
     */
    void window(long offset, int length, String what) throws IOException {
        skipTo(offset);
        readFully(buf, length, what);
        base = offset;
        len = length;
    }

    /** {@code length} bytes at {@code offset} (not before {@link #position}) in an array of their own. */
    byte[] bytes(long offset, int length, String what) throws IOException {
        skipTo(offset);
        byte[] into = new byte[length];
        readFully(into, length, what);
        return into;
    }

    /** The file offset the next read starts at. */
    long position() {
        return position;
    }

    /** What a slice's own reading does with its bytes. */
    interface SliceReading<T> {
        T read(InputStream slice) throws IOException;
    }

    /**
     * Hands the {@code size} bytes at {@code offset} to {@code reading} as a stream of their own (starting with those
     * already in the buffer, if any), then skips what it left of them. The buffer is the slice reading's meanwhile.
     */
    <T> T slice(long offset, long size, SliceReading<T> reading) throws IOException {
        SliceInput rest;
        InputStream content;
        if (offset < position) { // its start already came with the first block
            byte[] head = Arrays.copyOfRange(buf, (int) (offset - base), (int) (Math.min(position, offset + size) - base));
            rest = new SliceInput(in, size - head.length);
            content = new SequenceInputStream(new ByteArrayInputStream(head), rest);
        } else {
            in.skipNBytes(offset - position);
            rest = new SliceInput(in, size);
            content = rest;
        }
        T result = reading.read(content);
        position = Math.max(position, offset) + rest.taken() + rest.skipRest();
        return result;
    }

    private void skipTo(long offset) throws IOException {
        in.skipNBytes(offset - position);
        position = offset;
    }

    private void readFully(byte[] into, int length, String what) throws IOException {
        int n = in.readNBytes(into, 0, length);
        position += n;
        if (n < length) {
            throw new EOFException(what + " lies past the end of the file");
        }
    }
}
