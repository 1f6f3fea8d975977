package dev.warden.policy;

import static dev.warden.policy.TestScans.JACKSON;
import static dev.warden.policy.TestScans.LIBC;
import static dev.warden.policy.TestScans.finding;
import static dev.warden.policy.TestScans.image;
import static dev.warden.policy.TestScans.sbomOnly;
import static dev.warden.policy.TestScans.suppressed;
import static dev.warden.policy.TestScans.withEpss;
import static dev.warden.policy.TestScans.withKev;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy types and parameters the file adds: minimum age and package types, high-profile without KEV, EPSS,
 * secrets and custom CEL rules, each compliant, violated and no data, read from YAML as a user writes them.
 */
class NewPolicyTypesTest {
    private static final Instant OLD = Instant.parse("2024-01-01T00:00:00Z");
    /** Ten days before {@link TestScans#SCANNED}. */
    private static final Instant RECENT = Instant.parse("2026-11-18T00:00:00Z");

    private static List<PolicyResult> judge(String policies, ScanResult scan) {
        var set = PolicyFile.parse(("version: 1\npolicies:\n" + policies).getBytes(StandardCharsets.UTF_8), "test.yaml");
        return new PolicyEngine(set).evaluate(scan, PolicyEngine.Context.OFFLINE).results();
    }

    private static PolicyResult one(String policy, ScanResult scan) {
        return judge(policy, scan).getFirst();
    }

    @Test
    void minimumAgeCountsFromPublicationAndAnUnknownDateCounts() {
        String policy = "  - type: vulnerabilities\n    severities: [critical]\n    fixable_only: false\n    min_age_days: 30\n";
        Finding recent = finding("CVE-2026-0001", LIBC, SeverityLevel.CRITICAL, false, RECENT);
        Finding old = finding("CVE-2024-0002", LIBC, SeverityLevel.CRITICAL, false, OLD);
        Finding undated = finding("CVE-2024-0003", LIBC, SeverityLevel.CRITICAL, false, null);

        assertThat(one(policy, image("app", Map.of(), List.of(LIBC), List.of(recent))).status()).isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult violated = one(policy, image("app", Map.of(), List.of(LIBC), List.of(recent, old, undated)));
        assertThat(violated.status()).isEqualTo(PolicyStatus.VIOLATED);
        assertThat(violated.violations()).extracting(PolicyResult.Violation::item)
                .containsExactly("CVE-2024-0002 in libc6", "CVE-2024-0003 in libc6");
        assertThat(violated.name()).isEqualTo("No critical vulnerabilities older than 30 days");
        // ten days old is old enough for a 10-day minimum (the boundary counts)
        assertThat(one(policy.replace("30", "10"), image("app", Map.of(), List.of(LIBC), List.of(recent))).status())
                .isEqualTo(PolicyStatus.VIOLATED);
    }

    @Test
    void packageTypesLimitWhichPackagesAreJudged() {
        String policy = "  - type: vulnerabilities\n    package_types: [maven]\n";
        Finding debHigh = finding("CVE-2024-1000", LIBC, SeverityLevel.HIGH, true, OLD);
        Finding mavenHigh = finding("CVE-2024-2000", JACKSON, SeverityLevel.HIGH, true, OLD);
        var packages = List.of(LIBC, JACKSON);
        assertThat(one(policy, image("app", Map.of(), packages, List.of(debHigh))).status()).isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult violated = one(policy, image("app", Map.of(), packages, List.of(debHigh, mavenHigh)));
        assertThat(violated.violations()).extracting(PolicyResult.Violation::item).containsExactly("CVE-2024-2000 in jackson-databind");
        assertThat(one("  - type: vulnerabilities\n    package_types: []\n", image("app", Map.of(), packages, List.of(debHigh)))
                .status()).isEqualTo(PolicyStatus.VIOLATED);
    }

    @Test
    void highProfileWithoutKevJudgesTheCuratedListAlone() {
        Finding kev = withKev(finding("CVE-2024-3000", LIBC, SeverityLevel.HIGH, false, OLD));
        ScanResult scan = image("app", Map.of(), List.of(LIBC), List.of(kev));
        assertThat(one("  - type: high_profile\n", scan).status()).isEqualTo(PolicyStatus.VIOLATED);
        assertThat(one("  - type: high_profile\n    kev: false\n", scan).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one("  - type: high_profile\n    kev: false\n    cves: [CVE-2024-3000]\n", scan).violations())
                .containsExactly(new PolicyResult.Violation("CVE-2024-3000 in libc6", "on the curated list"));

        // without the KEV catalogue "no KEV finding" proves nothing: no data, unless a curated CVE already violates
        Finding plain = finding("CVE-2024-3001", LIBC, SeverityLevel.HIGH, false, OLD);
        PolicyResult noKev = one("  - type: high_profile\n", sbomOnly(List.of(LIBC), List.of(plain), Map.of("osv", 10L)));
        assertThat(noKev.status()).isEqualTo(PolicyStatus.NO_DATA);
        assertThat(noKev.missingData()).startsWith("the CISA KEV catalogue");
        assertThat(one("  - type: high_profile\n", sbomOnly(List.of(LIBC), List.of(plain), Map.of("snapshot-kev", 1404L))).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one("  - type: high_profile\n    kev: false\n", sbomOnly(List.of(LIBC), List.of(plain), Map.of("osv", 10L))).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
        Finding heartbleed = finding("CVE-2014-0160", LIBC, SeverityLevel.HIGH, false, OLD);
        assertThat(one("  - type: high_profile\n", sbomOnly(List.of(LIBC), List.of(heartbleed), Map.of("osv", 10L))).status())
                .isEqualTo(PolicyStatus.VIOLATED);
    }

    @Test
    void licenseAllowListByPurlPattern() {
        var agpl = TestScans.pkg("npm", "some-pkg", "1.0.0", List.of("AGPL-3.0-only"));
        ScanResult scan = image("app", Map.of(), List.of(LIBC, agpl), List.of());
        assertThat(one("  - type: licenses\n", scan).violations())
                .containsExactly(new PolicyResult.Violation("some-pkg@1.0.0", "licence AGPL-3.0-only is denied"));
        assertThat(one("  - type: licenses\n    allow_purls: [\"pkg:npm/some-pkg*\"]\n", scan).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one("  - type: licenses\n    deny: [LGPL-2.1-or-later]\n", scan).violations()).extracting(PolicyResult.Violation::item)
                .containsExactly("libc6@2.36-9");
    }

    @Test
    void maxEpss() {
        String policy = "  - type: epss\n    max: 0.5\n";
        Finding likely = withEpss(finding("CVE-2024-4000", LIBC, SeverityLevel.MEDIUM, false, OLD), 0.93);
        Finding unlikely = withEpss(finding("CVE-2024-4001", LIBC, SeverityLevel.HIGH, false, OLD), 0.5);
        Finding unscored = finding("CVE-2024-4002", LIBC, SeverityLevel.HIGH, false, OLD);

        assertThat(one(policy, image("app", Map.of(), List.of(LIBC), List.of(unlikely, unscored))).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult violated = one(policy, image("app", Map.of(), List.of(LIBC), List.of(likely, unlikely)));
        assertThat(violated.violations()).containsExactly(new PolicyResult.Violation("CVE-2024-4000 in libc6", "EPSS 0.93000 > 0.5"));
        assertThat(violated.weight()).isZero();
        assertThat(one(policy, image("app", Map.of(), List.of(LIBC), List.of(suppressed(likely)))).status())
                .isEqualTo(PolicyStatus.COMPLIANT);

        PolicyResult noData = one(policy, sbomOnly(List.of(LIBC), List.of(unscored), Map.of("osv", 10L)));
        assertThat(noData.status()).isEqualTo(PolicyStatus.NO_DATA);
        assertThat(noData.missingData()).startsWith("EPSS scores");
        // a database with the EPSS feed proves that no finding is scored above the maximum
        assertThat(one(policy, sbomOnly(List.of(LIBC), List.of(unscored), Map.of("epss", 250_000L))).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one(policy, sbomOnly(List.of(LIBC), List.of(unscored), Map.of("snapshot-epss-sample", 5L))).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
    }

    @Test
    void secretsAreNoDataWhenTheFilesWereNotScanned() {
        // SecretsPolicyTest judges scanned images
        PolicyResult secrets = one("  - type: secrets\n", image("app", Map.of(), List.of(LIBC), List.of()));
        assertThat(secrets.status()).isEqualTo(PolicyStatus.NO_DATA);
        assertThat(secrets.missingData()).isEqualTo("secret scan results (the image's files were not scanned: an SBOM source has none)");
        assertThat(secrets.weight()).isZero();
    }

    @Test
    void customRuleCompliantViolatedWithTheOffendersAndNoData() {
        String policy = "  - type: custom\n    name: No root with criticals\n    weight: 5\n"
                + "    rule: 'image.user != \"root\" || findings.all(f, f.severity != \"critical\")'\n";
        Finding critical = finding("CVE-2024-5000", LIBC, SeverityLevel.CRITICAL, false, OLD);
        Finding high = finding("CVE-2024-5001", JACKSON, SeverityLevel.HIGH, false, OLD);
        var packages = List.of(LIBC, JACKSON);

        assertThat(one(policy, image("app", Map.of(), packages, List.of(critical))).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one(policy, image("root", Map.of(), packages, List.of(high))).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one(policy, image("root", Map.of(), packages, List.of(suppressed(critical)))).status())
                .as("findings holds what VEX did not suppress").isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult violated = one(policy, image("root", Map.of(), packages, List.of(critical, high)));
        assertThat(violated.status()).isEqualTo(PolicyStatus.VIOLATED);
        assertThat(violated.type()).isEqualTo("custom");
        assertThat(violated.policyId()).isEqualTo("no-root-with-criticals");
        assertThat(violated.weight()).isEqualTo(5);
        assertThat(violated.violations()).containsExactly(new PolicyResult.Violation("CVE-2024-5000 in libc6@2.36-9", "makes the rule false"));

        PolicyResult noImage = one(policy, sbomOnly(packages, List.of(critical), Map.of()));
        assertThat(noImage.status()).isEqualTo(PolicyStatus.NO_DATA);
        assertThat(noImage.missingData()).contains("the rule uses image");
    }

    @Test
    void customRulesOverPackagesLabelsAndAllFindings() {
        var unlicensed = TestScans.pkg("deb", "mystery", "1", List.of());
        ScanResult scan = image("app", Map.of("team", "payments"), List.of(LIBC, unlicensed, JACKSON),
                List.of(suppressed(finding("CVE-2024-6000", LIBC, SeverityLevel.LOW, false, OLD))));
        PolicyResult licensed = one("  - type: custom\n    name: Licensed\n    rule: 'packages.all(p, size(p.licenses) > 0)'\n", scan);
        assertThat(licensed.violations()).containsExactly(new PolicyResult.Violation("mystery@1", "makes the rule false"));
        // does not need the image: an SBOM source is judged too
        assertThat(one("  - type: custom\n    name: Licensed\n    rule: 'packages.all(p, size(p.licenses) > 0)'\n",
                sbomOnly(List.of(LIBC), List.of(), Map.of())).status()).isEqualTo(PolicyStatus.COMPLIANT);

        assertThat(one("  - type: custom\n    name: Owned\n    rule: 'image.labels[\"team\"] == \"payments\"'\n", scan).status())
                .isEqualTo(PolicyStatus.COMPLIANT);
        PolicyResult noLabel = one("  - type: custom\n    name: Owned\n    rule: 'image.labels[\"owner\"] != \"\"'\n", scan);
        assertThat(noLabel.status()).as("a missing map key is an evaluation error: no data").isEqualTo(PolicyStatus.NO_DATA);
        assertThat(noLabel.missingData()).startsWith("the rule could not be evaluated: ").contains("owner");
        assertThat(one("  - type: custom\n    name: Owned\n    rule: '\"owner\" in image.labels'\n", scan).violations())
                .containsExactly(new PolicyResult.Violation("rule", "is false: \"owner\" in image.labels"));

        assertThat(one("  - type: custom\n    name: Audited\n    rule: 'all_findings.all(f, !f.suppressed || f.severity == \"low\")'\n",
                scan).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one("  - type: custom\n    name: Few\n    rule: 'size(all_findings) == 0'\n", scan).violations())
                .containsExactly(new PolicyResult.Violation("CVE-2024-6000 in libc6@2.36-9", "makes the rule false"));
        // a conjunction over two lists: each list's offenders are found with the other list out of the way
        PolicyResult both = one("  - type: custom\n    name: Both\n"
                + "    rule: 'packages.all(p, size(p.licenses) > 0) && all_findings.all(f, !f.suppressed)'\n", scan);
        assertThat(both.violations()).containsExactly(new PolicyResult.Violation("CVE-2024-6000 in libc6@2.36-9", "makes the rule false"),
                new PolicyResult.Violation("mystery@1", "makes the rule false"));
        assertThat(one("  - type: custom\n    name: Types\n    rule: 'packages.exists(p, p.type == \"maven\" && p.purl.startsWith(\"pkg:maven/\"))'\n",
                scan).status()).isEqualTo(PolicyStatus.COMPLIANT);
    }

    @Test
    void customRuleOverAttestationPredicateTypes() {
        ScanResult plain = image("app", Map.of(), List.of(LIBC), List.of());
        var provenance = new dev.warden.core.ImageInfo.Attestation("https://slsa.dev/provenance/v1", "sha256:" + "1".repeat(64),
                "application/vnd.in-toto+json", "referrers");
        var image = plain.sbom().image().withAttestations(List.of(provenance), dev.warden.core.ImageInfo.AttestationState.SEARCHED);
        ScanResult attested = new ScanResult(new dev.warden.core.Sbom(image, plain.sbom().distro(), plain.sbom().packages(),
                plain.sbom().warnings()), plain.findings(), plain.database(), plain.scannedAt(), plain.warnings());
        String rule = "  - type: custom\n    name: SLSA v1\n    rule: 'image.attestations.exists(p, p.startsWith(\"https://slsa.dev/provenance/v1\"))'\n";
        assertThat(one(rule, attested).status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(one(rule, plain).status()).isEqualTo(PolicyStatus.VIOLATED);
    }

    @Test
    void offendersAreCappedAndCounted() {
        var many = new java.util.ArrayList<Finding>();
        for (int i = 0; i < PolicyLimits.MAX_LISTED_ITEMS + 7; i++) {
            many.add(finding("CVE-2024-%04d".formatted(i), LIBC, SeverityLevel.HIGH, true, OLD));
        }
        PolicyResult r = one("  - type: custom\n    name: Nothing fixable\n    rule: 'findings.all(f, !f.fixable)'\n",
                image("app", Map.of(), List.of(LIBC), many));
        assertThat(r.violations()).hasSize(PolicyLimits.MAX_LISTED_ITEMS + 1);
        assertThat(r.violations().getLast()).isEqualTo(new PolicyResult.Violation("and 7 more", "not listed"));
    }

    @Test
    void theDefaultSetAndScoutsSettingsGiveTheSameVerdict() {
        Finding kev = withKev(finding("CVE-2024-8000", LIBC, SeverityLevel.HIGH, true, OLD));
        ScanResult scan = image("root", Map.of(), List.of(LIBC, TestScans.pkg("npm", "a", "1", List.of("AGPL-3.0-only"))), List.of(kev));
        var fromSettings = new PolicyEngine(PolicyEngine.defaults()).evaluate(scan, PolicyEngine.Context.OFFLINE);
        var fromSet = new PolicyEngine(PolicySet.defaults()).evaluate(scan, PolicyEngine.Context.OFFLINE);
        assertThat(fromSet).isEqualTo(fromSettings);
        assertThat(fromSet.results()).extracting(PolicyResult::policyId).containsExactly("no-fixable-critical-high", "no-high-profile",
                "supply-chain-attestations", "approved-base-images", "up-to-date-base-images", "default-non-root", "no-agpl-v3-licenses");
    }

    @Test
    void scoreOfCombinationsWithCustomWeights() {
        String file = """
                  - type: vulnerabilities
                  - type: non_root
                  - type: licenses
                  - type: custom
                    name: No root with criticals
                    weight: 5
                    rule: 'image.user != "root" || findings.all(f, f.severity != "critical")'
                  - type: custom
                    name: Licensed
                    rule: 'packages.all(p, size(p.licenses) > 0)'
                  - type: epss
                    max: 0.95
                    weight: 10
                  - type: secrets
                """;
        Finding critical = withEpss(finding("CVE-2024-7000", LIBC, SeverityLevel.CRITICAL, true, OLD), 0.9);
        // root: vulnerabilities, non-root and the weighted custom rule violated; licences 5 + EPSS 10 earned;
        // the unweighted rule and secrets (no data, weight 0) count for nothing either way
        var root = new PolicyEngine(PolicyFile.parse(("version: 1\npolicies:\n" + file).getBytes(StandardCharsets.UTF_8), "t"))
                .evaluate(image("root", Map.of(), List.of(LIBC), List.of(critical)), PolicyEngine.Context.OFFLINE);
        assertThat(root.results()).extracting(PolicyResult::status).containsExactly(PolicyStatus.VIOLATED, PolicyStatus.VIOLATED,
                PolicyStatus.COMPLIANT, PolicyStatus.VIOLATED, PolicyStatus.COMPLIANT, PolicyStatus.COMPLIANT, PolicyStatus.NO_DATA);
        assertThat(root.score()).isEqualTo(new dev.warden.core.policy.Score(15, 45, 33, 'D'));
        // a non-root user earns non-root 5 and the custom rule's 5: 25 / 45
        var app = new PolicyEngine(PolicyFile.parse(("version: 1\npolicies:\n" + file).getBytes(StandardCharsets.UTF_8), "t"))
                .evaluate(image("app", Map.of(), List.of(LIBC), List.of(critical)), PolicyEngine.Context.OFFLINE);
        assertThat(app.score()).isEqualTo(new dev.warden.core.policy.Score(25, 45, 55, 'C'));
        // weighing secrets makes its no data cost points: 25 / 55
        var weighted = new PolicyEngine(PolicyFile.parse(("version: 1\npolicies:\n" + file.replace("  - type: secrets\n",
                "  - type: secrets\n    weight: 10\n")).getBytes(StandardCharsets.UTF_8), "t"))
                .evaluate(image("app", Map.of(), List.of(LIBC), List.of(critical)), PolicyEngine.Context.OFFLINE);
        assertThat(weighted.score()).isEqualTo(new dev.warden.core.policy.Score(25, 55, 45, 'D'));
        // only unweighted policies: nothing to score, 0 % and F, whatever the results
        var none = new PolicyEngine(PolicyFile.parse("version: 1\npolicies:\n  - type: secrets\n".getBytes(StandardCharsets.UTF_8), "t"))
                .evaluate(image("app", Map.of(), List.of(LIBC), List.of()), PolicyEngine.Context.OFFLINE);
        assertThat(none.score()).isEqualTo(new dev.warden.core.policy.Score(0, 0, 0, 'F'));
    }
}
