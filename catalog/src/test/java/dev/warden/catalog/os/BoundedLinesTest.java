package dev.warden.catalog.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.catalog.CatalogLimits;
import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines found in a read buffer, cut by its refills or not; the limits of HostileOsDatabasesTest at their edges. */
class BoundedLinesTest {

    /** Hands out {@code chunk} bytes a read at most, as pipes and decompressors may. */
    private static InputStream chunked(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<String> read(BoundedLines lines) throws IOException {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = lines.next()) != null) {
            out.add(line);
        }
        return out;
    }

    @Test
    void linesCutByRefillsComeOutWhole() throws IOException {
        byte[] data = "/usr/bin/été\r\n\n/usr/lib/€\nlast".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 5, data.length}) {
            BoundedLines lines = new BoundedLines(chunked(data, chunk), "/x.list", Long.MAX_VALUE);
            assertThat(read(lines)).as("chunks of %d", chunk).containsExactly("/usr/bin/été", "", "/usr/lib/€", "last");
            assertThat(lines.lineNumber()).isEqualTo(4);
        }
    }

    @Test
    void aLineMayHoldTheLimitItsCarriageReturnIncluded() throws IOException {
        String full = "x".repeat(CatalogLimits.MAX_LINE_BYTES);
        byte[] data = (full + "\n" + full.substring(1) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(read(new BoundedLines(chunked(data, 10_000), "/x.list", Long.MAX_VALUE)))
                .extracting(String::length).containsExactly(CatalogLimits.MAX_LINE_BYTES, CatalogLimits.MAX_LINE_BYTES - 1);
        BoundedLines over = new BoundedLines(new ByteArrayInputStream(("a\n" + full + "\r\n").getBytes(StandardCharsets.US_ASCII)), "/x.list", Long.MAX_VALUE);
        assertThatThrownBy(() -> read(over)).isInstanceOf(WardenException.class)
                .hasMessage("/x.list: line 2 longer than " + CatalogLimits.MAX_LINE_BYTES + " bytes");
    }

    @Test
    void theFileLimitCountsNewlinesAndComesBeforeTheLineLimit() throws IOException {
        byte[] data = "ab\ncd\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(read(new BoundedLines(chunked(data, 1), "/x.list", data.length))).containsExactly("ab", "cd");
        BoundedLines short1 = new BoundedLines(chunked(data, 4), "/x.list", data.length - 1);
        assertThatThrownBy(() -> read(short1)).isInstanceOf(WardenException.class)
                .hasMessage("/x.list: larger than 5 bytes; stopped reading at line 1");
        byte[] longLine = ("x".repeat(CatalogLimits.MAX_LINE_BYTES) + "y").getBytes(StandardCharsets.US_ASCII);
        BoundedLines both = new BoundedLines(new ByteArrayInputStream(longLine), "/x.list", CatalogLimits.MAX_LINE_BYTES);
        assertThatThrownBy(() -> read(both)).hasMessage("/x.list: larger than " + CatalogLimits.MAX_LINE_BYTES + " bytes; stopped reading at line 0");
    }
}
