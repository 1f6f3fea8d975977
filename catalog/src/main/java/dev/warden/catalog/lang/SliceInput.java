package dev.warden.catalog.lang;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** At most {@code remaining} bytes of the stream beneath: one slice of a universal file. */
final class SliceInput extends FilterInputStream {
    private long remaining;
    private long taken;

    SliceInput(InputStream in, long remaining) {
        super(in);
        this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
            taken++;
        }
        return b;
    }

    @Override
    public int read(byte[] into, int off, int length) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(into, off, (int) Math.min(length, remaining));
        if (n > 0) {
            remaining -= n;
            taken += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        taken += skipped;
        return skipped;
    }

    /**
     * Leaves the stream beneath open: it is the whole file's, and the next slice reads on from it. (A
     * {@link java.io.SequenceInputStream} closes each stream it has read to the end.)
     */
    @Override
    public void close() {
        // nothing to release: the slice owns no stream, and skipRest() still skips what is left of it
    }

    /** Bytes taken from the stream beneath so far. */
    long taken() {
        return taken;
    }

    /** Skips what is left of the slice; returns how much that was. */
    long skipRest() throws IOException {
        long left = remaining;
        in.skipNBytes(left);
        remaining = 0;
        return left;
    }
}
