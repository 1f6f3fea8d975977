package dev.warden.image.registry;

import dev.warden.core.WardenException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes what is read and, at end of stream, refuses content whose digest or size is not the expected one
 * (the {@link dev.warden.image.BlobStore} contract). {@code onMismatch} runs first, e.g. to evict a bad cache file.
 */
final class CheckedBlobStream extends FilterInputStream {
    private final MessageDigest hash;
    private final String digest;
    private final long size;
    private final String what;
    private final Runnable onMismatch;
    private long count;
    private boolean checked;

    CheckedBlobStream(InputStream in, String digest, long size, String what, Runnable onMismatch) {
        super(in);
        this.hash = BlobDigest.hasher(digest);
        this.digest = digest;
        this.size = size;
        this.what = what;
        this.onMismatch = onMismatch;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hash.update(b, off, n);
            count += n;
        } else if (n < 0) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, or the check at the end would be meaningless.
        byte[] scratch = new byte[(int) Math.min(64 * 1024, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        String actual = BlobDigest.of(BlobDigest.algorithm(digest), hash.digest());
        if (size >= 0 && count != size || !actual.equals(digest)) {
            onMismatch.run();
            throw new WardenException(what + ": content does not match its digest (" + count + " bytes hashing to "
                    + actual + ")");
        }
    }
}
