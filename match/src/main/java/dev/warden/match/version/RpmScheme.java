package dev.warden.match.version;

/**
 * RPM's ordering: {@code [epoch:]version[-release]} compared the way {@code rpm.vercmp} (rpm 4.18) does:
 * epoch (missing = 0), version, then release with rpmvercmp, a missing release comparing as empty (so
 * {@code 1.0 < 1.0-1}). rpmvercmp splits at characters other than letters, digits, {@code ~} and
 * {@code ^}; {@code ~} sorts before anything, {@code ^} after the end but before anything else; digit
 * runs beat letter runs and compare numerically at any length; letters compare by byte.
 * Written here because versatile-core treats a missing release as equal to any release and orders
 * {@code 123-a} below {@code 123}, where rpm does not.
 */
final class RpmScheme extends ParsedScheme<RpmScheme.Evr> {

    /** {@code release} is empty when the version has none. */
    record Evr(String epoch, String version, String release) {}

    RpmScheme() {
        super("rpm");
    }

    @Override
    Evr parseChecked(String evr) {
        int digits = 0;
        while (digits < evr.length() && isDigit(evr.charAt(digits))) {
            digits++;
        }
        // an epoch is only the leading digits right before a colon; anything else is part of the version
        boolean hasEpoch = digits < evr.length() && evr.charAt(digits) == ':';
        String epoch = hasEpoch && digits > 0 ? evr.substring(0, digits) : "0";
        String rest = hasEpoch ? evr.substring(digits + 1) : evr;
        int hyphen = rest.lastIndexOf('-');
        return hyphen < 0 ? new Evr(epoch, rest, "") : new Evr(epoch, rest.substring(0, hyphen), rest.substring(hyphen + 1));
    }

    @Override
    int compareParsed(Evr a, Evr b) {
        int c = rpmvercmp(a.epoch(), b.epoch());
        if (c == 0) {
            c = rpmvercmp(a.version(), b.version());
        }
        return c != 0 ? c : rpmvercmp(a.release(), b.release());
    }

    static int rpmvercmp(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            i = skipSeparators(a, i);
            j = skipSeparators(b, j);
            char x = i < a.length() ? a.charAt(i) : 0;
            char y = j < b.length() ? b.charAt(j) : 0;
            if (x == '~' || y == '~') {
                if (x != '~') {
                    return 1;
                }
                if (y != '~') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (x == '^' || y == '^') {
                if (x == 0) {
                    return -1;
                }
                if (y == 0) {
                    return 1;
                }
                if (x != '^') {
                    return 1;
                }
                if (y != '^') {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (x == 0 || y == 0) {
                break;
            }
            boolean numeric = isDigit(x);
            int ei = runEnd(a, i, numeric);
            int ej = runEnd(b, j, numeric);
            if (ej == j) {
                // the other side has a run of the other kind here: numbers are newer than letters
                return numeric ? 1 : -1;
            }
            String s = a.substring(i, ei);
            String t = b.substring(j, ej);
            int c = numeric ? SemVer.compareDigits(s, t) : Integer.signum(s.compareTo(t));
            if (c != 0) {
                return c;
            }
            i = ei;
            j = ej;
        }
        boolean aDone = i >= a.length();
        boolean bDone = j >= b.length();
        if (aDone && bDone) {
            return 0;
        }
        return aDone ? -1 : 1;
    }

    private static int skipSeparators(String s, int i) {
        while (i < s.length() && !isAlnum(s.charAt(i)) && s.charAt(i) != '~' && s.charAt(i) != '^') {
            i++;
        }
        return i;
    }

    private static int runEnd(String s, int i, boolean digits) {
        while (i < s.length() && (digits ? isDigit(s.charAt(i)) : isAlpha(s.charAt(i)))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isAlpha(c);
    }
}
