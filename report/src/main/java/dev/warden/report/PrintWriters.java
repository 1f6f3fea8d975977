package dev.warden.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The writer the terminal formats print through, and the error check PrintWriter leaves to its user. */
final class PrintWriters {
    private PrintWriters() {}

    /** A UTF-8 PrintWriter over {@code out}; end with {@link #finish} so that a failed write is not lost. */
    static PrintWriter utf8(OutputStream out) {
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /**
     * Flushes {@code w} and fails when any write through it failed: PrintWriter keeps write errors (a full disk,
     * /dev/full) to itself, and a report cut short must not pass as written.
     */
    static void finish(PrintWriter w) throws IOException {
        w.flush();
        if (w.checkError()) {
            throw new IOException("write failed");
        }
    }
}
