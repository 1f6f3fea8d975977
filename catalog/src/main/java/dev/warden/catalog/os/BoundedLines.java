package dev.warden.catalog.os;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines from a package database with a limit on each line and on the whole file, so a
 * database without newlines or of absurd size ends in a clear error instead of exhausting memory.
 */
final class BoundedLines {
    private final InputStream in;
    private final byte[] buffer = new byte[64 << 10];
    private int position;
    private int limit;
    private final String path;
    private final long maxTotal;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long total;
    private int lineNumber;

    BoundedLines(InputStream in, String path, long maxTotal) {
        this.in = in;
        this.path = path;
        this.maxTotal = maxTotal;
    }

    /** The next line without its newline (CR LF tolerated), or null at the end. */
    String next() throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = read()) != -1) {
            any = true;
            if (++total > maxTotal) {
                throw new WardenException(path + ": larger than " + maxTotal + " bytes; stopped reading at line " + lineNumber);
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= CatalogLimits.MAX_LINE_BYTES) {
                throw new WardenException(path + ": line " + (lineNumber + 1) + " longer than " + CatalogLimits.MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private int read() throws IOException {
        if (position == limit) {
            limit = in.read(buffer);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    int lineNumber() {
        return lineNumber;
    }
}
