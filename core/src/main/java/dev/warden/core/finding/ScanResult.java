package dev.warden.core.finding;

import dev.warden.core.Sbom;
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
     * @param location  file path or JDBC URL of the advisory store
     * @param builtAt   newest update of any feed, null when unknown
     * @param feeds     feed name to record count
     */
    public record DatabaseInfo(String location, Instant builtAt, java.util.Map<String, Long> feeds) {
        public DatabaseInfo {
            feeds = java.util.Map.copyOf(feeds);
        }
    }

    public ScanResult withFindings(List<Finding> replaced) {
        return new ScanResult(sbom, replaced, database, scannedAt, warnings);
    }
}
