package dev.warden.cli;

import static dev.warden.image.testing.AttestedImages.IN_TOTO;
import static dev.warden.image.testing.AttestedImages.SLSA_V02;
import static dev.warden.image.testing.AttestedImages.SPDX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.AttestedImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attestations policy and the base image from provenance, on a umoci-made image given a BuildKit attestation
 * manifest and pushed with {@code skopeo copy --all} to a real docker-registry ({@code att/app:v1}), the same image
 * without attestations ({@code att/plain:v1}), and a root filesystem.
 */
@Tag("live") // umoci makes the layouts (AttestedImages)
class AttestationsCommandTest {
    static final String BASE_SHA = "ab".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static RegistryServer registry;
    private static Path layout;
    private static String provenanceDigest;

    @BeforeAll
    static void images() throws Exception {
        layout = AttestedImages.smallLayout(Files.createDirectories(shared.resolve("images")), "app");
        String image = AttestedImages.manifestDigest(layout, "app");
        byte[] provenance = AttestedImages.statement(SLSA_V02, image, AttestedImages.provenanceV02(
                "pkg:docker/docker/dockerfile@1", "cd".repeat(32), "pkg:docker/debian@bookworm?platform=linux%2Famd64", BASE_SHA));
        provenanceDigest = AttestedImages.sha256(provenance);
        byte[] att = AttestedImages.attestationManifest(layout, List.of(
                AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", SPDX,
                        AttestedImages.statement(SPDX, image, AttestedImages.spdxDocument())),
                AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", SLSA_V02, provenance)));
        AttestedImages.addBuildKitIndex(layout, "app", "attested", att);
        byte[] broken = AttestedImages.attestationManifest(layout, List.of(AttestedImages.statementLayer(layout, IN_TOTO,
                "in-toto.io/predicate-type", SLSA_V02, "{\"predicate\": {\"materials\": [".getBytes(StandardCharsets.UTF_8))));
        AttestedImages.addBuildKitIndex(layout, "app", "badprov", broken);
        registry = RegistryServer.anonymous(shared.resolve("registry"));
        registry.pushAll(layout, "attested", "att/app:v1");
        registry.push(layout, "app", "att/plain:v1");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", shared.resolve("home").toString()));
        all.addAll(List.of(args));
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    private static JsonNode policy(String source) throws Exception {
        Run run = warden("policy", source, "--format", "json", "--quiet", "--offline");
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static JsonNode attestations(JsonNode verdict) {
        for (JsonNode r : verdict.path("results")) {
            if (r.path("type").asText().equals("attestations")) {
                return r;
            }
        }
        throw new AssertionError("no attestations result in " + verdict.toPrettyString());
    }

    @Test
    void attestedRegistryImageIsCompliantAndItsBaseComesFromProvenance() throws Exception {
        JsonNode v = policy("registry://" + registry.host() + "/att/app:v1");
        assertThat(attestations(v).path("status").asText()).isEqualTo("COMPLIANT");
        JsonNode base = v.path("baseImage");
        assertThat(base.path("method").asText()).isEqualTo("PROVENANCE");
        assertThat(base.path("name").asText()).isEqualTo("docker.io/library/debian:bookworm");
        assertThat(base.path("digest").asText()).isEqualTo("sha256:" + BASE_SHA);
        assertThat(base.path("detail").asText()).contains(provenanceDigest, "its only image material");

        Run table = warden("policy", "registry://" + registry.host() + "/att/app:v1", "--quiet", "--offline");
        assertThat(table.out()).contains("base image: docker.io/library/debian:bookworm@sha256:" + BASE_SHA + " (provenance: ");
    }

    @Test
    void malformedProvenanceIsOneWarningAndTheBaseStaysUnknown() throws Exception {
        Run run = warden("policy", "oci-dir://" + layout + ":badprov", "--format", "json", "--quiet", "--offline");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> l.contains("provenance attestation")).toList()).singleElement().asString()
                .contains("cannot be read, skipped", "invalid JSON");
        JsonNode v = JSON.readTree(run.out());
        assertThat(v.path("baseImage").isNull()).isTrue();
        // the attestation exists, even if its content is broken: what is missing is the SBOM
        assertThat(attestations(v).path("violations")).extracting(j -> j.path("item").asText()).containsExactly("SBOM attestation");
    }

    @Test
    void registryImageWithoutAttestationsIsViolated() throws Exception {
        JsonNode r = attestations(policy("registry://" + registry.host() + "/att/plain:v1"));
        assertThat(r.path("status").asText()).isEqualTo("VIOLATED");
        assertThat(r.path("violations")).extracting(j -> j.path("item").asText())
                .containsExactly("SBOM attestation", "provenance attestation");
    }

    @Test
    void rootFilesystemHasNoData() throws Exception {
        Path root = Files.createDirectories(shared.resolve("rootfs/etc"));
        Files.writeString(root.resolve("os-release"), "ID=warden\n");
        JsonNode r = attestations(policy("fs://" + root.getParent()));
        assertThat(r.path("status").asText()).isEqualTo("NO_DATA");
        assertThat(r.path("missingData").asText()).contains("the source cannot carry attestations");
    }

    @Test
    void imageInspectShowsAttestations() throws Exception {
        String source = "oci-dir://" + layout + ":attested";
        Run table = warden("image", "inspect", source);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("Attestations:", "PREDICATE TYPE", SPDX, SLSA_V02, "attestation-manifest",
                provenanceDigest.substring(0, 19));
        Run json = warden("image", "inspect", source, "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode info = JSON.readTree(json.out().getBytes(StandardCharsets.UTF_8));
        assertThat(info.path("attestationState").asText()).isEqualTo("SEARCHED");
        assertThat(info.path("attestations")).extracting(j -> j.path("predicateType").asText()).containsExactly(SPDX, SLSA_V02);
        assertThat(info.path("attestations").path(1).path("digest").asText()).isEqualTo(provenanceDigest);

        Run plain = warden("image", "inspect", "oci-dir://" + layout + ":app");
        assertThat(plain.out()).contains("Attestations: none");
    }
}
