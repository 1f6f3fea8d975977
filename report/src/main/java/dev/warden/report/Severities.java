package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.SeverityLevel;

/** The severity facts reports need from a finding, with a missing rating read as unknown. */
final class Severities {
    private Severities() {}

    static SeverityLevel level(Finding f) {
        return f.severity() == null || f.severity().level() == null ? SeverityLevel.UNKNOWN : f.severity().level();
    }

    static Rating rating(Finding f) {
        return f.severity() == null ? Rating.UNKNOWN : f.severity();
    }

    /**
     * A 0-10 number for tools that sort by score (SARIF's {@code security-severity}): the CVSS base score
     * of the chosen rating, else the highest score of another rating at the same level (a GHSA word rating
     * comes with its CVSS vector), else the middle of the level's CVSS band; null for unknown.
     */
    static Double score(Finding f) {
        Rating r = rating(f);
        if (r.score() != null) {
            return r.score();
        }
        SeverityLevel level = level(f);
        java.util.OptionalDouble sameLevel = f.ratings().stream()
                .filter(o -> o.score() != null && o.level() == level).mapToDouble(Rating::score).max();
        if (sameLevel.isPresent()) {
            return sameLevel.getAsDouble();
        }
        return switch (level) {
            case CRITICAL -> 9.5;
            case HIGH -> 8.0;
            case MEDIUM -> 5.5;
            case LOW -> 2.0;
            case NEGLIGIBLE -> 0.0;
            case UNKNOWN -> null;
        };
    }
}
