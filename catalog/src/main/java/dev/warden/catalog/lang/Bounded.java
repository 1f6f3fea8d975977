package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads whole small inputs, refusing any larger than the limit the caller names. */
final class Bounded {
    private Bounded() {}

    static byte[] readAll(InputStream in, int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 << 10));
        byte[] buffer = new byte[64 << 10];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw new WardenException(what + ": larger than " + limit + " bytes, skipped");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads at most {@code limit} bytes (fewer at end of stream) without failing on longer input. */
    static byte[] readPrefix(InputStream in, int limit) throws IOException {
        return in.readNBytes(limit);
    }
}
