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
 * @param failure      why the feed could not be fetched or imported (nothing of it changed), null when it was
 */
public record ImportReport(String feed, long records, List<String> warnings, long warningCount, boolean notModified, Duration took,
                           String failure) {
    public ImportReport {
        warnings = List.copyOf(warnings);
    }

    public ImportReport(String feed, long records, List<String> warnings, long warningCount, boolean notModified, Duration took) {
        this(feed, records, warnings, warningCount, notModified, took, null);
    }

    /** A feed left as it was because {@code failure} happened. */
    public static ImportReport failed(String feed, String failure, Duration took) {
        return new ImportReport(feed, 0, List.of(), 0, false, took, failure);
    }

    public boolean failed() {
        return failure != null;
    }

    public static ImportReport unchanged(String feed) {
        return new ImportReport(feed, 0, List.of(), 0, true, Duration.ZERO);
    }
}
