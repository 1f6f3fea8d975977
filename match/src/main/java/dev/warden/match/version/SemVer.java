package dev.warden.match.version;

import java.util.List;
import java.util.regex.Matcher;

/**
 * A parsed Semantic Versioning 2.0.0 version and its precedence (semver.org §11): numeric
 * major.minor.patch, then a release above any of its pre-releases, pre-release identifiers compared
 * numerically when both are digits, numeric below alphanumeric, otherwise by ASCII; build metadata
 * never counts. Numbers are kept as digit strings so that no size overflows.
 */
record SemVer(String major, String minor, String patch, List<String> pre, String build) {

    /**
     * Reads the groups of a matched SemVer pattern: 1 major, 2 minor, 3 patch, 4 pre-release
     * (may be null), 5 build (may be null); a missing minor or patch (Go's shorthand) is 0.
     */
    static SemVer of(Matcher m) {
        String pre = m.group(4);
        return new SemVer(m.group(1), m.group(2) == null ? "0" : m.group(2), m.group(3) == null ? "0" : m.group(3),
                pre == null ? List.of() : List.of(pre.split("\\.", -1)), m.group(5));
    }

    boolean anyNumberAbove(String limit) {
        return compareDigits(major, limit) > 0 || compareDigits(minor, limit) > 0 || compareDigits(patch, limit) > 0;
    }

    int comparePrecedence(SemVer other) {
        int c = compareDigits(major, other.major);
        if (c == 0) {
            c = compareDigits(minor, other.minor);
        }
        if (c == 0) {
            c = compareDigits(patch, other.patch);
        }
        return c != 0 ? c : comparePre(pre, other.pre);
    }

    static int comparePre(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareIdentifier(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    static int compareIdentifier(String a, String b) {
        boolean an = isDigits(a);
        boolean bn = isDigits(b);
        if (an && bn) {
            return compareDigits(a, b);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return Integer.signum(a.compareTo(b));
    }

    /** Compares two unsigned decimal numbers of any length; leading zeros do not count. */
    static int compareDigits(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return Integer.signum(x.compareTo(y));
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
