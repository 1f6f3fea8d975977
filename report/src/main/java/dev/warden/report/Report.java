package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.Score;
import java.util.List;

/**
 * Everything a report shows: the scan (already filtered the way the user asked), and, when policies were
 * evaluated, their results and the score.
 *
 * @param scan     findings, suppressed ones included, with the SBOM and database they came from
 * @param policies policy results; empty when no policy ran
 * @param score    the health score, null when no policy ran
 * @param options  rendering choices
 */
public record Report(ScanResult scan, List<PolicyResult> policies, Score score, ReportOptions options) {

    public Report {
        policies = policies == null ? List.of() : List.copyOf(policies);
        options = options == null ? ReportOptions.DEFAULT : options;
    }

    /** A report of a scan without policies. */
    public static Report of(ScanResult scan, ReportOptions options) {
        return new Report(scan, List.of(), null, options);
    }

    /** Counts over the scan's findings. */
    public Summary summary() {
        return Summary.of(scan.findings());
    }

    /** The findings the human formats list: unsuppressed ones, plus suppressed ones when asked. */
    public List<Finding> listedFindings() {
        return options.showSuppressed() ? scan.findings() : scan.findings().stream().filter(f -> !f.suppressed()).toList();
    }

    /**
     * What every format must tell its reader about the advisory data (the shipped sample, stale, undated), empty when
     * the data is complete and current; judged at scan time, so the same report reads the same later.
     */
    public java.util.Optional<String> dataCaveat() {
        ScanResult.DatabaseInfo db = scan.database();
        return db == null ? java.util.Optional.empty() : db.caveat(scan.scannedAt());
    }

    /**
     * What every format must tell its reader when the SBOM is partial ({@code --catalogers}, {@code --skip-dirs},
     * {@code --skip-files}, recorded in the SBOM), empty when it was catalogued whole.
     */
    public java.util.Optional<String> selectionCaveat() {
        return scan.sbom().selection().caveat();
    }

    public boolean hasPolicies() {
        return !policies.isEmpty() || score != null;
    }
}
