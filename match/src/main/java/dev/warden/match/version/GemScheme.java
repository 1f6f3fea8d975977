package dev.warden.match.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RubyGems' {@code Gem::Version} ordering (versatile-core has no gem scheme). A version is numbers and
 * letters split at dots; {@code -} means {@code .pre.}; a segment of letters makes a pre-release and sorts
 * below any number. Comparison uses the canonical segments: the numeric part before the first letter
 * segment and the rest each lose their trailing zeros ({@code 1.0.a} equals {@code 1.a}), then segments
 * compare pairwise with missing ones as 0, numbers numerically, letters by byte order.
 */
final class GemScheme extends ParsedScheme<List<GemScheme.Segment>> {

    /** Gem::Version::ANCHORED_VERSION_PATTERN; Ruby's \s is [ \t\r\n\f\v]. */
    private static final Pattern VERSION = Pattern.compile(
            "[ \\t\\r\\n\\f\\u000B]*([0-9]+(?>\\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?)[ \\t\\r\\n\\f\\u000B]*");
    private static final Pattern SEGMENT = Pattern.compile("[0-9]+|[a-zA-Z]+");

    /** A segment: digits (leading zeros kept; they do not count) or letters. */
    record Segment(boolean numeric, String text) {
        static final Segment ZERO = new Segment(true, "0");

        boolean isZero() {
            return numeric && SemVer.compareDigits(text, "0") == 0;
        }
    }

    GemScheme() {
        super("gem");
    }

    @Override
    List<Segment> parseChecked(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw invalid(version, "malformed version number string");
        }
        List<Segment> all = new ArrayList<>();
        Matcher s = SEGMENT.matcher(m.group(1).replace("-", ".pre."));
        while (s.find()) {
            all.add(new Segment(Character.isDigit(s.group().charAt(0)), s.group()));
        }
        int firstLetters = 0;
        while (firstLetters < all.size() && all.get(firstLetters).numeric()) {
            firstLetters++;
        }
        List<Segment> canonical = new ArrayList<>(withoutTrailingZeros(all.subList(0, firstLetters)));
        canonical.addAll(withoutTrailingZeros(all.subList(firstLetters, all.size())));
        return canonical;
    }

    @Override
    int compareParsed(List<Segment> a, List<Segment> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            Segment x = i < a.size() ? a.get(i) : Segment.ZERO;
            Segment y = i < b.size() ? b.get(i) : Segment.ZERO;
            if (x.numeric() != y.numeric()) {
                return x.numeric() ? 1 : -1;
            }
            int c = x.numeric() ? SemVer.compareDigits(x.text(), y.text()) : x.text().compareTo(y.text());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<Segment> withoutTrailingZeros(List<Segment> segments) {
        int end = segments.size();
        while (end > 0 && segments.get(end - 1).isZero()) {
            end--;
        }
        return segments.subList(0, end);
    }
}
