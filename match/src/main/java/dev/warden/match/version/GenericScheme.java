package dev.warden.match.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fallback for ecosystems without a scheme of their own: digit runs compare numerically, letter
 * runs case-insensitively and below any number, other characters only separate, trailing zero
 * numbers do not count ({@code 1.0 = 1}), and a version that runs out of runs first is lower.
 * Written here because versatile-core's generic scheme is not transitive
 * ({@code v.-_76 < 8x < 9} yet {@code v.-_76 > 9}), which no sort or range walk can survive.
 */
final class GenericScheme extends ParsedScheme<List<String>> {

    GenericScheme() {
        super("generic");
    }

    @Override
    List<String> parseChecked(String version) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < version.length()) {
            char c = version.charAt(i);
            int end = i;
            if (isDigit(c)) {
                while (end < version.length() && isDigit(version.charAt(end))) {
                    end++;
                }
            } else if (Character.isLetter(c)) {
                while (end < version.length() && Character.isLetter(version.charAt(end))) {
                    end++;
                }
            } else {
                i++;
                continue;
            }
            runs.add(version.substring(i, end).toLowerCase(Locale.ROOT));
            i = end;
        }
        while (!runs.isEmpty() && SemVer.isDigits(runs.getLast()) && SemVer.compareDigits(runs.getLast(), "0") == 0) {
            runs.removeLast();
        }
        return runs;
    }

    @Override
    int compareParsed(List<String> a, List<String> b) {
        return MixedRuns.compare(a, b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
