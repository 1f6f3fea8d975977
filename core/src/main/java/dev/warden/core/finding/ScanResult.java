package dev.warden.core.finding;

import dev.warden.core.Sbom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code warden scan} knows after matching (and VEX): the SBOM it matched, every finding (suppressed
 * ones included, so reports can show what VEX hid and why), and the state of the advisory database used.
 *
 * @param sbom      the image's SBOM
 * @param findings  one per (package, vulnerability), ordered by severity, then package, then id
 * @param database  which advisory data the verdict rests on
 * @param scannedAt when matching ran
 * @param warnings  problems that did not stop the scan (unparseable versions, skipped records...)
 */
public record ScanResult(Sbom sbom, List<Finding> findings, DatabaseInfo database, Instant scannedAt, List<String> warnings) {
    public ScanResult {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    /**
     * Which advisory data a verdict rests on, and how far a reader may trust a clean result from it.
     *
     * @param location  file path or JDBC URL of the advisory store
     * @param builtAt   newest import of any feed (when this copy was made), null when unknown
     * @param feeds     feed name to record count
     * @param dataDate  the date of the data itself, not of its import: the oldest of the advisory feeds' newest record
     *                  dates (a verdict is only as current as its oldest source); null when no feed says
     * @param sample    the advisories are, for some ecosystems, only the sample shipped with Warden: a clean result
     *                  does not mean no vulnerabilities
     * @param maxAge    how old the data may be before it is stale ({@code maxAgeDays} of the feeds file)
     * @param sampleEcosystems the ecosystems whose advisories are still only the shipped sample ({@code Debian},
     *                  {@code Alpine}...), sorted; empty when {@code sample} is false, or when it is not known which
     */
    public record DatabaseInfo(String location, Instant builtAt, java.util.Map<String, Long> feeds, Instant dataDate, boolean sample,
                               Duration maxAge, java.util.List<String> sampleEcosystems) {
        /** How the feeds of the snapshot shipped with Warden are named: what a database holds before the site imports its own. */
        public static final String SHIPPED_FEED_PREFIX = "snapshot-";

        /** The age beyond which data is stale when the feeds file says nothing. */
        public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

        public DatabaseInfo {
            feeds = java.util.Map.copyOf(feeds);
            maxAge = maxAge == null ? DEFAULT_MAX_AGE : maxAge;
            // a judgement stored before the ecosystems were kept reads back without them
            sampleEcosystems = sampleEcosystems == null ? java.util.List.of() : java.util.List.copyOf(sampleEcosystems);
        }

        /** Sample or not, without saying for which ecosystems. */
        public DatabaseInfo(String location, Instant builtAt, java.util.Map<String, Long> feeds, Instant dataDate, boolean sample,
                            Duration maxAge) {
            this(location, builtAt, feeds, dataDate, sample, maxAge, java.util.List.of());
        }

        /** A database whose data is taken to be as old as its newest import (callers that know no better). */
        public DatabaseInfo(String location, Instant builtAt, java.util.Map<String, Long> feeds) {
            this(location, builtAt, feeds, builtAt, false, DEFAULT_MAX_AGE);
        }

        /** How old the data was at {@code at}; null when its date is unknown. */
        public Duration age(Instant at) {
            return dataDate == null || at == null ? null : Duration.between(dataDate, at).isNegative() ? Duration.ZERO
                    : Duration.between(dataDate, at);
        }

        /** No records at all, or no date to judge them by: nothing can be said about how current a clean result is. */
        public boolean unknownAge() {
            return dataDate == null;
        }

        public boolean stale(Instant at) {
            Duration age = age(at);
            return age == null || age.compareTo(maxAge) > 0;
        }

        /** Sample or stale data: a result from it needs the {@link #caveat} beside it. */
        public boolean doubtful(Instant at) {
            return sample || stale(at);
        }

        /**
         * The sentence every report made from this data shows where its reader looks (table footer, banners, SARIF
         * and CycloneDX properties), empty when the data is complete and current.
         */
        public java.util.Optional<String> caveat(Instant at) {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (sample && sampleEcosystems.isEmpty()) {
                parts.add("SAMPLE DATA: the advisory database is the snapshot shipped with Warden, complete only for some ecosystems "
                        + "(docs/vulndb.md), so a clean result does not mean no vulnerabilities");
            } else if (sample) {
                parts.add("SAMPLE DATA: the advisories for " + String.join(", ", sampleEcosystems) + " are only the sample shipped with "
                        + "Warden (docs/vulndb.md), so a clean result for those packages does not mean no vulnerabilities");
            }
            Duration age = age(at);
            if (age == null) {
                parts.add("UNKNOWN DATA DATE: no feed in the advisory database says how current it is");
            } else if (age.compareTo(maxAge) > 0) {
                parts.add((sample ? "" : "STALE DATA: ") + "advisories dated " + dateOf(dataDate) + " (" + age.toDays()
                        + " days old, limit " + maxAge.toDays() + ")");
            }
            if (parts.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(String.join("; ", parts)
                    + "; run 'warden db update', or 'warden db import BUNDLE' without network");
        }

        /** The data's date as a day ({@code 2026-08-21}), or {@code unknown}. */
        public static String dateOf(Instant date) {
            return date == null ? "unknown" : date.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        }
    }

    public ScanResult withFindings(List<Finding> replaced) {
        return new ScanResult(sbom, replaced, database, scannedAt, warnings);
    }
}
