package dev.warden.catalog.os;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads text lines from a package database with a limit on each line and on the whole file, so a
 * database without newlines or of absurd size ends in a clear error instead of exhausting memory.
 *
 * <p>A scan reads a file list per package (a minbase root's are 270 KB in 14,000 lines) on a cold
 * JVM, so a line is found by a plain search of the read buffer for '\n' and decoded from it in one
 * call; only a line cut by the buffer's end is copied, to {@link #spill}.
 */
final class BoundedLines {
    /**
     * A file list is a few KiB (bash's is 5) and each gets a reader: a larger buffer costs its
     * zeroing on every file (64 KiB made reading a minbase root's 88 lists twice as slow).
     */
    private static final int BUFFER_BYTES = 8 << 10;
    private static final int FIRST_SPILL_BYTES = 256;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private final String path;
    private final long maxTotal;
    /** The start of a line that began before the buffer was refilled. */
    private byte[] spill = new byte[0];
    private int spilled;
    private long total;
    private int lineNumber;

    BoundedLines(InputStream in, String path, long maxTotal) {
        this.in = in;
        this.path = path;
        this.maxTotal = maxTotal;
    }

    /**
     * The next line without its newline (CR LF tolerated), or null at the end. Every byte, the
     * newline included, counts toward the file's limit, checked before the line's: a line may hold
     * {@link CatalogLimits#MAX_LINE_BYTES} bytes, its '\r' included.
     */
    String next() throws IOException {
        spilled = 0;
        while (true) {
            if (position == limit && !fill()) {
                if (spilled == 0) {
                    return null;
                }
                return line(spill, 0, spilled);
            }
            long totalRoom = maxTotal - total;
            if (totalRoom <= 0) {
                throw new WardenException(path + ": larger than " + maxTotal + " bytes; stopped reading at line " + lineNumber);
            }
            int lineRoom = CatalogLimits.MAX_LINE_BYTES - spilled;
            // the bytes this round may look at: a newline may come right after a full line
            int window = (int) Math.min(limit - position, Math.min(totalRoom, lineRoom + 1L));
            int start = position;
            int end = start + window;
            int newline = start;
            while (newline < end && buffer[newline] != '\n') {
                newline++;
            }
            if (newline < end) {
                total += newline - start + 1;
                position = newline + 1;
                if (spilled == 0) {
                    return line(buffer, start, newline - start);
                }
                keep(start, newline - start);
                return line(spill, 0, spilled);
            }
            if (window == lineRoom + 1L) {
                throw new WardenException(path + ": line " + (lineNumber + 1) + " longer than " + CatalogLimits.MAX_LINE_BYTES + " bytes");
            }
            total += window;
            position = end;
            keep(start, window);
        }
    }

    private String line(byte[] bytes, int offset, int length) {
        lineNumber++;
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Adds the buffer's bytes from {@code start} to the line kept across refills. */
    private void keep(int start, int length) {
        if (spilled + length > spill.length) {
            spill = Arrays.copyOf(spill, Math.max(spilled + length, Math.max(FIRST_SPILL_BYTES, spill.length * 2)));
        }
        System.arraycopy(buffer, start, spill, spilled, length);
        spilled += length;
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    int lineNumber() {
        return lineNumber;
    }
}
