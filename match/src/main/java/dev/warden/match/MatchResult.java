package dev.warden.match;

import dev.warden.core.finding.Finding;
import java.util.List;

/**
 * What matching one SBOM gives: one finding per (package, vulnerability), {@code vex} unset, ordered by
 * severity, then package, then id; and the problems that did not stop matching (a version no scheme
 * accepts, an advisory range Warden cannot use), each naming the package or record.
 */
public record MatchResult(List<Finding> findings, List<String> warnings) {
    public MatchResult {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }
}
