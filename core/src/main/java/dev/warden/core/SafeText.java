package dev.warden.core;

/**
 * The one sanitiser for text that leaves Warden (terminal tables, warnings, error lines, Markdown, HTML): text taken
 * from an image, an advisory, a VEX document or a registry may hold terminal escapes (ESC[2J clears the screen, OSC 52
 * writes the clipboard), NULs or bidirectional overrides that make a name read as another. Each such character is
 * shown as a visible escape ({@code \x1b}, {@code \u202e}) instead of being passed on.
 */
public final class SafeText {

    /** Longest piece of input quoted in one message: a 1 MB version string must not make a 1 MB warning. */
    public static final int MAX_QUOTED_CHARS = 200;

    private SafeText() {}

    /** {@code text} with every control, format-override and line-breaking character escaped; null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c <= 0xff) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** Like {@link #clean} but keeps line breaks and tabs: for whole messages and documents of several lines. */
    public static String cleanLines(String text) {
        if (text == null || text.indexOf('\n') < 0 && text.indexOf('\t') < 0) {
            return clean(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t') {
                out.append(clean(text.substring(start, i))).append(c);
                start = i + 1;
            }
        }
        return out.append(clean(text.substring(start))).toString();
    }

    /** Input quoted in a message: cleaned and cut to {@link #MAX_QUOTED_CHARS}, saying how much was left out. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        if (text.length() <= MAX_QUOTED_CHARS) {
            return clean(text);
        }
        int cut = MAX_QUOTED_CHARS;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return clean(text.substring(0, cut)) + "...(" + (text.length() - cut) + " more characters)";
    }

    /**
     * C0 controls (tab and line breaks included: one line must stay one line), DEL, C1 controls (0x9b is a one-byte
     * CSI on some terminals), line and paragraph separators, bidirectional embeddings, overrides and isolates.
     */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
