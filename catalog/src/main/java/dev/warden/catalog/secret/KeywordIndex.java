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

    private record Keyword(byte[] bytes, long rules) {}

    /** Keywords by their first two (lower-case) bytes. */
    private final Keyword[][] byPair = new Keyword[1 << 16][];

    /** {@code rules} at most 64, each with keywords of two or more characters (lower case, as rules require). */
    KeywordIndex(List<SecretRule> rules) {
        if (rules.size() > Long.SIZE) throw new IllegalArgumentException("at most 64 rules");
        List<List<Keyword>> lists = new ArrayList<>();
        for (int i = 0; i < byPair.length; i++) lists.add(null);
        for (int r = 0; r < rules.size(); r++) {
            for (String k : rules.get(r).keywords()) {
                byte[] bytes = k.getBytes(StandardCharsets.ISO_8859_1);
                if (bytes.length < 2) throw new IllegalArgumentException(rules.get(r).id() + ": keyword '" + k + "' is shorter than 2");
                int pair = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
                if (lists.get(pair) == null) lists.set(pair, new ArrayList<>());
                lists.get(pair).add(new Keyword(bytes, 1L << r));
            }
        }
        for (int i = 0; i < byPair.length; i++) {
            if (lists.get(i) != null) byPair[i] = lists.get(i).toArray(Keyword[]::new);
        }
    }

    /** Bit {@code r} set when a keyword of rule {@code r} occurs in {@code line[0, length)}. */
    long rulesIn(byte[] line, int length) {
        long found = 0;
        for (int i = 0; i + 1 < length; i++) {
            Keyword[] candidates = byPair[(LOWER[line[i] & 0xff] & 0xff) << 8 | (LOWER[line[i + 1] & 0xff] & 0xff)];
            if (candidates == null) continue;
            for (Keyword k : candidates) {
                if ((found & k.rules) == 0 && matchesAt(line, length, i, k.bytes)) found |= k.rules;
            }
        }
        return found;
    }

    private static boolean matchesAt(byte[] line, int length, int at, byte[] keyword) {
        if (at + keyword.length > length) return false;
        for (int j = 2; j < keyword.length; j++) {
            if (LOWER[line[at + j] & 0xff] != keyword[j]) return false;
        }
        return true;
    }
}
