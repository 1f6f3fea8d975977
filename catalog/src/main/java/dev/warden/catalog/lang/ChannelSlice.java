package dev.warden.catalog.lang;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;

/**
 * A read-only window {@code [start, start + size)} of an open file, with a position of its own: what a zip reader is
 * given for an archive on disk, and for an archive stored (not compressed) inside another one, which is the same
 * bytes of the same file. Reads are positional ({@link FileChannel#read(ByteBuffer, long)}), so neither the file's
 * own position nor other slices move; closing a slice leaves the file open for its owner.
 */
final class ChannelSlice implements SeekableByteChannel {
    /** Buffer for reading a slice through (its SHA-1): large reads, few system calls. */
    private static final int READ_THROUGH_BUFFER_BYTES = 256 << 10;

    private final FileChannel file;
    private final long start;
    private final long size;
    private long position;

    private ChannelSlice(FileChannel file, long start, long size) {
        this.file = file;
        this.start = start;
        this.size = size;
    }

    /** The whole file, as long as it is now. */
    static ChannelSlice of(FileChannel file) throws IOException {
        return new ChannelSlice(file, 0, file.size());
    }

    /** The bytes {@code [offset, offset + length)} of this slice; null when they are not all inside it. */
    ChannelSlice slice(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            return null;
        }
        return new ChannelSlice(file, start + offset, length);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        int limit = dst.limit();
        if (dst.remaining() > size - position) {
            dst.limit(dst.position() + (int) (size - position));
        }
        try {
            int n = file.read(dst, start + position);
            if (n < 0) {
                throw new EOFException("the file ended " + (size - position) + " bytes early (changed while read?)");
            }
            position += n;
            return n;
        } finally {
            dst.limit(limit);
        }
    }

    /** The SHA-1 of the whole slice, read with a large buffer (one digest call per buffer: C2's intrinsic applies). */
    byte[] sha1(MessageDigest digest) throws IOException {
        byte[] buffer = new byte[(int) Math.min(READ_THROUGH_BUFFER_BYTES, Math.max(1, size))];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long at = 0;
        while (at < size) {
            wrapped.clear().limit((int) Math.min(buffer.length, size - at));
            int n = file.read(wrapped, start + at);
            if (n < 0) {
                throw new EOFException("the file ended " + (size - at) + " bytes early (changed while read?)");
            }
            digest.update(buffer, 0, n);
            at += n;
        }
        return digest.digest();
    }

    /** Up to {@code length} bytes at {@code offset} of the slice; fewer only where the slice ends first. */
    byte[] bytes(long offset, int length) throws IOException {
        if (offset < 0 || offset >= size) {
            return new byte[0];
        }
        ByteBuffer into = ByteBuffer.allocate((int) Math.min(length, size - offset));
        while (into.hasRemaining()) {
            if (file.read(into, start + offset + into.position()) < 0) {
                break;
            }
        }
        return into.position() == into.capacity() ? into.array() : java.util.Arrays.copyOf(into.array(), into.position());
    }

    /** The slice as a stream from its start (for the streaming reader, when the zip reader declines an archive). */
    InputStream stream() {
        return Channels.newInputStream(new ChannelSlice(file, start, size));
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() {
        // the file belongs to its source
    }
}
