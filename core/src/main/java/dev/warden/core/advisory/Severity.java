package dev.warden.core.advisory;

/**
 * A severity as some source states it.
 *
 * @param source who says so: the advisory's feed ({@code osv}, {@code debian-tracker}), {@code nvd}, a CNA
 * @param type   CVSS version, or RATING for a word like HIGH / low / unimportant
 * @param value  the CVSS vector ({@code CVSS:3.1/AV:N/...}) or the rating word as given
 * @param score  base score when the source gives it, else null (matchers compute it from the vector)
 */
public record Severity(String source, SeverityType type, String value, Double score) {

    public enum SeverityType { CVSS_V2, CVSS_V3, CVSS_V4, RATING }
}
