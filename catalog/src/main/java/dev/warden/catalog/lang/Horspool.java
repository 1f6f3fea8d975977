package dev.warden.catalog.lang;

import java.util.Arrays;
import java.util.function.IntConsumer;

/** Boyer-Moore-Horspool search for one fixed pattern (immutable, shared). */
final class Horspool {
    private final byte[] pattern;
    private final int[] shift = new int[256];

    Horspool(byte[] pattern) {
        this.pattern = pattern;
        Arrays.fill(shift, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            shift[pattern[i] & 0xff] = pattern.length - 1 - i;
        }
    }

    /** Reports every start position in [0, limit) where the pattern lies wholly within bytes[0, length). */
    void find(byte[] bytes, int limit, int length, IntConsumer hit) {
        find(bytes, 0, limit, length, hit);
    }

    /** Reports every start position in [from, limit) where the pattern lies wholly within bytes[0, length). */
    void find(byte[] bytes, int from, int limit, int length, IntConsumer hit) {
        int m = pattern.length;
        for (int i = from; i < limit && i + m <= length; ) {
            byte last = bytes[i + m - 1];
            if (last == pattern[m - 1] && bytes[i] == pattern[0] && Arrays.equals(bytes, i, i + m - 1, pattern, 0, m - 1)) {
                hit.accept(i);
            }
            i += shift[last & 0xff];
        }
    }
}
