package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;

/** Small stream helpers shared by the image readers. */
final class Streams {
    /** Read size of the layer pipeline: large reads keep native zlib/zstd and SHA-256 busy, not the JNI boundary. */
    static final int BUFFER_BYTES = 256 * 1024;

    private Streams() {}

    static long skipByReading(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(BUFFER_BYTES, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    static void drain(InputStream in) throws IOException {
        byte[] scratch = new byte[BUFFER_BYTES];
        while (in.read(scratch, 0, scratch.length) >= 0) {
            // discard: only the side effects (hashing, counting) matter
        }
    }

    /** Reads a small document (manifest, config, index) whole, refusing more than {@code limit} bytes. */
    static byte[] readLimited(InputStream in, long limit, String what) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (content.length > limit) {
            throw new WardenException(what + ": larger than the limit of " + limit + " bytes");
        }
        // Read on to end of stream so that a verifying stream checks the digest.
        if (in.read() >= 0) {
            throw new WardenException(what + ": larger than the limit of " + limit + " bytes");
        }
        return content;
    }

    /** An InputStream that ignores close(), for handing a shared stream to a visitor. */
    static InputStream uncloseable(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {}
        };
    }
}
