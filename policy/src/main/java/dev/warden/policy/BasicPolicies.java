package dev.warden.policy;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The policy types that need nothing but the scan result. Suppressed (VEX) findings never violate.
 * Weights follow Docker Scout's score: vulnerabilities 20, high-profile 20, non-root 5.
 */
public final class BasicPolicies {

    private BasicPolicies() {}

    /** Scout's default "no fixable critical or high vulnerabilities". */
    public static PolicyResult severityBased(ScanResult scan, Set<SeverityLevel> severities, boolean fixableOnly) {
        var violations = new ArrayList<PolicyResult.Violation>();
        for (Finding f : scan.findings()) {
            if (f.suppressed() || !severities.contains(f.severity().level()) || (fixableOnly && !f.fixable())) {
                continue;
            }
            violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(),
                    f.severity().level().id() + (f.fixable() ? ", fixed in " + String.join(", ", f.fixedVersions()) : "")));
        }
        return result("no-fixable-critical-high", "No fixable critical or high vulnerabilities", "vulnerabilities",
                violations, 20);
    }

    /** Known exploited vulnerabilities (CISA KEV) plus a curated CVE list. */
    public static PolicyResult highProfile(ScanResult scan, Set<String> curated) {
        var violations = new ArrayList<PolicyResult.Violation>();
        for (Finding f : scan.findings()) {
            if (f.suppressed()) continue;
            if (f.kev() != null) {
                violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(), "in CISA KEV"));
            } else if (f.allIds().stream().anyMatch(curated::contains)) {
                violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(), "on the curated list"));
            }
        }
        return result("no-high-profile", "No high-profile vulnerabilities", "high-profile", violations, 20);
    }

    /** The image's configured user: empty, root or 0 runs as root. No image (an SBOM scan) = no data. */
    public static PolicyResult nonRoot(ScanResult scan) {
        var image = scan.sbom().image();
        if (image == null || image.config() == null) {
            return new PolicyResult("default-non-root", "Default non-root user", "non-root", PolicyStatus.NO_DATA,
                    List.of(), "image configuration (the source has no image config)", 5);
        }
        String user = image.config().user() == null ? "" : image.config().user().strip();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        var violations = name.isEmpty() || name.equals("root") || name.equals("0")
                ? List.of(new PolicyResult.Violation("user '" + user + "'", "the image runs as root by default"))
                : List.<PolicyResult.Violation>of();
        return result("default-non-root", "Default non-root user", "non-root", violations, 5);
    }

    private static PolicyResult result(String id, String name, String type, List<PolicyResult.Violation> v, int weight) {
        return new PolicyResult(id, name, type, v.isEmpty() ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED, v, "", weight);
    }
}
