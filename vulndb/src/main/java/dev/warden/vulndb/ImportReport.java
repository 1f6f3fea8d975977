package dev.warden.vulndb;

import java.time.Duration;
import java.util.List;

/**
 * What one import did.
 *
 * @param records      records written (advisories, KEV, EPSS or NVD entries)
 * @param warnings     the first {@link Limits#MAX_WARNINGS_KEPT} warnings
 * @param warningCount all warnings, kept or not
 * @param notModified  true when a conditional download said nothing changed (nothing imported)
 */
public record ImportReport(String feed, long records, List<String> warnings, long warningCount, boolean notModified, Duration took) {
    public ImportReport {
        warnings = List.copyOf(warnings);
    }

    public static ImportReport unchanged(String feed) {
        return new ImportReport(feed, 0, List.of(), 0, true, Duration.ZERO);
    }
}
