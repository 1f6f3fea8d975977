package dev.warden.core;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * A writer for lines meant for a person (Warden's stderr): every character {@link SafeText} deems unsafe is written
 * as its visible escape, and each line is cut at {@link #MAX_LINE_CHARS}, ending with how much was left out. Every
 * error and warning passes through it, whatever message put the text there: a 10,000-platform index must not make a
 * 170 KB error line, nor a package name clear the screen.
 */
public final class SafeTextWriter extends FilterWriter {

    /** Longest line written; a message longer than this is cut (two screen widths of a long purl fit many times). */
    public static final int MAX_LINE_CHARS = 4_000;

    private int lineChars;
    private long dropped;

    public SafeTextWriter(Writer out) {
        super(out);
    }

    @Override
    public void write(int c) throws IOException {
        char ch = (char) c;
        if (ch == '\n') {
            if (dropped > 0) {
                out.write("...(" + dropped + " more characters)");
            }
            out.write('\n');
            lineChars = 0;
            dropped = 0;
            return;
        }
        String shown = ch == '\t' || !SafeText.unsafe(ch) ? String.valueOf(ch) : SafeText.clean(String.valueOf(ch));
        if (lineChars + shown.length() > MAX_LINE_CHARS) {
            dropped++;
            return;
        }
        lineChars += shown.length();
        out.write(shown);
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(buffer[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(text.charAt(i));
        }
    }
}
