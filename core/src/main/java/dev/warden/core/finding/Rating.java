package dev.warden.core.finding;

/**
 * A severity with where it came from.
 *
 * @param level  the level this rating gives
 * @param score  CVSS base score, null for a word-only rating (a distro's "low")
 * @param vector CVSS vector, null for a word-only rating
 * @param source who said so: {@code debian-tracker}, {@code osv}, {@code ghsa}, {@code nvd}...
 * @param kind   {@code CVSS_V4}, {@code CVSS_V3}, {@code CVSS_V2} or {@code RATING}
 */
public record Rating(SeverityLevel level, Double score, String vector, String source, String kind) {
    public static final Rating UNKNOWN = new Rating(SeverityLevel.UNKNOWN, null, null, "", "RATING");
}
