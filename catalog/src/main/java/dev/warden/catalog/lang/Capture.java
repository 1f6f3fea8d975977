package dev.warden.catalog.lang;

import java.util.Arrays;

/**
 * Bytes [start, start + length) of the file, collected as blocks go by. The array grows with what
 * arrived, so a long capture that is never filled (a module info candidate) costs only what was seen.
 */
final class Capture {
    final long start;
    int length;
    byte[] data = new byte[0];
    int filled;

    Capture(long start, int length) {
        this.start = start;
        this.length = length;
    }

    /** Ends the capture after the first {@code marker} found at or after {@code from} (a module info end sentinel). */
    void closeAfter(byte[] marker, int from) {
        for (int i = Math.max(0, from); i + marker.length <= filled; i++) {
            if (Arrays.equals(data, i, i + marker.length, marker, 0, marker.length)) {
                length = i + marker.length;
                filled = length;
                data = Arrays.copyOf(data, length);
                return;
            }
        }
    }

    boolean complete() {
        return filled == length;
    }

    /** Copies what of this capture lies in {@code bytes[0, count)}, which hold the file from {@code offset}. */
    void apply(byte[] bytes, long offset, int count) {
        long from = Math.max(start + filled, offset);
        long to = Math.min(start + length, offset + count);
        if (from >= to || from > start + filled) {
            return; // nothing new here, or a gap (only captures started inside a block are ever applied)
        }
        int n = (int) (to - from);
        if (data.length < filled + n) {
            data = Arrays.copyOf(data, (int) Math.min(length, Math.max(filled + n, 2L * data.length)));
        }
        System.arraycopy(bytes, (int) (from - offset), data, filled, n);
        filled += n;
        if (filled == length && data.length != length) {
            data = Arrays.copyOf(data, length);
        }
    }
}
