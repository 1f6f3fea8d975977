package dev.warden.policy;

import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyEngineTest {

    @Test
    void defaultSetOnARootImageWithoutBaseOrAttestationData() {
        // an image with a config (its digest) that names no user: it runs as root
        var image = new ImageInfo("oci-dir:///tmp/x:latest", "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), null,
                ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        var scan = new ScanResult(new Sbom(image, null, List.of(), List.of()), List.of(), null, Instant.EPOCH, List.of());
        var verdict = new PolicyEngine(PolicyEngine.defaults()).evaluate(scan, PolicyEngine.Context.OFFLINE);
        assertEquals(List.of("vulnerabilities", "high-profile", "attestations", "approved-base", "up-to-date-base", "non-root", "licenses"),
                verdict.results().stream().map(PolicyResult::type).toList());
        assertEquals(List.of(PolicyStatus.COMPLIANT, PolicyStatus.COMPLIANT, PolicyStatus.NO_DATA, PolicyStatus.NO_DATA,
                PolicyStatus.NO_DATA, PolicyStatus.VIOLATED, PolicyStatus.COMPLIANT),
                verdict.results().stream().map(PolicyResult::status).toList());
        // 20 + 20 + 5 earned of 90 enabled: 50 % is grade D
        assertEquals(new Score(45, 90, 50, 'D'), verdict.score());
    }
}
