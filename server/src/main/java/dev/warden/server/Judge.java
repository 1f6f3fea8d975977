package dev.warden.server;

import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.MatchResult;
import dev.warden.match.Matcher;
import dev.warden.match.vex.VexApplier;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicySet;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.FeedState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges one SBOM the way {@code warden policy} does: match against the advisory store, apply VEX, evaluate the
 * policies and score. The same classes as the CLI's, so that the server's verdict and the laptop's agree.
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
                                AdvisoryStore advisories, Instant now) {
        MatchResult matched = new Matcher(advisories).match(sbom);
        List<String> warnings = new ArrayList<>(sbom.warnings());
        warnings.addAll(matched.warnings());
        List<Finding> findings = vex.isEmpty() ? matched.findings() : new VexApplier(vex).apply(sbom, matched.findings());
        ScanResult scan = new ScanResult(sbom, findings, databaseInfo(advisories), now, warnings);
        return new Outcome(scan, new PolicyEngine(policies).evaluate(scan, context));
    }

    /** What the advisory store was when judged: location, newest import, records per feed. */
    public static ScanResult.DatabaseInfo databaseInfo(AdvisoryStore store) {
        Map<String, Long> feeds = new LinkedHashMap<>();
        Instant newest = null;
        for (FeedState s : store.feedStates()) {
            feeds.put(s.feed(), s.records());
            if (s.importedAt() != null && (newest == null || s.importedAt().isAfter(newest))) {
                newest = s.importedAt();
            }
        }
        return new ScanResult.DatabaseInfo(store.database().describe(), newest, feeds);
    }
}
