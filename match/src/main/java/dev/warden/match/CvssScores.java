package dev.warden.match;

import dev.warden.core.advisory.Severity;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.SeverityLevel;
import java.util.Locale;
import java.util.Optional;
import us.springett.cvss.Cvss;

/**
 * Turns an advisory's severity into a {@link Rating}: CVSS vectors are scored with cvss-calculator
 * (v2, v3.0, v3.1, v4.0) unless the source gives the score; words (Debian urgency, GHSA "MODERATE",
 * Ubuntu priority) are mapped by {@link SeverityLevel#parse}.
 */
final class CvssScores {

    /** Longest vector scored; real v4.0 vectors with every metric are under 300 characters. */
    private static final int MAX_VECTOR = 512;

    private CvssScores() {}

    /** Empty when the severity cannot be read (a malformed vector, an unknown word). */
    static Optional<Rating> rating(Severity s) {
        if (s.value() == null || s.value().isBlank()) {
            return Optional.empty();
        }
        if (s.type() == Severity.SeverityType.RATING) {
            return word(s.value(), s.source());
        }
        String vector = s.value().trim();
        Double score = s.score();
        if (score == null) {
            score = score(vector).orElse(null);
        }
        if (score == null) {
            return Optional.empty();
        }
        SeverityLevel level = s.type() == Severity.SeverityType.CVSS_V2 ? ofV2(score) : SeverityLevel.ofCvssScore(score);
        return Optional.of(new Rating(level, score, vector, s.source(), s.type().name()));
    }

    /** A word rating; empty for words that say nothing about severity ("not yet assigned", "end-of-life"). */
    static Optional<Rating> word(String word, String source) {
        try {
            SeverityLevel level = SeverityLevel.parse(word.replace("*", ""));
            return level == SeverityLevel.UNKNOWN ? Optional.empty()
                    : Optional.of(new Rating(level, null, null, source, "RATING"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The base score of a vector, empty when the vector is malformed. */
    static Optional<Double> score(String vector) {
        if (vector.length() > MAX_VECTOR) {
            return Optional.empty();
        }
        try {
            // cvss-calculator reads v2 vectors without the "CVSS:2.0/" prefix NVD and OSV sometimes add
            String v = vector.toUpperCase(Locale.ROOT).startsWith("CVSS:2.0/") ? vector.substring("CVSS:2.0/".length()) : vector;
            Cvss cvss = Cvss.fromVector(v);
            return cvss == null ? Optional.empty() : Optional.of(cvss.calculateScore().getBaseScore());
        } catch (RuntimeException e) {
            // cvss-calculator throws MalformedVectorException and, for some bad metric values, other runtime exceptions
            return Optional.empty();
        }
    }

    /** CVSS v2 has no "critical": NVD's v2 bands are low < 4, medium < 7, high. */
    private static SeverityLevel ofV2(double score) {
        if (score >= 7.0) return SeverityLevel.HIGH;
        if (score >= 4.0) return SeverityLevel.MEDIUM;
        return score > 0 ? SeverityLevel.LOW : SeverityLevel.NEGLIGIBLE;
    }
}
