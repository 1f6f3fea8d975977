package dev.warden.policy;

import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.Score;

import java.util.List;
import java.util.Set;

/**
 * Evaluates Docker Scout's default policy set over one scan result and scores it.
 * The policy file (YAML with parameters) is not written yet: {@link #defaults()} is the only policy set.
 */
public final class PolicyEngine {

    /**
     * What the scan result alone does not say: the base image as detected (null: only the image's annotations are
     * read) and what its tag points to now (null: not looked up).
     */
    public record Context(BaseImage base, BaseTagState baseTag) {
        public static final Context OFFLINE = new Context(null, BaseTagState.unavailable("offline: the registry was not asked"));

        /** The detected base, else the one the image's annotations name. */
        BaseImage baseOf(ScanResult scan) {
            return base != null ? base : BaseImage.fromAnnotations(scan.sbom().image()).orElse(null);
        }
    }

    public record Verdict(List<PolicyResult> results, Score score) {
        public Verdict {
            results = List.copyOf(results);
        }
    }

    /** Parameters of the default set, as Docker Scout ships them. */
    public record Settings(Set<SeverityLevel> severities, boolean fixableOnly, Set<String> curatedCves,
                           List<String> approvedBasePatterns, List<String> deniedLicences, List<String> licenceExceptions) {
        public Settings {
            severities = Set.copyOf(severities);
            curatedCves = Set.copyOf(curatedCves);
            approvedBasePatterns = List.copyOf(approvedBasePatterns);
            deniedLicences = List.copyOf(deniedLicences);
            licenceExceptions = List.copyOf(licenceExceptions);
        }
    }

    private final Settings settings;

    public PolicyEngine(Settings settings) {
        this.settings = settings;
    }

    /**
     * Scout defaults: fixable critical/high, high-profile (KEV + curated), attestations, non-root, approved base
     * (Docker Official Images), up-to-date base, no AGPL v3. The curated list holds widely known named
     * vulnerabilities (Heartbleed, Shellshock, Log4Shell, regreSSHion, the xz backdoor, Looney Tunables).
     */
    public static Settings defaults() {
        return new Settings(Set.of(SeverityLevel.CRITICAL, SeverityLevel.HIGH), true,
                Set.of("CVE-2014-0160", "CVE-2014-6271", "CVE-2021-44228", "CVE-2024-6387", "CVE-2024-3094", "CVE-2023-4911"),
                // a name without a slash ("debian:12") is a Docker Official Image
                List.of("docker.io/library/**", "library/**", "*"), List.of("AGPL-3.0-only", "AGPL-3.0-or-later", "AGPL-3.0"),
                List.of());
    }

    public Verdict evaluate(ScanResult scan, Context context) {
        List<PolicyResult> results = List.of(
                BasicPolicies.severityBased(scan, settings.severities(), settings.fixableOnly()),
                BasicPolicies.highProfile(scan, settings.curatedCves()),
                ImagePolicies.attestations(scan),
                ImagePolicies.approvedBase(context.baseOf(scan), settings.approvedBasePatterns()),
                ImagePolicies.upToDateBase(context.baseOf(scan), context.baseTag()),
                BasicPolicies.nonRoot(scan),
                ImagePolicies.licences(scan, settings.deniedLicences(), settings.licenceExceptions()));
        return new Verdict(results, ScoreCalculator.score(results));
    }
}
