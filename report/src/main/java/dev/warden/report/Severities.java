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
     * when the chosen rating has one, else the middle of the level's CVSS band; null for unknown.
     */
    static Double score(Finding f) {
        Rating r = rating(f);
        if (r.score() != null) {
            return r.score();
        }
        return switch (level(f)) {
            case CRITICAL -> 9.5;
            case HIGH -> 8.0;
            case MEDIUM -> 5.5;
            case LOW -> 2.0;
            case NEGLIGIBLE -> 0.0;
            case UNKNOWN -> null;
        };
    }
}
