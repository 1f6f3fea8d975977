package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.attest.PredicateTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden attest --type scan|vex|provenance} without {@code --predicate}: Warden makes the predicate (the scan's
 * JSON report, the --vex inputs as one OpenVEX document, SLSA v1 from build facts), signs it, and
 * {@code verify-attestation --type} finds it; the statements stored in the OCI layout are read back and checked.
 */
@Tag("live") // a real docker-registry (SigningFixture)
class AttestGenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE_DIGEST = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b";

    @TempDir
    static Path work;
    static SigningFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new SigningFixture(work);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Every in-toto statement in the layout's blobs (DSSE envelopes and Sigstore bundles), by predicate type. */
    private static Map<String, JsonNode> statements(Path layout) throws Exception {
        Map<String, JsonNode> byType = new HashMap<>();
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                JsonNode doc;
                try {
                    doc = JSON.readTree(blob.toFile());
                } catch (Exception notJson) {
                    continue;
                }
                JsonNode envelope = doc == null ? null : doc.has("dsseEnvelope") ? doc.get("dsseEnvelope") : doc;
                if (envelope != null && envelope.path("payloadType").asText("").equals("application/vnd.in-toto+json")) {
                    JsonNode statement = JSON.readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
                    byType.put(statement.path("predicateType").asText(), statement);
                }
            }
        }
        return byType;
    }

    @Test
    void scanVexAndProvenancePredicatesAreMadeSignedAndVerified() throws Exception {
        Map<String, String> env = Map.of(Passphrase.ENV, "pw");
        String prefix = work.resolve("builder").toString();
        assertThat(fixture.warden(env, "key", "generate", "--output-key-prefix", prefix).exit()).isZero();
        Path layout = fixture.layout("generated", "an application\n");
        String image = "oci-dir://" + layout;
        Path vex = Files.writeString(work.resolve("team.vex.json"), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1", "author": "team",
                 "timestamp": "2026-12-01T00:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-2023-45853"},
                   "products": [{"@id": "pkg:deb/debian/zlib1g"}], "status": "not_affected",
                   "justification": "vulnerable_code_not_in_execute_path"}]}
                """);

        SigningFixture.Run scan = fixture.warden(env, "attest", image, "--key", prefix + ".key", "--type", "scan", "--offline",
                "--vex", vex.toString());
        assertThat(scan.exit()).as(scan.err()).isZero();
        assertThat(scan.out()).contains(PredicateTypes.WARDEN_SCAN);
        SigningFixture.Run openVex = fixture.warden(env, "attest", image, "--key", prefix + ".key", "--type", "vex", "--vex", vex.toString());
        assertThat(openVex.exit()).as(openVex.err()).isZero();
        SigningFixture.Run provenance = fixture.warden(env, "attest", image, "--key", prefix + ".key", "--type", "provenance",
                "--builder-id", "https://ci.example.com/runners/linux",
                "--material", "pkg:docker/debian@bookworm?platform=linux%2Famd64@sha256:" + BASE_DIGEST,
                "--material", "git+https://git.example.com/app@sha1:" + "a".repeat(40),
                "--build-param", "repository=https://git.example.com/app", "--build-param", "ref=refs/heads/main",
                "--invocation-id", "https://ci.example.com/runs/42", "--started-on", "2026-12-07T17:00:00Z");
        assertThat(provenance.exit()).as(provenance.err()).isZero();

        for (String type : new String[] {"scan", "vex", "provenance"}) {
            SigningFixture.Run verified = fixture.warden(Map.of(), "verify-attestation", image, "--key", prefix + ".pub", "--type", type);
            assertThat(verified.exit()).as(type + ": " + verified.err()).isZero();
            // cosign's .att layer and the Sigstore bundle referrer
            assertThat(verified.out().lines().filter(l -> l.startsWith("verified"))).as(type).hasSize(2);
        }

        Map<String, JsonNode> statements = statements(layout);
        JsonNode scanPredicate = statements.get(PredicateTypes.WARDEN_SCAN).path("predicate");
        assertThat(scanPredicate.has("findings")).isTrue();
        assertThat(scanPredicate.path("database").isObject()).isTrue();
        JsonNode vexPredicate = statements.get(PredicateTypes.OPENVEX).path("predicate");
        assertThat(vexPredicate.path("statements").get(0).path("vulnerability").path("name").asText()).isEqualTo("CVE-2023-45853");
        assertThat(vexPredicate.path("statements").get(0).path("status").asText()).isEqualTo("not_affected");
        JsonNode slsa = statements.get(PredicateTypes.SLSA_PROVENANCE_V1).path("predicate");
        assertThat(slsa.path("runDetails").path("builder").path("id").asText()).isEqualTo("https://ci.example.com/runners/linux");
        assertThat(slsa.path("runDetails").path("metadata").path("startedOn").asText()).isEqualTo("2026-12-07T17:00:00Z");
        assertThat(slsa.path("buildDefinition").path("buildType").asText()).isEqualTo("https://warden.dev/provenance/build-facts/v1");
        assertThat(slsa.path("buildDefinition").path("externalParameters").path("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(slsa.path("buildDefinition").path("resolvedDependencies").get(0).path("digest").path("sha256").asText())
                .isEqualTo(BASE_DIGEST);
        assertThat(slsa.path("buildDefinition").path("resolvedDependencies").get(1).path("digest").path("sha1").asText())
                .isEqualTo("a".repeat(40));

        // the policy's base-image detection reads the signed provenance's image material
        SigningFixture.Run policy = fixture.warden(Map.of(), "policy", image, "--offline", "--quiet");
        assertThat(policy.out()).contains("base image: docker.io/library/debian:bookworm@sha256:" + BASE_DIGEST);
    }

    @Test
    void missingOrBadBuildFactsAreOneLineAndExitTwoBeforeThePassphrase() throws Exception {
        Path layout = fixture.layout("refused", "x\n");
        String image = "oci-dir://" + layout;
        String key = work.resolve("nokey.key").toString(); // never read: the facts are refused first
        SigningFixture.Run noBuilder = fixture.warden(Map.of(), "attest", image, "--key", key, "--type", "provenance");
        assertThat(noBuilder.exit()).isEqualTo(2);
        assertThat(noBuilder.err().strip()).isEqualTo("warden: provenance: the builder id is required (--builder-id URI or \"builderId\" in the build facts)");
        Path facts = Files.writeString(work.resolve("facts.json"), "{\"builderId\": \"https://ci.example.com\", \"startedOn\": \"yesterday\"}");
        SigningFixture.Run badTime = fixture.warden(Map.of(), "attest", image, "--key", key, "--type", "provenance", "--build-facts", facts.toString());
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err().strip()).isEqualTo("warden: build facts " + facts + ": startedOn 'yesterday' is not an RFC 3339 time such as 2026-12-07T17:00:00Z");
        Path unknown = Files.writeString(work.resolve("unknown.json"), "{\"builderId\": \"https://ci.example.com\", \"builder\": \"x\"}");
        SigningFixture.Run badKey = fixture.warden(Map.of(), "attest", image, "--key", key, "--type", "provenance", "--build-facts", unknown.toString());
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains("unknown key 'builder'");
        SigningFixture.Run noVex = fixture.warden(Map.of(Passphrase.ENV, "pw"), "attest", image, "--key", key, "--type", "vex");
        assertThat(noVex.exit()).isEqualTo(2);
        assertThat(noVex.err().strip()).isEqualTo("warden: --type vex without --predicate needs --vex FILE|DIR: the statements to attest");
    }
}
