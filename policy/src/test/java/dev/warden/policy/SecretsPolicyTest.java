package dev.warden.policy;

import static dev.warden.policy.TestScans.LIBC;
import static dev.warden.policy.TestScans.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.Sbom;
import dev.warden.core.Secret;
import dev.warden.core.SecretScan;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The secrets policy on scanned images: compliant, violated (each secret listed), allow-listed by path glob or rule. */
class SecretsPolicyTest {
    private static final String LAYER = "sha256:" + "ab".repeat(32);
    private static final Secret AWS = new Secret("aws-access-key-id", "AWS", SeverityLevel.CRITICAL, "AWS access key ID",
            "/app/deploy.sh", LAYER, 3, "AKIA*****");
    private static final Secret JWT = new Secret("jwt", "JWT", SeverityLevel.MEDIUM, "JSON Web Token",
            "/app/test/fixtures/token.txt", "", 1, "eyJh*****");

    private static ScanResult scanned(List<Secret> secrets) {
        ScanResult base = image("app", Map.of(), List.of(LIBC), List.of());
        Sbom sbom = base.sbom();
        return new ScanResult(new Sbom(sbom.image(), sbom.distro(), sbom.packages(), sbom.warnings(), new SecretScan(true, secrets)),
                base.findings(), base.database(), base.scannedAt(), base.warnings());
    }

    private static PolicyResult judge(String policy, ScanResult scan) {
        var set = PolicyFile.parse(("version: 1\npolicies:\n" + policy).getBytes(StandardCharsets.UTF_8), "test.yaml");
        return new PolicyEngine(set).evaluate(scan, PolicyEngine.Context.OFFLINE).results().getFirst();
    }

    @Test
    void scannedWithoutSecretsIsCompliant() {
        PolicyResult r = judge("  - type: secrets\n", scanned(List.of()));
        assertThat(r.status()).isEqualTo(PolicyStatus.COMPLIANT);
        assertThat(r.policyId()).isEqualTo("no-secrets");
    }

    @Test
    void eachSecretIsAViolationWithRulePathLineAndLayer() {
        PolicyResult r = judge("  - type: secrets\n", scanned(List.of(AWS, JWT)));
        assertThat(r.status()).isEqualTo(PolicyStatus.VIOLATED);
        assertThat(r.violations()).containsExactly(
                new PolicyResult.Violation("/app/deploy.sh:3", "aws-access-key-id (critical), layer " + LAYER + ", match AKIA*****"),
                new PolicyResult.Violation("/app/test/fixtures/token.txt:1", "jwt (medium), match eyJh*****"));
    }

    @Test
    void allowPathsAndAllowRulesExemptSecrets() {
        assertThat(judge("  - type: secrets\n    allow_paths: ['/app/test/**']\n", scanned(List.of(AWS, JWT))).violations())
                .extracting(PolicyResult.Violation::item).containsExactly("/app/deploy.sh:3");
        assertThat(judge("  - type: secrets\n    allow_rules: [aws-access-key-id]\n", scanned(List.of(AWS, JWT))).violations())
                .extracting(PolicyResult.Violation::item).containsExactly("/app/test/fixtures/token.txt:1");
        // '*' stays within a path segment
        assertThat(judge("  - type: secrets\n    allow_paths: ['/app/*']\n", scanned(List.of(AWS, JWT))).violations())
                .extracting(PolicyResult.Violation::item).containsExactly("/app/test/fixtures/token.txt:1");
        PolicyResult both = judge("  - type: secrets\n    allow_paths: ['/app/*.sh']\n    allow_rules: [jwt]\n", scanned(List.of(AWS, JWT)));
        assertThat(both.status()).isEqualTo(PolicyStatus.COMPLIANT);
    }

    @Test
    void aRelativeAllowPathIsAnError() {
        assertThatThrownBy(() -> PolicyFile.parse("version: 1\npolicies:\n  - type: secrets\n    allow_paths: ['app/**']\n"
                .getBytes(StandardCharsets.UTF_8), "test.yaml"))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining("allow_paths: a glob matches absolute paths in the image, so starts with / or **");
    }
}
