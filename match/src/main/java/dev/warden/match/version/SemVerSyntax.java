package dev.warden.match.version;

import java.util.regex.Pattern;

/** The SemVer 2.0.0 grammar (semver.org's BNF) as regular expression parts, shared by npm, Cargo and friends. */
final class SemVerSyntax {

    /** A version number: no leading zeros. */
    static final String NUMBER = "(0|[1-9][0-9]*)";
    /** A pre-release identifier: a number without leading zeros or an alphanumeric with at least one non-digit. */
    static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    static final String BUILD_ID = "[0-9A-Za-z-]+";

    /** Groups: 1 major, 2 minor, 3 patch, 4 pre-release, 5 build (see {@link SemVer#of}). */
    static Pattern pattern(String prefix) {
        return Pattern.compile(prefix + NUMBER + "\\." + NUMBER + "\\." + NUMBER
                + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
                + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?");
    }

    /**
     * Go's module versions (golang.org/x/mod/semver): a {@code v}, then SemVer, where {@code v1} and
     * {@code v1.2} are shorthands for {@code v1.0.0} and {@code v1.2.0} (without pre-release or build).
     * Same groups as {@link #pattern}.
     */
    static Pattern goPattern(String prefix) {
        return Pattern.compile(prefix + NUMBER + "(?:\\." + NUMBER + "(?:\\." + NUMBER
                + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
                + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?)?)?");
    }

    private SemVerSyntax() {}
}
