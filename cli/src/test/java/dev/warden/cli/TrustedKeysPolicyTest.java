package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attestations policy with {@code trusted_keys}, end to end: real cosign-format keys made by {@code warden key
 * generate}, attestations written by {@code warden attest} into a real docker-registry, and {@code warden policy}
 * judging them in a JVM of its own. An attestation counts only when a trusted key signed it; the violation names
 * the attestations signed by another key.
 */
@Tag("live") // a real docker-registry (SigningFixture)
class TrustedKeysPolicyTest {
    private static final Map<String, String> PASS = Map.of(Passphrase.ENV, "trusted-pass");
    private static final String SUPPLY_CHAIN = "attestations";

    @TempDir
    static Path work;
    static SigningFixture fixture;
    static Path keys;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SigningFixture(work);
        fixture.registry.push(fixture.layout("trusted-app", "judged by its signers\n"), "latest", "trusted/app:v1");
        keys = Files.createDirectories(work.resolve("keys"));
        for (String name : new String[] {"release", "stranger"}) {
            SigningFixture.Run made = fixture.warden(PASS, "key", "generate", "--output-key-prefix", keys.resolve(name).toString());
            assertThat(made.exit()).as(made.err()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void anAttestationCountsOnlyWhenATrustedKeySignedIt() throws Exception {
        String image = fixture.registry.host() + "/trusted/app:v1";
        // the key is named relative to the policy file, as a repository keeps both side by side
        Path policy = Files.writeString(keys.resolve("policy.yaml"), """
                version: 1
                policies:
                  - type: attestations
                    trusted_keys: [release.pub]
                """);

        JsonNode none = judge(image, policy);
        assertThat(none.path("status").asText()).isEqualTo("VIOLATED");
        assertThat(items(none)).contains("SBOM attestation", "provenance attestation");

        attest(image, "stranger", "sbom", Files.writeString(work.resolve("bom.json"),
                "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"version\": 1, \"components\": []}"));
        attest(image, "release", "provenance", Files.writeString(work.resolve("provenance.json"), """
                {"buildDefinition": {"buildType": "https://example.com/build/v1", "externalParameters": {}},
                 "runDetails": {"builder": {"id": "https://example.com/builder"}}}"""));

        JsonNode partly = judge(image, policy);
        assertThat(partly.path("status").asText()).isEqualTo("VIOLATED");
        String found = partly.path("violations").toString();
        // the provenance counts (signed by release.pub); the SBOM, signed by the stranger, does not, and is named
        assertThat(items(partly)).contains("SBOM attestation").doesNotContain("provenance attestation");
        assertThat(found).contains("SBOM attestation at ").contains(".att layer 1")
                .contains("signature does not verify with key");

        Path both = Files.writeString(keys.resolve("both.yaml"), """
                version: 1
                policies:
                  - type: attestations
                    trusted_keys: [release.pub, stranger.pub]
                """);
        assertThat(judge(image, both).path("status").asText()).isEqualTo("COMPLIANT");

        attest(image, "release", "sbom", work.resolve("bom.json"));
        assertThat(judge(image, policy).path("status").asText()).isEqualTo("COMPLIANT");

        // without trusted_keys the policy counts what is stored, signed by anyone
        Path anyone = Files.writeString(keys.resolve("anyone.yaml"), "version: 1\npolicies:\n  - type: attestations\n");
        assertThat(judge(image, anyone).path("status").asText()).isEqualTo("COMPLIANT");
    }

    @Test
    void aMissingOrWrongTrustedKeyFileStopsBeforeTheScan() throws Exception {
        String image = fixture.registry.host() + "/trusted/app:v1";
        Path missing = Files.writeString(work.resolve("missing.yaml"),
                "version: 1\npolicies:\n  - type: attestations\n    trusted_keys: [nowhere.pub]\n");
        SigningFixture.Run refused = fixture.warden(Map.of(), "policy", image, "--policy", missing.toString(), "--offline", "--quiet");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("trusted_keys").contains("nowhere.pub: no such key file").doesNotContain("Exception");

        Path privateKey = Files.writeString(keys.resolve("private.yaml"),
                "version: 1\npolicies:\n  - type: attestations\n    trusted_keys: [release.key]\n");
        SigningFixture.Run wrong = fixture.warden(Map.of(), "policy", image, "--policy", privateKey.toString(), "--offline", "--quiet");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("release.key: expected a PEM PUBLIC KEY");
    }

    @Test
    void aSourceThatCannotCarrySignaturesIsNoDataNotCompliance() throws Exception {
        Path policy = Files.writeString(keys.resolve("fs.yaml"), """
                version: 1
                policies:
                  - type: attestations
                    trusted_keys: [release.pub]
                """);
        Path rootfs = Files.createDirectories(work.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hostname"), "box\n");
        JsonNode result = judge("fs://" + rootfs.getParent(), policy);
        assertThat(result.path("status").asText()).isEqualTo("NO_DATA");
        assertThat(result.toString()).contains("signed by a trusted key (release.pub)").contains("cannot carry attestations");
    }

    private static void attest(String image, String key, String type, Path predicate) throws Exception {
        SigningFixture.Run attested = fixture.warden(PASS, "attest", image, "--key", keys.resolve(key + ".key").toString(),
                "--type", type, "--predicate", predicate.toString());
        assertThat(attested.exit()).as(attested.err()).isZero();
    }

    /** The attestations policy's result from {@code warden policy --format json}. */
    private static JsonNode judge(String image, Path policy) throws Exception {
        SigningFixture.Run run = fixture.warden(Map.of(), "policy", image, "--policy", policy.toString(), "--format", "json",
                "--offline", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        for (JsonNode result : new ObjectMapper().readTree(run.out()).path("results")) {
            if (result.path("type").asText().equals(SUPPLY_CHAIN)) {
                return result;
            }
        }
        throw new AssertionError("no " + SUPPLY_CHAIN + " result in " + run.out());
    }

    private static java.util.List<String> items(JsonNode result) {
        java.util.List<String> items = new java.util.ArrayList<>();
        result.path("violations").forEach(v -> items.add(v.path("item").asText()));
        return items;
    }
}
