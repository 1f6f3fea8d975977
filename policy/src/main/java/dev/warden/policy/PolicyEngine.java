package dev.warden.policy;

import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.Score;

import dev.warden.core.WardenException;
import dev.warden.core.policy.PolicyResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a policy set (a policy file, or Docker Scout's default set) over one scan result and scores it.
 */
public final class PolicyEngine {

    /**
     * What the scan result alone does not say: the base image as detected (null: only the image's annotations are
     * read) and what its tag points to now (null: not looked up).
     */
    public record Context(BaseImage base, BaseTagState baseTag, AttestationSignatures signatures) {
        public static final Context OFFLINE = new Context(null, BaseTagState.unavailable("offline: the registry was not asked"));

        public Context {
            signatures = signatures == null ? AttestationSignatures.NOT_CHECKED : signatures;
        }

        /** Without attestation signatures checked (no policy trusts keys). */
        public Context(BaseImage base, BaseTagState baseTag) {
            this(base, baseTag, AttestationSignatures.NOT_CHECKED);
        }

        /** The same context with the attestations' signers. */
        public Context withSignatures(AttestationSignatures checked) {
            return new Context(base, baseTag, checked);
        }

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
                           List<String> approvedBasePatterns, List<String> deniedLicenses, List<String> licenseExceptions) {
        public Settings {
            severities = Set.copyOf(severities);
            curatedCves = Set.copyOf(curatedCves);
            approvedBasePatterns = List.copyOf(approvedBasePatterns);
            deniedLicenses = List.copyOf(deniedLicenses);
            licenseExceptions = List.copyOf(licenseExceptions);
        }
    }

    private final PolicySet policies;
    /** Compiled custom rules by policy id: compiled once, so a bad rule fails before the (slow) scan. */
    private final Map<String, CelRule> rules = new HashMap<>();

    /** Scout's policy types with these parameters (the default set's shape). */
    public PolicyEngine(Settings settings) {
        this(new PolicySet("defaults", List.of(
                new PolicySpec.Vulnerabilities(null, null, null,
                        settings.severities().stream().sorted().map(SeverityLevel::id).toList(), settings.fixableOnly(), null, null),
                new PolicySpec.HighProfile(null, null, null, settings.curatedCves().stream().sorted().toList(), null),
                new PolicySpec.Attestations(null, null, null),
                new PolicySpec.ApprovedBase(null, null, null, settings.approvedBasePatterns()),
                new PolicySpec.UpToDateBase(null, null, null),
                new PolicySpec.NonRoot(null, null, null),
                new PolicySpec.Licenses(null, null, null, settings.deniedLicenses(), settings.licenseExceptions()))));
    }

    /** @throws WardenException naming the set's source and the rule when a custom rule does not compile */
    public PolicyEngine(PolicySet policies) {
        this.policies = policies;
        for (PolicySpec spec : policies.policies()) {
            if (spec instanceof PolicySpec.Custom custom) {
                try {
                    rules.put(custom.id(), CelRule.compile(custom));
                } catch (IllegalArgumentException e) {
                    throw new WardenException("policy file " + policies.source() + ": custom rule '" + custom.name() + "': " + e.getMessage());
                }
            }
        }
    }

    /**
     * Scout defaults: fixable critical/high, high-profile (KEV + curated), attestations, non-root, approved base
     * (Docker Official Images), up-to-date base, no AGPL v3. The curated list holds widely known named
     * vulnerabilities (Heartbleed, Shellshock, Log4Shell, regreSSHion, the xz backdoor, Looney Tunables).
     */
    public static Settings defaults() {
        return new Settings(Set.of(SeverityLevel.CRITICAL, SeverityLevel.HIGH), true, Set.copyOf(PolicySpec.CURATED_CVES),
                PolicySpec.ApprovedBase.OFFICIAL_IMAGES, PolicySpec.DEFAULT_DENIED_LICENSES, List.of());
    }

    /** The key files every attestations policy of the set trusts, as written in the file (empty: none asks). */
    public List<String> trustedKeys() {
        return policies.policies().stream().filter(p -> p instanceof PolicySpec.Attestations)
                .flatMap(p -> ((PolicySpec.Attestations) p).trustedKeys().stream()).distinct().toList();
    }

    /**
     * Whether a policy of this type reads the findings, so that an advisory change can change its result; the others
     * read only the SBOM, its facts and the context (the server keeps their results when only advisories changed). A
     * custom rule may read anything.
     */
    public static boolean readsFindings(PolicySpec spec) {
        return switch (spec) {
            case PolicySpec.Vulnerabilities v -> true;
            case PolicySpec.HighProfile h -> true;
            case PolicySpec.Epss e -> true;
            case PolicySpec.Custom c -> true;
            default -> false;
        };
    }

    public Verdict evaluate(ScanResult scan, Context context) {
        Map<String, Object> model = rules.isEmpty() ? Map.of() : ScanModel.of(scan, context.baseOf(scan));
        var results = new ArrayList<PolicyResult>();
        for (PolicySpec spec : policies.policies()) {
            PolicyResult result = switch (spec) {
                case PolicySpec.Vulnerabilities v -> BasicPolicies.severityBased(scan, v.levels(), v.fixableOnly(),
                        v.minAgeDays(), Set.copyOf(v.packageTypes()));
                case PolicySpec.HighProfile h -> BasicPolicies.highProfile(scan, Set.copyOf(h.cves()), h.kev());
                case PolicySpec.Attestations a -> a.trustedKeys().isEmpty() ? ImagePolicies.attestations(scan)
                        : ImagePolicies.signedAttestations(scan, a.trustedKeys(), context.signatures());
                case PolicySpec.ApprovedBase b -> ImagePolicies.approvedBase(context.baseOf(scan), b.patterns());
                case PolicySpec.UpToDateBase u -> ImagePolicies.upToDateBase(context.baseOf(scan), context.baseTag());
                case PolicySpec.NonRoot n -> BasicPolicies.nonRoot(scan);
                case PolicySpec.Licenses l -> ImagePolicies.licenses(scan, l.deny(), l.allowPurls());
                case PolicySpec.Epss e -> BasicPolicies.maxEpss(scan, e.max());
                case PolicySpec.Secrets s -> BasicPolicies.secrets(scan, s.allowPaths(), Set.copyOf(s.allowRules()));
                case PolicySpec.RemoteCode r -> ImagePolicies.remoteCode(scan);
                case PolicySpec.Healthcheck h -> ConfigurationPolicies.healthcheck(scan);
                case PolicySpec.SetuidFiles f -> ConfigurationPolicies.setIdFiles(scan, f.allowPaths());
                case PolicySpec.WorldWritable w -> ConfigurationPolicies.worldWritable(scan, w.allowPaths());
                case PolicySpec.PrivilegedPorts p -> ConfigurationPolicies.privilegedPorts(scan, Set.copyOf(p.allowPorts()));
                case PolicySpec.ConfigSecrets s -> ConfigurationPolicies.configSecrets(scan, Set.copyOf(s.allowNames()));
                case PolicySpec.PackageCaches c -> ConfigurationPolicies.packageCaches(scan, Set.copyOf(c.allowManagers()));
                case PolicySpec.Custom c -> rules.get(c.id()).evaluate(scan, model);
            };
            // the type functions know Scout's names and weights; the file may rename and reweigh
            results.add(new PolicyResult(spec.id(), spec.name(), result.type(), result.status(), result.violations(),
                    result.missingData(), spec.weight()));
        }
        return new Verdict(results, ScoreCalculator.score(results));
    }
}
