package dev.warden.policy;

import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePoliciesTest {

    private static final Map<String, String> BASE = Map.of(ImagePolicies.BASE_NAME, "docker.io/library/debian:12",
            ImagePolicies.BASE_DIGEST, "sha256:aa");

    @Test
    void approvedBaseByPattern() {
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.approvedBase(scan(BASE), List.of("docker.io/library/**")).status());
        var violated = ImagePolicies.approvedBase(scan(BASE), List.of("registry.example.com/**"));
        assertEquals(PolicyStatus.VIOLATED, violated.status());
        assertEquals("docker.io/library/debian:12", violated.violations().getFirst().item());
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.approvedBase(scan(Map.of()), List.of("**")).status());
        assertFalse(ImagePolicies.glob("docker.io/*").matcher("docker.io/library/debian").matches());
    }

    @Test
    void upToDateBaseComparesDigests() {
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.upToDateBase(scan(BASE), "sha256:aa").status());
        assertEquals(PolicyStatus.VIOLATED, ImagePolicies.upToDateBase(scan(BASE), "sha256:bb").status());
        var offline = ImagePolicies.upToDateBase(scan(BASE), null);
        assertEquals(PolicyStatus.NO_DATA, offline.status());
        assertTrue(offline.missingData().contains("registry not reachable"));
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.upToDateBase(scan(Map.of()), "sha256:aa").status());
    }

    @Test
    void attestationsCompliantViolatedOrNoDataByWhatTheSourceCanCarry() {
        var spdx = new ImageInfo.Attestation("https://spdx.dev/Document", "sha256:" + "1".repeat(64), "application/vnd.in-toto+json", "attestation-manifest");
        var slsa = new ImageInfo.Attestation("https://slsa.dev/provenance/v0.2", "sha256:" + "2".repeat(64), "application/vnd.in-toto+json", "attestation-manifest");
        var searched = ImageInfo.AttestationState.SEARCHED;
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.attestations(scan(List.of(spdx, slsa), searched)).status());

        var noProvenance = ImagePolicies.attestations(scan(List.of(spdx), searched));
        assertEquals(PolicyStatus.VIOLATED, noProvenance.status());
        assertEquals(List.of("provenance attestation"), noProvenance.violations().stream().map(v -> v.item()).toList());
        assertTrue(noProvenance.violations().getFirst().reason().contains("found: https://spdx.dev/Document"));

        var none = ImagePolicies.attestations(scan(List.of(), searched));
        assertEquals(PolicyStatus.VIOLATED, none.status());
        assertEquals(2, none.violations().size());

        var fs = ImagePolicies.attestations(scan(Map.of()));
        assertEquals(PolicyStatus.NO_DATA, fs.status());
        assertTrue(fs.missingData().startsWith("SBOM attestation and provenance attestation (the source cannot carry"), fs.missingData());

        var unreadable = ImagePolicies.attestations(scan(List.of(spdx), ImageInfo.AttestationState.UNREADABLE));
        assertEquals(PolicyStatus.NO_DATA, unreadable.status());
        assertTrue(unreadable.missingData().contains("could not be read"));
        // The old dev.warden.attestation.* annotations prove nothing any more.
        var fake = Map.of("dev.warden.attestation.sbom", "x", "dev.warden.attestation.provenance", "y");
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.attestations(scan(fake)).status());
    }

    private static ScanResult scan(List<ImageInfo.Attestation> attestations, ImageInfo.AttestationState state) {
        var image = new ImageInfo("oci-dir:///tmp/x:latest", null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of())
                .withAttestations(attestations, state);
        return new ScanResult(new Sbom(image, null, List.of(), List.of()), List.of(), null, Instant.EPOCH, List.of());
    }

    @Test
    void licenceExpressionsAreEvaluated() {
        var denied = PolicyEngine.defaults().deniedLicences();
        assertFalse(LicenceExpression.unavoidablyUses("MIT OR AGPL-3.0-only", denied));
        assertTrue(LicenceExpression.unavoidablyUses("MIT AND AGPL-3.0-only", denied));
        assertTrue(LicenceExpression.unavoidablyUses("(AGPL-3.0-or-later OR AGPL-3.0-only) AND MIT", denied));
        assertFalse(LicenceExpression.unavoidablyUses("(AGPL-3.0-or-later AND MIT) OR Apache-2.0", denied));
        assertTrue(LicenceExpression.unavoidablyUses("agpl-3.0-only WITH Classpath-exception-2.0", denied));
        assertTrue(LicenceExpression.unavoidablyUses("(".repeat(10_000) + "AGPL-3.0-only" + ")".repeat(10_000), denied),
                "redundant parentheses are stripped without recursion");
        assertTrue(LicenceExpression.unavoidablyUses("(MIT AND (".repeat(2_000) + "MIT" + "))".repeat(2_000), denied),
                "nesting beyond the limit fails closed instead of overflowing the stack");

        var agpl = pkg("pkg:npm/agpl-thing@1", "AGPL-3.0-or-later");
        var mit = pkg("pkg:npm/ok@1", "MIT OR AGPL-3.0-only");
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.licences(scan(Map.of(), mit), denied, List.of()).status());
        var violated = ImagePolicies.licences(scan(Map.of(), mit, agpl), denied, List.of());
        assertEquals(PolicyStatus.VIOLATED, violated.status());
        assertEquals("agpl-thing@1", violated.violations().getFirst().item());
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.licences(scan(Map.of(), agpl), denied, List.of("pkg:npm/agpl-*")).status());
    }

    private static Package pkg(String purl, String licence) {
        String name = purl.substring(purl.indexOf('/') + 1, purl.indexOf('@'));
        return new Package(purl, "npm", null, name, "1", purl, List.of(licence), List.of(), null, "npm", null, Map.of());
    }

    private static ScanResult scan(Map<String, String> annotations, Package... packages) {
        var image = new ImageInfo("oci-dir:///tmp/x:latest", null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), annotations);
        return new ScanResult(new Sbom(image, null, List.of(packages), List.of()), List.of(), null, Instant.EPOCH, List.of());
    }
}
