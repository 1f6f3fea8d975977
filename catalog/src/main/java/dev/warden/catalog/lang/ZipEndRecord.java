package dev.warden.catalog.lang;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A zip's end of central directory record (APPNOTE 4.3.16), read before a zip reader is let at an archive on disk:
 * that reader builds every central directory entry in memory when it opens the archive, so the archive must first
 * show that its directory is small and where it says it is. Only the plain 32-bit form is taken; zip64 archives,
 * prefixed archives (a launch script before the zip) and archives whose end record disagrees with itself are read
 * as streams, as every archive was before.
 *
 * @param entries          the total number of entries the record declares
 * @param directoryBytes   the size of the central directory
 * @param directoryOffset  where the central directory starts, from the start of the archive
 */
record ZipEndRecord(int entries, long directoryBytes, long directoryOffset) {
    /** The record's fixed part, before its comment. */
    static final int FIXED_BYTES = 22;
    /** A comment's length is an unsigned 16-bit field. */
    static final int MAX_COMMENT_BYTES = 0xFFFF;
    private static final int SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_BYTES = 20;
    private static final int ZIP64_MARKER_16 = 0xFFFF;
    private static final long ZIP64_MARKER_32 = 0xFFFFFFFFL;

    /**
     * The end record of the archive in {@code archive} when it is the last thing in it (nothing after its comment), its
     * central directory ends where the record starts, and it is no zip64 archive; else null.
     */
    static ZipEndRecord read(ChannelSlice archive) throws IOException {
        long size = archive.size();
        if (size < FIXED_BYTES) {
            return null;
        }
        int tailBytes = (int) Math.min(size, FIXED_BYTES + MAX_COMMENT_BYTES + ZIP64_LOCATOR_BYTES);
        ByteBuffer tail = ByteBuffer.allocate(tailBytes).order(ByteOrder.LITTLE_ENDIAN);
        archive.position(size - tailBytes);
        while (tail.hasRemaining() && archive.read(tail) >= 0) {
            // positional reads until the buffer is full
        }
        if (tail.hasRemaining()) {
            return null;
        }
        for (int at = tailBytes - FIXED_BYTES; at >= 0; at--) {
            if (tail.getInt(at) != SIGNATURE || at + FIXED_BYTES + (tail.getShort(at + 20) & 0xFFFF) != tailBytes) {
                continue;
            }
            int diskEntries = tail.getShort(at + 8) & 0xFFFF;
            int entries = tail.getShort(at + 10) & 0xFFFF;
            long directoryBytes = tail.getInt(at + 12) & ZIP64_MARKER_32;
            long directoryOffset = tail.getInt(at + 16) & ZIP64_MARKER_32;
            long recordStart = size - tailBytes + at;
            boolean zip64 = entries == ZIP64_MARKER_16 || directoryBytes == ZIP64_MARKER_32 || directoryOffset == ZIP64_MARKER_32
                    || (at >= ZIP64_LOCATOR_BYTES && tail.getInt(at - ZIP64_LOCATOR_BYTES) == ZIP64_LOCATOR_SIGNATURE);
            boolean oneDisk = diskEntries == entries && tail.getShort(at + 4) == 0 && tail.getShort(at + 6) == 0;
            if (zip64 || !oneDisk || directoryOffset + directoryBytes != recordStart) {
                return null;
            }
            return new ZipEndRecord(entries, directoryBytes, directoryOffset);
        }
        return null;
    }
}
