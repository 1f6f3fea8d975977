package dev.warden.match;

import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.core.advisory.Severity;
import dev.warden.core.finding.Rating;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every rating known for one finding, most authoritative first: the distro's or vendor's word (Debian
 * urgency, Ubuntu priority, the OSV entry's ecosystem severity, GHSA's rating), then the advisories' CVSS
 * v4.0, v3.x, v2, then NVD's (v4.0, v3.x, v2). The finding's severity is the first rating with a level.
 */
final class Ratings {

    /** Extra keys of an affected entry that hold the distro's word for this package and release. */
    private static final List<String> ENTRY_WORDS = List.of(AffectedPackage.URGENCY, "severity", "priority");

    private Ratings() {}

    /** @param warn told about CVSS vectors that cannot be scored (the rating is left out), naming the record */
    static List<Rating> of(List<Hit> hits, List<NvdEntry> nvd, java.util.function.Consumer<String> warn) {
        Set<Rating> out = new LinkedHashSet<>();
        for (Hit h : hits) {
            for (String key : ENTRY_WORDS) {
                String word = h.entry().extra().get(key);
                if (word != null) {
                    CvssScores.word(word, source(h)).ifPresent(out::add);
                }
            }
        }
        for (Hit h : hits) {
            h.advisory().severities().stream().filter(s -> s.type() == Severity.SeverityType.RATING)
                    .map(CvssScores::rating).flatMap(Optional::stream).forEach(out::add);
        }
        for (Hit h : hits) {
            out.addAll(cvss(h.advisory().severities(), h.advisory().id(), warn));
        }
        for (NvdEntry n : nvd) {
            out.addAll(cvss(n.severities().stream()
                    .map(s -> new Severity(s.source() == null || s.source().isBlank() ? "nvd" : s.source(), s.type(), s.value(), s.score()))
                    .toList(), n.cveId() + " (nvd)", warn));
        }
        return List.copyOf(out);
    }

    /** The chosen one: the first rating, or {@link Rating#UNKNOWN} when nothing rates it. */
    static Rating choose(List<Rating> ratings) {
        return ratings.isEmpty() ? Rating.UNKNOWN : ratings.get(0);
    }

    private static List<Rating> cvss(List<Severity> severities, String record, java.util.function.Consumer<String> warn) {
        List<Severity> sorted = new ArrayList<>(severities.stream().filter(s -> s.type() != Severity.SeverityType.RATING).toList());
        sorted.sort(Comparator.comparingInt(s -> switch (s.type()) {
            case CVSS_V4 -> 0;
            case CVSS_V3 -> 1;
            default -> 2;
        }));
        List<Rating> out = new ArrayList<>();
        for (Severity s : sorted) {
            Optional<Rating> rating = CvssScores.rating(s);
            if (rating.isPresent()) {
                out.add(rating.get());
            } else {
                warn.accept(record + ": " + s.type() + " vector '" + abbreviate(s.value()) + "' cannot be scored; ignored");
            }
        }
        return out;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** {@code debian-tracker} for tracker entries, {@code debian}/{@code ubuntu} for OSV distro records, else the feed. */
    private static String source(Hit h) {
        return h.advisory().source().equals("osv") ? h.entry().baseEcosystem().toLowerCase(Locale.ROOT) : h.advisory().source();
    }
}
