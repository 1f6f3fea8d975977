package dev.warden.match.version;

import java.util.ArrayList;
import java.util.List;

/**
 * Alpine's ordering, written from apk-tools' rules ({@code digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}}):
 * the first number compares numerically; a later dotted number compares as a string when either side
 * has a leading zero (Gentoo's rule), numerically otherwise; pre-release suffixes
 * {@code _alpha < _beta < _pre < _rc} sort below the bare version, post-release ones
 * {@code _cvs < _svn < _git < _hg < _p} above it; {@code -rN} is the package revision. When one version
 * runs out of tokens first, the longer one is greater unless its next token is a pre-release suffix.
 * versatile-core is not used: it orders a leading-zero first number wrongly ({@code 1.06-r6} vs {@code 006}).
 */
final class ApkScheme extends ParsedScheme<List<ApkScheme.Token>> {

    /** Token kinds in apk-tools' order: when two versions differ in kind, the later kind is the smaller version. */
    enum Kind { INITIAL_DIGIT, DIGIT, LETTER, SUFFIX, SUFFIX_NO, COMMIT_HASH, REVISION_NO, END }

    /** Suffixes in order; {@code NONE} is the bare version, those before it are pre-releases. */
    enum Suffix { ALPHA, BETA, PRE, RC, NONE, CVS, SVN, GIT, HG, P }

    /** One token; {@code text} is the digits, letter or hash as written, {@code suffix} set for SUFFIX tokens. */
    record Token(Kind kind, String text, Suffix suffix) {}

    ApkScheme() {
        super("apk");
    }

    @Override
    List<Token> parseChecked(String v) {
        List<Token> tokens = new ArrayList<>();
        int i = digitsEnd(v, 0);
        if (i == 0) {
            throw invalid(v, "must start with a number");
        }
        tokens.add(new Token(Kind.INITIAL_DIGIT, v.substring(0, i), null));
        Kind last = Kind.INITIAL_DIGIT;
        while (i < v.length()) {
            char c = v.charAt(i);
            Token t;
            if (c >= 'a' && c <= 'z' && last.compareTo(Kind.DIGIT) <= 0) {
                t = new Token(Kind.LETTER, String.valueOf(c), null);
                i++;
            } else if ((c == '.' && last.compareTo(Kind.DIGIT) <= 0)) {
                int end = digitsEnd(v, i + 1);
                if (end == i + 1) {
                    throw invalid(v, "'.' must be followed by a number");
                }
                t = new Token(Kind.DIGIT, v.substring(i + 1, end), null);
                i = end;
            } else if (c >= '0' && c <= '9' && last == Kind.SUFFIX) {
                int end = digitsEnd(v, i);
                t = new Token(Kind.SUFFIX_NO, v.substring(i, end), null);
                i = end;
            } else if (c == '_' && last.compareTo(Kind.SUFFIX_NO) <= 0) {
                int end = i + 1;
                while (end < v.length() && v.charAt(end) >= 'a' && v.charAt(end) <= 'z') {
                    end++;
                }
                t = new Token(Kind.SUFFIX, v.substring(i + 1, end), suffix(v, v.substring(i + 1, end)));
                i = end;
            } else if (c == '~' && last.compareTo(Kind.COMMIT_HASH) < 0) {
                int end = i + 1;
                while (end < v.length() && Character.digit(v.charAt(end), 16) >= 0 && v.charAt(end) < 128) {
                    end++;
                }
                if (end == i + 1) {
                    throw invalid(v, "'~' must be followed by a commit hash");
                }
                t = new Token(Kind.COMMIT_HASH, v.substring(i + 1, end), null);
                i = end;
            } else if (c == '-' && last.compareTo(Kind.REVISION_NO) < 0 && v.startsWith("-r", i)) {
                int end = digitsEnd(v, i + 2);
                if (end == i + 2) {
                    throw invalid(v, "'-r' must be followed by a number");
                }
                t = new Token(Kind.REVISION_NO, v.substring(i + 2, end), null);
                i = end;
            } else {
                throw invalid(v, "unexpected '" + c + "' at position " + (i + 1));
            }
            tokens.add(t);
            last = t.kind();
        }
        return tokens;
    }

    @Override
    int compareParsed(List<Token> a, List<Token> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Token x = a.get(i);
            Token y = b.get(i);
            if (x.kind() != y.kind()) {
                return tail(x, y);
            }
            int c = compareSameKind(x, y);
            if (c != 0) {
                return c;
            }
        }
        Token end = new Token(Kind.END, "", null);
        Token x = a.size() > n ? a.get(n) : end;
        Token y = b.size() > n ? b.get(n) : end;
        return tail(x, y);
    }

    /** Equal so far, and the next tokens differ in kind (or one side has ended). */
    private static int tail(Token x, Token y) {
        if (x.kind() == y.kind()) {
            return 0;
        }
        if (x.kind() == Kind.SUFFIX && x.suffix().compareTo(Suffix.NONE) < 0) {
            return -1;
        }
        if (y.kind() == Kind.SUFFIX && y.suffix().compareTo(Suffix.NONE) < 0) {
            return 1;
        }
        return x.kind().compareTo(y.kind()) > 0 ? -1 : 1;
    }

    private static int compareSameKind(Token x, Token y) {
        return switch (x.kind()) {
            case DIGIT -> x.text().charAt(0) == '0' || y.text().charAt(0) == '0'
                    ? Integer.signum(x.text().compareTo(y.text()))
                    : SemVer.compareDigits(x.text(), y.text());
            case INITIAL_DIGIT, SUFFIX_NO, REVISION_NO -> SemVer.compareDigits(x.text(), y.text());
            case SUFFIX -> x.suffix().compareTo(y.suffix());
            case LETTER, COMMIT_HASH, END -> Integer.signum(x.text().compareTo(y.text()));
        };
    }

    private Suffix suffix(String version, String name) {
        for (Suffix s : Suffix.values()) {
            if (s != Suffix.NONE && s.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return s;
            }
        }
        throw invalid(version, "unknown suffix '_" + name + "'");
    }

    private static int digitsEnd(String v, int from) {
        int i = from;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
