package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/** Stops a decompression bomb: refuses a layer that expands too far in total or relative to its compressed size. */
final class ExpansionGuard extends InputStream {
    private final InputStream in;
    private final LongSupplier compressedSoFar;
    private final ImageLimits limits;
    private final String what;
    private long expanded;

    ExpansionGuard(InputStream in, LongSupplier compressedSoFar, ImageLimits limits, String what) {
        this.in = in;
        this.compressedSoFar = compressedSoFar;
        this.limits = limits;
        this.what = what;
    }

    long expanded() {
        return expanded;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            expanded += n;
            if (expanded > limits.maxLayerBytes()) {
                throw new WardenException(what + ": expands beyond the limit of " + limits.maxLayerBytes()
                        + " bytes (--max-layer-size)");
            }
            if (expanded > ImageLimits.RATIO_CHECK_THRESHOLD_BYTES
                    && expanded > limits.maxCompressionRatio() * Math.max(1, compressedSoFar.getAsLong())) {
                throw new WardenException(what + ": expands more than " + limits.maxCompressionRatio()
                        + " times its compressed size (decompression bomb?)");
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
