package dev.warden.match.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's ordering: PEP 440 as the {@code packaging} library implements it. Written here because
 * versatile-core orders local versions wrongly (PEP 440: a numeric local segment sorts above an
 * alphanumeric one, {@code 1.2+abc < 1.2+0}). Epoch, release (trailing zeros ignored), pre-release
 * ({@code a < b < rc}; {@code alpha}, {@code beta}, {@code c}, {@code pre}, {@code preview} spelled
 * out), post-release (also implicit {@code 1.0-1}), dev release, local version.
 */
final class Pep440Scheme extends ParsedScheme<Pep440Scheme.Pep440> {

    /** Python's {@code \\s} in a str pattern: Java's whitespace plus the no-break spaces and NEL. */
    private static final String SPACE = "[\\p{javaWhitespace}\\u0085\\u00a0\\u2007\\u202f]*";
    /** PEP 440's appendix regular expression; case-insensitive for ASCII only (packaging rejects 1.0+\u0130). */
    private static final Pattern VERSION = Pattern.compile(
            SPACE + "v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
                    + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?)"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?" + SPACE,
            Pattern.CASE_INSENSITIVE);

    /** Pre-release phases in order; {@code null} phase in {@link Pep440} means none. */
    enum Phase { A, B, RC }

    /**
     * The comparison key: numbers as digit strings; {@code pre}/{@code post}/{@code dev} null when
     * absent; {@code local} null when absent, lower-cased segments otherwise.
     */
    record Pep440(String epoch, List<String> release, Phase prePhase, String preNumber,
                  String post, String dev, List<String> local) {}

    Pep440Scheme() {
        super("pypi");
    }

    @Override
    Pep440 parseChecked(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw invalid(version, "not a PEP 440 version");
        }
        List<String> release = new ArrayList<>(Arrays.asList(m.group("release").split("\\.")));
        while (release.size() > 1 && SemVer.compareDigits(release.get(release.size() - 1), "0") == 0) {
            release.remove(release.size() - 1);
        }
        Phase phase = null;
        String preNumber = null;
        if (m.group("pre") != null) {
            phase = switch (m.group("preL").toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> Phase.A;
                case "b", "beta" -> Phase.B;
                default -> Phase.RC;
            };
            preNumber = orZero(m.group("preN"));
        }
        String post = m.group("post") == null ? null
                : orZero(m.group("postN1") != null ? m.group("postN1") : m.group("postN2"));
        String dev = m.group("dev") == null ? null : orZero(m.group("devN"));
        List<String> local = m.group("local") == null ? null
                : List.of(m.group("local").toLowerCase(Locale.ROOT).split("[-_.]"));
        return new Pep440(orZero(m.group("epoch")), List.copyOf(release), phase, preNumber, post, dev, local);
    }

    @Override
    int compareParsed(Pep440 a, Pep440 b) {
        int c = SemVer.compareDigits(a.epoch(), b.epoch());
        if (c == 0) {
            c = compareRelease(a.release(), b.release());
        }
        if (c == 0) {
            c = comparePre(a, b);
        }
        if (c == 0) {
            // no post-release sorts below any post-release
            c = compareOptional(a.post(), b.post(), -1);
        }
        if (c == 0) {
            // no dev release sorts above any dev release
            c = compareOptional(a.dev(), b.dev(), 1);
        }
        return c != 0 ? c : compareLocal(a.local(), b.local());
    }

    private static int compareRelease(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = SemVer.compareDigits(i < a.size() ? a.get(i) : "0", i < b.size() ? b.get(i) : "0");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** A dev release of the final (1.0.dev0) sorts below its pre-releases; no pre-release sorts above them. */
    private static int comparePre(Pep440 a, Pep440 b) {
        int ra = preRank(a);
        int rb = preRank(b);
        if (ra != rb || ra != 0) {
            return Integer.compare(ra, rb);
        }
        int c = a.prePhase().compareTo(b.prePhase());
        return c != 0 ? c : SemVer.compareDigits(a.preNumber(), b.preNumber());
    }

    /** -1 for a bare dev release, 0 with a pre-release, 1 otherwise. */
    private static int preRank(Pep440 v) {
        if (v.prePhase() != null) {
            return 0;
        }
        return v.post() == null && v.dev() != null ? -1 : 1;
    }

    /** Compares optional numbers; {@code absentSign} is how an absent one compares to a present one. */
    private static int compareOptional(String a, String b, int absentSign) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? absentSign : -absentSign);
        }
        return SemVer.compareDigits(a, b);
    }

    /** No local sorts first; then segment by segment, letters below numbers; a longer local is greater. */
    private static int compareLocal(List<String> a, List<String> b) {
        if (a == null || b == null) {
            return a == b ? 0 : (a == null ? -1 : 1);
        }
        return MixedRuns.compare(a, b);
    }

    private static String orZero(String digits) {
        return digits == null ? "0" : digits;
    }
}
