package dev.warden.catalog.secret;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds which rules' keywords occur in a line in one pass over its bytes, ignoring ASCII case: each position
 * looks up its two bytes in a table of the keywords starting with them. Testing each keyword with
 * {@code contains} costs one pass per keyword (about forty); most lines hold none, so this pass is most of the
 * cost of scanning a file.
 */
final class KeywordIndex {
    private static final byte[] LOWER = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            LOWER[c] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }

    /** A keyword and the rule whose it is: bit {@code rule % 64} of word {@code rule / 64}. */
    private record Keyword(byte[] bytes, int word, long bit) {}

    /** Keywords by their first two (lower-case) bytes. */
    private final Keyword[][] byPair = new Keyword[1 << 16][];

    /** Rules that run on every line: no keyword, or one shorter than two characters (no pair to index it by). */
    private final long[] always;

    /** Words of a rule mask: one bit per rule. */
    final int words;

    /** {@code rules}' keywords, lower case as rules require. */
    KeywordIndex(List<SecretRule> rules) {
        words = Math.max(1, (rules.size() + Long.SIZE - 1) / Long.SIZE);
        always = new long[words];
        List<List<Keyword>> lists = new ArrayList<>();
        for (int i = 0; i < byPair.length; i++) lists.add(null);
        for (int r = 0; r < rules.size(); r++) {
            List<String> keywords = rules.get(r).keywords();
            if (keywords.isEmpty() || keywords.stream().anyMatch(k -> k.getBytes(StandardCharsets.UTF_8).length < 2)) {
                always[r / Long.SIZE] |= 1L << (r % Long.SIZE);
                continue;
            }
            for (String k : keywords) {
                // UTF-8: a keyword with non-ASCII letters matches the bytes of a UTF-8 file (the line is not decoded)
                byte[] bytes = k.getBytes(StandardCharsets.UTF_8);
                int pair = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
                if (lists.get(pair) == null) lists.set(pair, new ArrayList<>());
                lists.get(pair).add(new Keyword(bytes, r / Long.SIZE, 1L << (r % Long.SIZE)));
            }
        }
        for (int i = 0; i < byPair.length; i++) {
            if (lists.get(i) != null) byPair[i] = lists.get(i).toArray(Keyword[]::new);
        }
    }

    /**
     * Sets in {@code found} ({@link #words} long) bit {@code r} when a keyword of rule {@code r} occurs in
     * {@code line[0, length)}, and the bits of the rules without keywords; returns whether any bit is set.
     */
    boolean rulesIn(byte[] line, int length, long[] found) {
        System.arraycopy(always, 0, found, 0, words);
        for (int i = 0; i + 1 < length; i++) {
            Keyword[] candidates = byPair[(LOWER[line[i] & 0xff] & 0xff) << 8 | (LOWER[line[i + 1] & 0xff] & 0xff)];
            if (candidates == null) continue;
            for (Keyword k : candidates) {
                if ((found[k.word] & k.bit) == 0 && matchesAt(line, length, i, k.bytes)) found[k.word] |= k.bit;
            }
        }
        for (long w : found) {
            if (w != 0) return true;
        }
        return false;
    }

    private static boolean matchesAt(byte[] line, int length, int at, byte[] keyword) {
        if (at + keyword.length > length) return false;
        for (int j = 2; j < keyword.length; j++) {
            if (LOWER[line[at + j] & 0xff] != keyword[j]) return false;
        }
        return true;
    }
}
