package dev.warden.attest.keyless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.attest.Verification;
import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The keyless seam's offline verifier on the Sigstore conformance suite's bundles with their custom trusted root
 * (copied with the README beside them): the happy case verifies, each failing case fails for its reason, and bundles
 * altered here (identity, issuer, payload, signature count, trust root) never verify.
 */
class OfflineBundleVerifierTest {
    static final CertificateIdentity BEACON = new CertificateIdentity(
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main",
            "https://token.actions.githubusercontent.com");
    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);

    private static Path data(String name) throws Exception {
        return Path.of(OfflineBundleVerifierTest.class.getResource(name).toURI());
    }

    private static OfflineBundleVerifier verifier() throws Exception {
        return new OfflineBundleVerifier(TrustedRoot.load(data("trusted_root.json")), NOW);
    }

    private static Verification verify(String testCase, CertificateIdentity identity) throws Exception {
        return verifier().verify(Files.readAllBytes(data(testCase + "/bundle.sigstore.json")), testCase, identity);
    }

    @Test
    void theConformanceSuitesCustomRootBundleVerifies() throws Exception {
        Verification v = verify("intoto-with-custom-trust-root", BEACON);
        assertThat(v.verified()).as(v.reason()).isTrue();
        assertThat(v.kind()).isEqualTo("keyless");
        assertThat(v.predicateType()).isEqualTo("https://slsa.dev/provenance/v1");
        assertThat(v.reason()).contains("logged at 2023-02-01T00:00:00Z");
    }

    @Test
    void eachFailingConformanceCaseFailsForItsReason() throws Exception {
        Verification expired = verify("intoto-expired-certificate_fail", BEACON);
        assertThat(expired.verified()).isFalse();
        assertThat(expired.reason()).as(expired.reason()).containsAnyOf("does not chain", "valid at");
        Verification outside = verify("intoto-set-outside-signing-cert-validity_fail", BEACON);
        assertThat(outside.verified()).isFalse();
        assertThat(outside.reason()).as(outside.reason()).containsAnyOf("does not chain", "valid at");
        Verification mismatch = verify("intoto-log-entry-mismatch_fail", BEACON);
        assertThat(mismatch.verified()).isFalse();
        assertThat(mismatch.reason()).isEqualTo("the transparency log entry is about another signature");
    }

    @Test
    void anotherIdentityOrIssuerIsRefusedNamingWhoSigned() throws Exception {
        Verification other = verify("intoto-with-custom-trust-root", new CertificateIdentity("someone@example.com", BEACON.issuer()));
        assertThat(other.verified()).isFalse();
        assertThat(other.reason()).startsWith("signed by https://github.com/sigstore-conformance/").endsWith(", not someone@example.com");
        Verification issuer = verify("intoto-with-custom-trust-root", new CertificateIdentity(BEACON.subject(), "https://accounts.google.com"));
        assertThat(issuer.verified()).isFalse();
        assertThat(issuer.reason()).isEqualTo("identity vouched for by https://token.actions.githubusercontent.com, not https://accounts.google.com");
    }

    @Test
    void alteredBundlesNeverVerify() throws Exception {
        ObjectMapper json = new ObjectMapper();
        byte[] original = Files.readAllBytes(data("intoto-with-custom-trust-root/bundle.sigstore.json"));

        ObjectNode payload = (ObjectNode) json.readTree(original);
        ObjectNode envelope = (ObjectNode) payload.get("dsseEnvelope");
        byte[] statement = Base64.getDecoder().decode(envelope.get("payload").asText());
        String altered = new String(statement, StandardCharsets.UTF_8).replace("\"d.txt\"", "\"e.txt\"");
        assertThat(altered).isNotEqualTo(new String(statement, StandardCharsets.UTF_8));
        envelope.put("payload", Base64.getEncoder().encodeToString(altered.getBytes(StandardCharsets.UTF_8)));
        assertThat(verifier().verify(json.writeValueAsBytes(payload), "altered", BEACON).reason())
                .isEqualTo("the DSSE signature does not verify with the certificate's key");

        ObjectNode twice = (ObjectNode) json.readTree(original);
        var signatures = (com.fasterxml.jackson.databind.node.ArrayNode) twice.get("dsseEnvelope").get("signatures");
        signatures.add(signatures.get(0).deepCopy());
        assertThat(verifier().verify(json.writeValueAsBytes(twice), "twice", BEACON).reason()).contains("2 signatures");

        ObjectNode timeShifted = (ObjectNode) json.readTree(original);
        ((ObjectNode) timeShifted.get("verificationMaterial").get("tlogEntries").get(0)).put("integratedTime", "1675209601");
        assertThat(verifier().verify(json.writeValueAsBytes(timeShifted), "shifted", BEACON).reason())
                .isEqualTo("the log's signed entry timestamp does not verify");

        for (String junk : new String[] {"", "{}", "[1,2]", "{\"mediaType\":\"application/vnd.dev.sigstore.bundle+json;version=0.3\"}",
                new String(original, StandardCharsets.UTF_8).replaceFirst("\"rawBytes\":\\s*\"MII", "\"rawBytes\": \"!!!")}) {
            Verification v = verifier().verify(junk.getBytes(StandardCharsets.UTF_8), "junk", BEACON);
            assertThat(v.verified()).as(junk).isFalse();
            assertThat(v.reason()).doesNotContain("\n");
        }

        // a trusted root without the log's key: nothing the log said counts
        ObjectNode noLogs = (ObjectNode) json.readTree(Files.readAllBytes(data("trusted_root.json")));
        noLogs.putArray("tlogs");
        OfflineBundleVerifier withoutLog = new OfflineBundleVerifier(TrustedRoot.parse(json.writeValueAsBytes(noLogs), "root"), NOW);
        assertThat(withoutLog.verify(original, "b", BEACON).reason()).startsWith("the entry's log (key id").endsWith("is not in the trusted root");

        // a clock before the entry: its time is in the future
        OfflineBundleVerifier early = new OfflineBundleVerifier(TrustedRoot.load(data("trusted_root.json")),
                Clock.fixed(Instant.parse("2023-01-31T00:00:00Z"), ZoneOffset.UTC));
        assertThat(early.verify(original, "b", BEACON).reason()).contains("is in the future");
    }

    @Test
    void aTrustedRootThatIsNoneIsRefusedWithOneLine() {
        assertThatThrownBy(() -> TrustedRoot.parse("{\"mediaType\": \"x\"}".getBytes(StandardCharsets.UTF_8), "trusted root r.json"))
                .isInstanceOf(WardenException.class)
                .hasMessage("trusted root r.json: not a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot+json)");
        assertThatThrownBy(() -> TrustedRoot.parse(("{\"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
                + "\"certificateAuthorities\": [{\"certChain\": {\"certificates\": []}, \"validFor\": {\"start\": \"2023-01-01T00:00:00Z\"}}]}")
                .getBytes(StandardCharsets.UTF_8), "trusted root r.json")).hasMessage("trusted root r.json: a certificate authority has no certificates");
    }
}
