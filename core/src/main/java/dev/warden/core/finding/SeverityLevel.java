package dev.warden.core.finding;

import java.util.Locale;

/** The one severity a finding is judged by, in decreasing order of urgency (the order of this enum). */
public enum SeverityLevel {
    CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE, UNKNOWN;

    /** Lower-case form used in JSON, flags and policy files: {@code critical}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code critical}, {@code HIGH}, {@code moderate} (GHSA's word for medium), {@code important} (Red Hat's for high). */
    public static SeverityLevel parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "critical" -> CRITICAL;
            case "high", "important" -> HIGH;
            case "medium", "moderate" -> MEDIUM;
            case "low" -> LOW;
            case "negligible", "unimportant", "none" -> NEGLIGIBLE;
            case "unknown", "not yet assigned", "" -> UNKNOWN;
            default -> throw new IllegalArgumentException("unknown severity '" + text + "'");
        };
    }

    /** CVSS v3/v4 qualitative rating of a base score (0 gives NEGLIGIBLE). */
    public static SeverityLevel ofCvssScore(double score) {
        if (score >= 9.0) return CRITICAL;
        if (score >= 7.0) return HIGH;
        if (score >= 4.0) return MEDIUM;
        if (score > 0.0) return LOW;
        return NEGLIGIBLE;
    }
}
