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

    @Test
    void trustedKeysCountOnlyAttestationsATrustedKeySigned() {
        var searched = ImageInfo.AttestationState.SEARCHED;
        // BuildKit's plain statements: present, but nothing signed them
        var spdx = new ImageInfo.Attestation("https://spdx.dev/Document", "sha256:" + "1".repeat(64), "application/vnd.in-toto+json", "attestation-manifest");
        var envelope = new ImageInfo.Attestation("https://slsa.dev/provenance/v1", "sha256:" + "3".repeat(64), "application/vnd.dsse.envelope.v1+json", "cosign");
        var byRelease = new AttestationSignatures.Signed("r/app:sha256-ab.att layer 1", "https://slsa.dev/provenance/v1", "release.pub", "signed by key 0123");
        var byStranger = new AttestationSignatures.Signed("r/app:sha256-ab.att layer 2", "https://cyclonedx.org/bom", null,
                "signature does not verify with key 0123");
        var checked = new AttestationSignatures(AttestationSignatures.State.CHECKED, List.of(byRelease, byStranger), "");
        List<String> trusted = List.of("release.pub");

        var partly = ImagePolicies.signedAttestations(scan(List.of(spdx, envelope), searched), trusted, checked);
        assertEquals(PolicyStatus.VIOLATED, partly.status());
        var items = partly.violations().stream().map(v -> v.item() + ": " + v.reason()).toList();
        assertEquals(List.of(
                "SBOM attestation: none signed by a trusted key (release.pub)",
                "SBOM attestation at r/app:sha256-ab.att layer 2: signature does not verify with key 0123",
                "SBOM attestation sha256:" + "1".repeat(64) + " (attestation-manifest): unsigned: a plain statement, no signature to check"),
                items, "the provenance counts; the SBOMs do not, each named with why; the envelope is judged by its signature");

        var bothByRelease = new AttestationSignatures(AttestationSignatures.State.CHECKED, List.of(byRelease,
                new AttestationSignatures.Signed("r/app@sha256:cd", "https://spdx.dev/Document", "release.pub", "in-toto statement signed")), "");
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.signedAttestations(scan(List.of(), searched), trusted, bothByRelease).status());
        // a signer the policy does not name does not count, whatever the caller verified
        assertEquals(PolicyStatus.VIOLATED, ImagePolicies.signedAttestations(scan(List.of(), searched), List.of("other.pub"), bothByRelease).status());

        // stored but not readable, or not checked: no data, never compliance
        var unreadable = ImagePolicies.signedAttestations(scan(List.of(spdx), searched), trusted,
                new AttestationSignatures(AttestationSignatures.State.UNREADABLE, List.of(), "the registry answered 500"));
        assertEquals(PolicyStatus.NO_DATA, unreadable.status());
        assertTrue(unreadable.missingData().endsWith("(the registry answered 500)"), unreadable.missingData());
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.signedAttestations(scan(List.of(spdx), searched), trusted,
                AttestationSignatures.NOT_CHECKED).status());
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.signedAttestations(scan(List.of(), ImageInfo.AttestationState.NOT_CARRIED),
                trusted, checked).status());
    }

    @Test
    void remoteCodeInTheHistoryIsNamedByItsStep() {
        List<String> steps = List.of(
                "/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / ",
                "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit",
                "RUN /bin/sh -c curl -fsSL https://get.example.com/install.sh | sh # buildkit",
                "RUN /bin/sh -c wget -qO- https://example.com/setup | sudo /bin/bash -s -- --yes # buildkit",
                "ADD https://example.com/tool.tar.gz /opt/ # buildkit",
                "/bin/sh -c #(nop) ADD --chown=app https://example.com/app.jar /app/ ",
                "RUN /bin/sh -c curl -o /tmp/x.tgz https://example.com/x.tgz && echo \"abc  /tmp/x.tgz\" | sha256sum -c # buildkit",
                "COPY app.sh /app/ # buildkit");
        var config = new ImageInfo.ImageConfig("", List.of(), List.of(), List.of(), "", Map.of(), List.of(), "",
                steps.stream().map(s -> new ImageInfo.HistoryEntry("", s, "", false)).toList());
        var image = new ImageInfo("oci-dir:///tmp/x:latest", null, null, null, config, List.of(), Map.of());
        var result = ImagePolicies.remoteCode(new ScanResult(new Sbom(image, null, List.of(), List.of()), List.of(), null, Instant.EPOCH, List.of()));
        assertEquals(PolicyStatus.VIOLATED, result.status());
        assertEquals(List.of("history step 3: a download piped into an interpreter", "history step 4: a download piped into an interpreter",
                        "history step 5: ADD of a remote URL", "history step 6: ADD of a remote URL"),
                result.violations().stream().map(v -> v.item() + ": " + v.reason().substring(0, v.reason().indexOf(':'))).toList());
        assertTrue(result.violations().getFirst().reason().endsWith("curl -fsSL https://get.example.com/install.sh | sh # buildkit"));

        var clean = new ImageInfo.ImageConfig("", List.of(), List.of(), List.of(), "", Map.of(), List.of(), "",
                List.of(new ImageInfo.HistoryEntry("", steps.get(7), "", false)));
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.remoteCode(new ScanResult(new Sbom(
                new ImageInfo("x", null, null, null, clean, List.of(), Map.of()), null, List.of(), List.of()), List.of(), null, Instant.EPOCH, List.of())).status());
        // no history (a root filesystem, an SBOM): no data, not "no remote code"
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.remoteCode(scan(List.of(), ImageInfo.AttestationState.SEARCHED)).status());
    }

    @Test
    void theEngineHandsTheContextsSignersToTheTrustedKeysPolicy() {
        var engine = new PolicyEngine(new PolicySet("test", List.of(new PolicySpec.Attestations(null, null, null, List.of("release.pub")))));
        assertEquals(List.of("release.pub"), engine.trustedKeys());
        var signed = new AttestationSignatures(AttestationSignatures.State.CHECKED, List.of(
                new AttestationSignatures.Signed("a", "https://slsa.dev/provenance/v1", "release.pub", "ok"),
                new AttestationSignatures.Signed("b", "https://cyclonedx.org/bom/v1.6", "release.pub", "ok")), "");
        var scan = scan(List.of(), ImageInfo.AttestationState.SEARCHED);
        assertEquals(PolicyStatus.COMPLIANT, engine.evaluate(scan, new PolicyEngine.Context(null, null, signed)).results().getFirst().status());
        assertEquals(PolicyStatus.NO_DATA, engine.evaluate(scan, new PolicyEngine.Context(null, null)).results().getFirst().status());
        assertEquals(List.of(), new PolicyEngine(PolicySet.defaults()).trustedKeys());
    }

    private static ScanResult scan(List<ImageInfo.Attestation> attestations, ImageInfo.AttestationState state) {
        var image = new ImageInfo("oci-dir:///tmp/x:latest", null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of())
                .withAttestations(attestations, state);
        return new ScanResult(new Sbom(image, null, List.of(), List.of()), List.of(), null, Instant.EPOCH, List.of());
    }

    @Test
    void licenseExpressionsAreEvaluated() {
        var denied = PolicyEngine.defaults().deniedLicenses();
        assertFalse(LicenseExpression.unavoidablyUses("MIT OR AGPL-3.0-only", denied));
        assertTrue(LicenseExpression.unavoidablyUses("MIT AND AGPL-3.0-only", denied));
        assertTrue(LicenseExpression.unavoidablyUses("(AGPL-3.0-or-later OR AGPL-3.0-only) AND MIT", denied));
        assertFalse(LicenseExpression.unavoidablyUses("(AGPL-3.0-or-later AND MIT) OR Apache-2.0", denied));
        assertTrue(LicenseExpression.unavoidablyUses("agpl-3.0-only WITH Classpath-exception-2.0", denied));
        assertTrue(LicenseExpression.unavoidablyUses("(".repeat(10_000) + "AGPL-3.0-only" + ")".repeat(10_000), denied),
                "redundant parentheses are stripped without recursion");
        assertTrue(LicenseExpression.unavoidablyUses("(MIT AND (".repeat(2_000) + "MIT" + "))".repeat(2_000), denied),
                "nesting beyond the limit fails closed instead of overflowing the stack");

        var agpl = pkg("pkg:npm/agpl-thing@1", "AGPL-3.0-or-later");
        var mit = pkg("pkg:npm/ok@1", "MIT OR AGPL-3.0-only");
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.licenses(scan(Map.of(), mit), denied, List.of()).status());
        var violated = ImagePolicies.licenses(scan(Map.of(), mit, agpl), denied, List.of());
        assertEquals(PolicyStatus.VIOLATED, violated.status());
        assertEquals("agpl-thing@1", violated.violations().getFirst().item());
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.licenses(scan(Map.of(), agpl), denied, List.of("pkg:npm/agpl-*")).status());
    }

    private static Package pkg(String purl, String license) {
        String name = purl.substring(purl.indexOf('/') + 1, purl.indexOf('@'));
        return new Package(purl, "npm", null, name, "1", purl, List.of(license), List.of(), null, "npm", null, Map.of());
    }

    private static ScanResult scan(Map<String, String> annotations, Package... packages) {
        var image = new ImageInfo("oci-dir:///tmp/x:latest", null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), annotations);
        return new ScanResult(new Sbom(image, null, List.of(packages), List.of()), List.of(), null, Instant.EPOCH, List.of());
    }
}
