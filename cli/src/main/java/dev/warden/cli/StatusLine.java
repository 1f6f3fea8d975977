package dev.warden.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard error shared by the messages of a command and its progress line on a terminal: a message first erases
 * the line ({@code \r}, erase to end of line), so that the two never share a row; the next redraw puts the line back
 * below the message. Every write to stderr goes through {@link #messages()}.
 */
final class StatusLine {
    /** Carriage return, then ANSI "erase in line" (to its end): the cursor stays at the start of an empty row. */
    static final String ERASE = "\r\033[K";

    private final PrintStream err;
    private boolean drawn;
    /** Set once the command writes its result to stdout: the line is not drawn over a report being printed. */
    private boolean stopped;

    StatusLine(PrintStream err) {
        this.err = err;
    }

    /** Replaces the row with {@code text} (one line, already fitted to the terminal's width). */
    synchronized void draw(String text) {
        if (stopped) {
            return;
        }
        err.print(ERASE + text);
        err.flush();
        drawn = true;
    }

    /** A whole line of its own (the periodic progress line where stderr is not a terminal). */
    synchronized void println(String text) {
        clear();
        err.println(text);
        err.flush();
    }

    /** Erases the progress line if one is drawn. */
    synchronized void clear() {
        if (drawn) {
            err.print(ERASE);
            err.flush();
            drawn = false;
        }
    }

    /**
     * Stdout for the command's result: its first write erases the progress line and ends its drawing (a report on the
     * same terminal is not interleaved with it). Nothing is added to what goes to stdout.
     */
    OutputStream results(PrintStream stdout) {
        return new FilterOutputStream(stdout) {
            @Override
            public void write(int b) {
                stop();
                stdout.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                stop();
                stdout.write(b, off, len);
            }

            @Override
            public void flush() {
                stdout.flush();
            }

            @Override
            public void close() {
                flush(); // stdout stays open for whoever writes next
            }
        };
    }

    private synchronized void stop() {
        if (!stopped) {
            clear();
            stopped = true;
        }
    }

    /** Stderr for messages: each write erases a drawn progress line first. */
    OutputStream messages() {
        return new FilterOutputStream(err) {
            @Override
            public void write(int b) {
                synchronized (StatusLine.this) {
                    clear();
                    err.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (StatusLine.this) {
                    clear();
                    err.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() throws IOException {
                flush(); // stderr stays open for whoever writes next
            }
        };
    }
}
