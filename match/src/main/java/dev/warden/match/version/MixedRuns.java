package dev.warden.match.version;

import java.util.List;

/**
 * Orders sequences of digit runs and letter runs: numbers numerically, letters by string, any letter
 * run below any number, and a sequence that is a prefix of another lower. PEP 440 local versions and
 * the generic scheme both order this way.
 */
final class MixedRuns {

    private MixedRuns() {}

    static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xn = SemVer.isDigits(x);
            boolean yn = SemVer.isDigits(y);
            int c = xn && yn ? SemVer.compareDigits(x, y) : xn != yn ? (xn ? 1 : -1) : x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
