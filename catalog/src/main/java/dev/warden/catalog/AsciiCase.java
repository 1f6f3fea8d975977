package dev.warden.catalog;

/**
 * Case-insensitive searches as a regular expression's {@code (?i)} without UNICODE_CASE does them: ASCII letters
 * fold, nothing else does (unlike {@link String#regionMatches(boolean, int, String, int, int)}, which folds 'İ' and the
 * Kelvin sign too). For the hot paths that look for a word before, or instead of, running such an expression.
 */
public final class AsciiCase {
    private AsciiCase() {}

    /** The first {@code word} (lower case ASCII) at or after {@code from}, its letters in either case; -1 if none. */
    public static int indexOf(String text, String word, int from) {
        char first = word.charAt(0);
        char firstUpper = (char) (first - ('a' - 'A'));
        int last = text.length() - word.length();
        for (int i = Math.max(from, 0); i <= last; i++) {
            char c = text.charAt(i);
            if ((c == first || c == firstUpper) && startsWith(text, i, word)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code word} (lower case ASCII) stands at {@code at}, its letters in either case. */
    public static boolean startsWith(String text, int at, String word) {
        if (at < 0 || at + word.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = text.charAt(at + i);
            char w = word.charAt(i);
            if (c != w && !(w >= 'a' && w <= 'z' && c == w - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }
}
