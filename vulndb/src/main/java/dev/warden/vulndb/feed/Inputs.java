package dev.warden.vulndb.feed;

import dev.warden.core.WardenException;
import dev.warden.vulndb.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening feed files: size checks, transparent gzip, bounded reads. */
public final class Inputs {

    private Inputs() {}

    /** A regular file no bigger than {@link Limits#MAX_FEED_FILE_BYTES}, gunzipped when it is gzip. */
    public static InputStream open(Path file) throws IOException {
        requireFeedFile(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return isGzip(file) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    public static void requireFeedFile(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new WardenException("feed file " + file + " does not exist or is not a regular file");
        }
        long size = Files.size(file);
        if (size > Limits.MAX_FEED_FILE_BYTES) {
            throw new WardenException("feed file " + file + " is " + size + " bytes, more than the limit of "
                    + Limits.MAX_FEED_FILE_BYTES);
        }
    }

    public static boolean isGzip(Path file) throws IOException {
        byte[] magic = head(file, 2);
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    public static boolean isZip(Path file) throws IOException {
        byte[] magic = head(file, 4);
        return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }

    static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    /** Reads at most {@code limit} bytes; more is an error naming {@code what}. */
    public static byte[] readBounded(InputStream in, long limit, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new RecordTooLargeException(what + " is larger than the limit of " + limit + " bytes");
        }
        return bytes;
    }

    /** One record over its size limit: skipped with a warning, the rest of the feed goes on. */
    public static final class RecordTooLargeException extends IOException {
        public RecordTooLargeException(String message) {
            super(message);
        }
    }
}
