package dev.warden.server;

import dev.warden.core.Sbom;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.vex.VexStatement;
import dev.warden.pipeline.ImageScans;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicySet;
import dev.warden.core.advisory.AdvisoryLookup;
import java.time.Instant;
import java.util.List;

/**
 * Judges one pushed SBOM the way {@code warden policy} does: the scan pipeline's match and VEX, then the policies and
 * the score. The same code as the CLI's, so that the server's verdict and the laptop's agree.
 */
public final class Judge {
    /** A judged image. */
    public record Outcome(ScanResult scan, PolicyEngine.Verdict verdict) {
        /** violated when any policy is, else no_data when any lacks data, else compliant. */
        public String overall() {
            return overall(verdict.results());
        }

        public static String overall(List<PolicyResult> results) {
            if (results.stream().anyMatch(r -> r.status() == PolicyStatus.VIOLATED)) {
                return PolicyStatus.VIOLATED.id();
            }
            return results.stream().anyMatch(r -> r.status() == PolicyStatus.NO_DATA) ? PolicyStatus.NO_DATA.id() : PolicyStatus.COMPLIANT.id();
        }
    }

    private Judge() {}

    public static Outcome judge(Sbom sbom, PolicyEngine.Context context, PolicySet policies, List<VexStatement> vex,
                                AdvisoryLookup advisories, ScanResult.DatabaseInfo database, Instant now) {
        ScanResult scan = ImageScans.match(sbom, vex, advisories, database, now);
        return new Outcome(scan, new PolicyEngine(policies).evaluate(scan, context));
    }
}
