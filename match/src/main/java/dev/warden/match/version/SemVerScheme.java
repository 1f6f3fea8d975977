package dev.warden.match.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0.0 precedence with an ecosystem's own syntax rules:
 * <ul>
 * <li>npm: node-semver's {@code compare} in its default (strict) mode: a leading {@code v} and
 * surrounding whitespace allowed, numbers up to 2^53-1. Written here rather than taken from
 * versatile-core, whose npm scheme (semver4j) compares pre-release identifiers case-insensitively
 * ({@code 1.2.3-5-foo} vs {@code 1.2.3-5-Foo}) where node-semver does not.</li>
 * <li>cargo: the {@code semver} crate's strict syntax (no {@code v}, no whitespace, numbers up to
 * u64). versatile-core has no Cargo scheme. Build metadata is ignored, as SemVer precedence and
 * Cargo's version requirements (what RustSec advisories are evaluated with) ignore it; the crate's
 * {@code Ord} alone would use it as a last tie-breaker.</li>
 * <li>golang: see {@link #golang()}. Written here because versatile-core's Go scheme stores numbers in
 * fixed-size integers and rejects larger ones, which golang.org/x/mod/semver accepts.</li>
 * </ul>
 */
final class SemVerScheme extends ParsedScheme<SemVer> {

    private final Pattern syntax;
    private final boolean strip;
    private final String maxNumber;

    private SemVerScheme(String type, Pattern syntax, boolean strip, String maxNumber) {
        super(type);
        this.syntax = syntax;
        this.strip = strip;
        this.maxNumber = maxNumber;
    }

    /** node-semver refuses numbers above JavaScript's Number.MAX_SAFE_INTEGER. */
    static SemVerScheme npm() {
        return new SemVerScheme("npm", SemVerSyntax.pattern("v?"), true, "9007199254740991");
    }

    /** OSV SEMVER ranges: SemVer 2.0.0; Go writes a {@code v}, OSV does not, both are accepted. */
    static SemVerScheme semver() {
        return new SemVerScheme("semver", SemVerSyntax.pattern("v?"), false, "18446744073709551615");
    }

    /**
     * Go modules: golang.org/x/mod/semver (any size of number, {@code v1}/{@code v1.2} shorthands,
     * {@code +incompatible} is build metadata). The {@code v} is optional because OSV's Go records
     * omit it while binaries and go.mod write it; both spellings are the same version.
     */
    static SemVerScheme golang() {
        return new SemVerScheme("golang", SemVerSyntax.goPattern("v?"), false, null);
    }

    /** The semver crate stores numbers as u64. */
    static SemVerScheme cargo() {
        return new SemVerScheme("cargo", SemVerSyntax.pattern(""), false, "18446744073709551615");
    }

    @Override
    SemVer parseChecked(String version) {
        Matcher m = syntax.matcher(strip ? version.strip() : version);
        if (!m.matches()) {
            throw invalid(version, "not a SemVer 2.0.0 version");
        }
        SemVer v = SemVer.of(m);
        if (maxNumber != null && v.anyNumberAbove(maxNumber)) {
            throw invalid(version, "number above " + maxNumber);
        }
        return v;
    }

    @Override
    int compareParsed(SemVer a, SemVer b) {
        return a.comparePrecedence(b);
    }
}
