package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts everything read through it and, at end of stream, compares with the expected
 * digest and size, throwing a WardenException naming {@code what} on a mismatch. Skips are reads,
 * so nothing escapes the hash.
 */
final class VerifyingInputStream extends InputStream {
    private final InputStream in;
    private final MessageDigest hash;
    private final String expectedDigest;
    private final long expectedSize;
    private final String what;
    private long count;
    private boolean verified;

    /** {@code expectedDigest} null = count only; {@code expectedSize} < 0 = any size. */
    VerifyingInputStream(InputStream in, String expectedDigest, long expectedSize, String what) {
        this.in = in;
        this.expectedDigest = expectedDigest;
        this.hash = expectedDigest == null ? null : Digests.newDigest(expectedDigest);
        this.expectedSize = expectedSize;
        this.what = what;
    }

    /** Bytes read so far. */
    long count() {
        return count;
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
            if (hash != null) {
                hash.update(b, off, n);
            }
            count += n;
            if (expectedSize >= 0 && count > expectedSize) {
                throw new WardenException(what + ": larger than the " + expectedSize + " bytes its descriptor gives");
            }
        } else if (n < 0) {
            verify();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return Streams.skipByReading(this, n);
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    /** Reads to the end (so the whole content is hashed) and verifies. */
    void drainAndVerify() throws IOException {
        Streams.drain(this);
        verify();
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw new WardenException(what + ": truncated: " + count + " of " + expectedSize + " bytes");
        }
        if (hash != null) {
            String actual = Digests.format(Digests.algorithm(expectedDigest), hash.digest());
            if (!actual.equals(expectedDigest)) {
                throw new WardenException(what + ": digest mismatch: expected " + expectedDigest + ", content has " + actual);
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
