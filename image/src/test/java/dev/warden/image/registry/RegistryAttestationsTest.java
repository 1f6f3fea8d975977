package dev.warden.image.registry;

import static dev.warden.image.testing.AttestedImages.CYCLONEDX;
import static dev.warden.image.testing.AttestedImages.DSSE;
import static dev.warden.image.testing.AttestedImages.IN_TOTO;
import static dev.warden.image.testing.AttestedImages.OCI_INDEX;
import static dev.warden.image.testing.AttestedImages.OCI_MANIFEST;
import static dev.warden.image.testing.AttestedImages.SLSA_V02;
import static dev.warden.image.testing.AttestedImages.SLSA_V1;
import static dev.warden.image.testing.AttestedImages.SPDX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.Attestation;
import dev.warden.core.ImageInfo.AttestationState;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.Provenance;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.registry.testing.RegistryUpload;
import dev.warden.image.testing.AttestedImages;
import java.io.IOException;
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
 * Attestations in a real docker-registry (distribution 2.8, which has no referrers API: the tag schema fallback is
 * what a client must use there). {@code att/buildkit:v1}: an index with a BuildKit attestation manifest, pushed by
 * {@code skopeo copy --all}; {@code att/plain:v1}: an image with none; {@code att/ref:v1}: an image with an OCI
 * referrer under the {@code sha256-HEX} tag; {@code att/cosign:v1}: with a cosign {@code sha256-HEX.att} tag;
 * {@code att/hostile:v1}: whose {@code .att} manifest has more statements than the limit.
 */
@Tag("live") // a real docker-registry (RegistryServer), skopeo
class RegistryAttestationsTest {
    static final String BASE_SHA = "ab".repeat(32);
    static final String FRONTEND_SHA = "cd".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    @TempDir
    Path cache;

    static RegistryServer registry;
    static Path layout;
    static String amd64;
    static String arm64;
    static String attestationManifest;

    @BeforeAll
    static void pushImages() throws IOException {
        SmallImages images = SmallImages.build(Files.createDirectories(work.resolve("images")));
        layout = images.layout();
        amd64 = images.manifestDigest(SmallImages.AMD64);
        arm64 = images.manifestDigest(SmallImages.ARM64);
        byte[] spdx = AttestedImages.statement(SPDX, amd64, AttestedImages.spdxDocument());
        byte[] provenance = AttestedImages.statement(SLSA_V02, amd64, AttestedImages.provenanceV02(
                "pkg:docker/docker/dockerfile@1", FRONTEND_SHA, "pkg:docker/debian@bookworm?platform=linux%2Famd64", BASE_SHA));
        byte[] att = AttestedImages.attestationManifest(layout, List.of(
                AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", SPDX, spdx),
                AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", SLSA_V02, provenance)));
        attestationManifest = AttestedImages.sha256(att);
        AttestedImages.addBuildKitIndex(layout, SmallImages.AMD64, "attested", att);

        registry = RegistryServer.anonymous(work.resolve("registry"));
        registry.pushAll(layout, "attested", "att/buildkit:v1");
        registry.push(layout, SmallImages.AMD64, "att/plain:v1");
        registry.push(layout, SmallImages.ARM64, "att/ref:v1");
        registry.push(layout, SmallImages.AMD64, "att/cosign:v1");
        registry.push(layout, SmallImages.AMD64, "att/hostile:v1");
        RegistryUpload upload = new RegistryUpload(registry.host());

        // OCI referrer of the arm64 image, published under the referrers tag schema.
        List<ObjectNode> layers = List.of(
                AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", CYCLONEDX,
                        AttestedImages.statement(CYCLONEDX, arm64, JSON.createObjectNode().put("bomFormat", "CycloneDX"))),
                AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", SLSA_V1,
                        AttestedImages.statement(SLSA_V1, arm64, AttestedImages.provenanceV1(
                                "docker-image://docker.io/library/alpine:3.20@sha256:" + BASE_SHA, BASE_SHA))));
        byte[] referrer = AttestedImages.referrer(layout, IN_TOTO, arm64, layers);
        pushManifest(upload, "att/ref", referrer, AttestedImages.sha256(referrer), OCI_MANIFEST);
        upload.manifest("att/ref", "sha256-" + AttestedImages.hex(arm64), OCI_INDEX,
                AttestedImages.referrersIndex(List.of(referrer), IN_TOTO));

        // cosign attest: DSSE envelopes under sha256-HEX.att
        byte[] envelope = AttestedImages.dsse(AttestedImages.statement(SLSA_V1, amd64,
                AttestedImages.provenanceV1("pkg:docker/library/debian@sha256:" + BASE_SHA, BASE_SHA)));
        byte[] cosign = AttestedImages.cosignManifest(layout, List.of(
                AttestedImages.statementLayer(layout, DSSE, "predicateType", SLSA_V1, envelope),
                AttestedImages.statementLayer(layout, DSSE, "predicateType", SPDX,
                        AttestedImages.dsse(AttestedImages.statement(SPDX, amd64, AttestedImages.spdxDocument())))));
        pushManifest(upload, "att/cosign", cosign, "sha256-" + AttestedImages.hex(amd64) + ".att", OCI_MANIFEST);

        // more statements than any attestation manifest has: refused, one warning
        ObjectNode one = AttestedImages.statementLayer(layout, DSSE, "predicateType", SLSA_V1, envelope);
        List<ObjectNode> many = new ArrayList<>();
        for (int i = 0; i <= dev.warden.image.AttestationFinder.MAX_STATEMENTS_PER_MANIFEST; i++) {
            many.add(one.deepCopy());
        }
        byte[] hostile = AttestedImages.cosignManifest(layout, many);
        pushManifest(upload, "att/hostile", hostile, "sha256-" + AttestedImages.hex(amd64) + ".att", OCI_MANIFEST);
    }

    /** Uploads the blobs {@code manifest} names, then the manifest under {@code reference}. */
    private static void pushManifest(RegistryUpload upload, String repo, byte[] manifest, String reference, String mediaType)
            throws IOException {
        JsonNode m = JSON.readTree(manifest);
        List<JsonNode> blobs = new ArrayList<>();
        blobs.add(m.path("config"));
        m.path("layers").forEach(blobs::add);
        for (JsonNode d : blobs) {
            upload.blob(repo, Files.readAllBytes(AttestedImages.blobPath(layout, d.path("digest").asText())));
        }
        upload.manifest(repo, reference, mediaType, manifest);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private ImageSource open(String repoAndTag) throws IOException {
        return ImageSources.open("registry://" + registry.host() + "/" + repoAndTag, SmallImages.options(cache, null));
    }

    @Test
    void buildKitAttestationManifestInTheIndex() throws Exception {
        try (ImageSource image = open("att/buildkit:v1")) {
            ImageInfo info = image.info();
            assertThat(info.manifestDigest()).isEqualTo(amd64);
            assertThat(info.attestationState()).isEqualTo(AttestationState.SEARCHED);
            assertThat(info.attestations()).extracting(Attestation::predicateType).containsExactly(SPDX, SLSA_V02);
            assertThat(info.attestations()).extracting(Attestation::foundBy).containsOnly("attestation-manifest");
            // What skopeo reads from the registry: the index names the attestation manifest for the image, whose
            // layers are the statements.
            JsonNode index = JSON.readTree(skopeoRaw("att/buildkit:v1"));
            JsonNode entry = null;
            for (JsonNode m : index.path("manifests")) {
                if (amd64.equals(m.path("annotations").path("vnd.docker.reference.digest").asText())) {
                    entry = m;
                }
            }
            assertThat(entry).isNotNull();
            assertThat(entry.path("digest").asText()).isEqualTo(attestationManifest);
            List<String> layerDigests = new ArrayList<>();
            JSON.readTree(skopeoRaw("att/buildkit@" + attestationManifest)).path("layers")
                    .forEach(l -> layerDigests.add(l.path("digest").asText()));
            assertThat(info.attestations()).extracting(Attestation::digest).containsExactlyElementsOf(layerDigests);

            Attestation provenance = info.attestations().get(1);
            byte[] statement = image.readAttestation(provenance).orElseThrow();
            assertThat(AttestedImages.sha256(statement)).isEqualTo(provenance.digest());
            assertThat(Provenance.images(statement, "test")).containsExactly(
                    new Provenance.Material("docker.io/library/debian:bookworm", "sha256:" + BASE_SHA));
            assertThat(image.warnings()).isEmpty();
            assertThat(image.files().entry("/hello.txt")).isPresent();
        }
    }

    @Test
    void imageWithoutAttestationsIsSearchedAndEmpty() throws Exception {
        long referrerCalls = registry.requests("GET", "/v2/att/plain/referrers/");
        try (ImageSource image = open("att/plain:v1")) {
            assertThat(image.info().attestationState()).isEqualTo(AttestationState.SEARCHED);
            assertThat(image.info().attestations()).isEmpty();
            assertThat(image.warnings()).isEmpty();
        }
        // the referrers API was asked first (docker-registry 2.8 answers 404), then the tag schema and cosign's tag
        assertThat(registry.requests("GET", "/v2/att/plain/referrers/" + amd64) - referrerCalls).isEqualTo(1);
        assertThat(registry.requests("GET", "/v2/att/plain/manifests/sha256-" + AttestedImages.hex(amd64))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void referrersTagSchemaWhenTheApiIsMissing() throws Exception {
        try (ImageSource image = open("att/ref:v1")) {
            ImageInfo info = image.info();
            assertThat(info.manifestDigest()).isEqualTo(arm64);
            assertThat(info.attestationState()).isEqualTo(AttestationState.SEARCHED);
            assertThat(info.attestations()).extracting(Attestation::predicateType).containsExactly(CYCLONEDX, SLSA_V1);
            assertThat(info.attestations()).extracting(Attestation::foundBy).containsOnly("referrers-tag");
            byte[] statement = image.readAttestation(info.attestations().get(1)).orElseThrow();
            assertThat(Provenance.images(statement, "test")).containsExactly(
                    new Provenance.Material("docker.io/library/alpine:3.20", "sha256:" + BASE_SHA));
        }
    }

    @Test
    void cosignAttTag() throws Exception {
        try (ImageSource image = open("att/cosign:v1")) {
            ImageInfo info = image.info();
            assertThat(info.attestations()).extracting(Attestation::predicateType).containsExactly(SLSA_V1, SPDX);
            assertThat(info.attestations()).extracting(Attestation::foundBy).containsOnly("cosign");
            assertThat(info.attestations()).extracting(Attestation::mediaType).containsOnly(DSSE);
            byte[] envelope = image.readAttestation(info.attestations().getFirst()).orElseThrow();
            assertThat(new String(envelope, StandardCharsets.UTF_8)).contains("\"payloadType\"");
            assertThat(Provenance.images(envelope, "test")).containsExactly(
                    new Provenance.Material("docker.io/library/debian", "sha256:" + BASE_SHA));
        }
    }

    @Test
    void tooManyStatementsIsOneWarningAndTheScanGoesOn() throws Exception {
        try (ImageSource image = open("att/hostile:v1")) {
            assertThat(image.info().attestationState()).isEqualTo(AttestationState.UNREADABLE);
            assertThat(image.info().attestations()).isEmpty();
            assertThat(image.warnings()).hasSize(1);
            assertThat(image.warnings().getFirst()).contains("sha256-" + AttestedImages.hex(amd64) + ".att")
                    .contains("more than the limit of " + dev.warden.image.AttestationFinder.MAX_STATEMENTS_PER_MANIFEST);
            assertThat(image.files().entry("/hello.txt")).isPresent();
        }
    }

    private static byte[] skopeoRaw(String repoRef) throws Exception {
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false", "--no-creds",
                "docker://" + registry.host() + "/" + repoRef).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("skopeo inspect --raw " + repoRef).isZero();
        return out;
    }
}
