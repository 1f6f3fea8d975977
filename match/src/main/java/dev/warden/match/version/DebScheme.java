package dev.warden.match.version;

/**
 * Debian's ordering as deb-version(7) and dpkg define it: {@code [epoch:]upstream[-revision]}; epochs
 * numerically; upstream then revision by alternating non-digit and digit runs, where in non-digit runs
 * {@code ~} sorts before everything (even the end), then the end, then letters, then other characters,
 * and digit runs compare numerically at any length. Written here because versatile-core overflows on
 * digit runs above 2^31 ({@code NumberFormatException} while comparing) and accepts versions dpkg
 * refuses ({@code :1.0}). Surrounding whitespace is ignored, as dpkg ignores it.
 */
final class DebScheme extends ParsedScheme<DebScheme.DebVersion> {

    record DebVersion(String epoch, String upstream, String revision) {}

    DebScheme() {
        super("deb");
    }

    @Override
    DebVersion parseChecked(String raw) {
        String version = raw.strip();
        String problem = DebianSyntax.problem(version);
        if (problem != null) {
            throw invalid(raw, problem);
        }
        int colon = version.indexOf(':');
        String epoch = colon < 0 ? "0" : version.substring(0, colon);
        String rest = version.substring(colon + 1);
        int hyphen = rest.lastIndexOf('-');
        return hyphen < 0 ? new DebVersion(epoch, rest, "")
                : new DebVersion(epoch, rest.substring(0, hyphen), rest.substring(hyphen + 1));
    }

    @Override
    int compareParsed(DebVersion a, DebVersion b) {
        int c = SemVer.compareDigits(a.epoch(), b.epoch());
        if (c == 0) {
            c = compareParts(a.upstream(), b.upstream());
        }
        return c != 0 ? c : compareParts(a.revision(), b.revision());
    }

    /** dpkg's verrevcmp. */
    static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
                int x = order(a, i);
                int y = order(b, j);
                if (x != y) {
                    return Integer.compare(x, y);
                }
                i++;
                j++;
            }
            int ai = i;
            int bj = j;
            while (i < a.length() && isDigit(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && isDigit(b.charAt(j))) {
                j++;
            }
            int c = SemVer.compareDigits(ai == i ? "0" : a.substring(ai, i), bj == j ? "0" : b.substring(bj, j));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Weight of the character at {@code i} in a non-digit run; past the end (or at a digit) it is 0. */
    private static int order(String s, int i) {
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (isDigit(c)) {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        return c == '~' ? -1 : c + 256;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
