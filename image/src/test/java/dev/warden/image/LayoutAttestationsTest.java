package dev.warden.image;

import static dev.warden.image.testing.AttestedImages.IN_TOTO;
import static dev.warden.image.testing.AttestedImages.SLSA_V02;
import static dev.warden.image.testing.AttestedImages.SLSA_V1;
import static dev.warden.image.testing.AttestedImages.SPDX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.Attestation;
import dev.warden.core.ImageInfo.AttestationState;
import dev.warden.core.WardenException;
import dev.warden.image.testing.AttestedImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attestations kept in an OCI image layout made by umoci: BuildKit's index entries and OCI referrers (subject). */
@Tag("live") // umoci makes the layouts (AttestedImages)
class LayoutAttestationsTest {
    static final String BASE_SHA = "ab".repeat(32);

    @TempDir
    Path dir;
    @TempDir
    Path cache;

    private ImageSource open(Path layout, String tag) throws IOException {
        return ImageSources.open("oci-dir://" + layout + ":" + tag, SourceOptions.defaults(cache));
    }

    private static ObjectNode layer(Path layout, String predicate, byte[] statement) {
        return AttestedImages.statementLayer(layout, IN_TOTO, "in-toto.io/predicate-type", predicate, statement);
    }

    @Test
    void buildKitAttestationManifestInTheIndex() throws Exception {
        Path layout = AttestedImages.smallLayout(dir, "app");
        String image = AttestedImages.manifestDigest(layout, "app");
        byte[] provenance = AttestedImages.statement(SLSA_V02, image, AttestedImages.provenanceV02(
                "pkg:docker/docker/dockerfile@1", "cd".repeat(32), "pkg:docker/debian@bookworm?platform=linux%2Famd64", BASE_SHA));
        byte[] att = AttestedImages.attestationManifest(layout, List.of(
                layer(layout, SPDX, AttestedImages.statement(SPDX, image, AttestedImages.spdxDocument())),
                layer(layout, SLSA_V02, provenance)));
        AttestedImages.addBuildKitIndex(layout, "app", "attested", att);
        try (ImageSource source = open(layout, "attested")) {
            ImageInfo info = source.info();
            assertThat(info.manifestDigest()).isEqualTo(image);
            assertThat(info.attestationState()).isEqualTo(AttestationState.SEARCHED);
            assertThat(info.attestations()).containsExactly(
                    new Attestation(SPDX, AttestedImages.sha256(AttestedImages.statement(SPDX, image, AttestedImages.spdxDocument())), IN_TOTO, "attestation-manifest"),
                    new Attestation(SLSA_V02, AttestedImages.sha256(provenance), IN_TOTO, "attestation-manifest"));
            assertThat(source.readAttestation(info.attestations().get(1))).hasValueSatisfying(b -> assertThat(b).isEqualTo(provenance));
            assertThat(source.warnings()).isEmpty();
        }
        // The image itself, by its tag: BuildKit's entries live in the index, which this path never passes.
        try (ImageSource source = open(layout, "app")) {
            assertThat(source.info().attestationState()).isEqualTo(AttestationState.SEARCHED);
            assertThat(source.info().attestations()).isEmpty();
        }
    }

    @Test
    void referrerWithTheImageAsSubject() throws Exception {
        Path layout = AttestedImages.smallLayout(dir, "app");
        String image = AttestedImages.manifestDigest(layout, "app");
        byte[] referrer = AttestedImages.referrer(layout, IN_TOTO, image, List.of(
                layer(layout, SLSA_V1, AttestedImages.statement(SLSA_V1, image, AttestedImages.provenanceV1()))));
        AttestedImages.addToIndex(layout, referrer, IN_TOTO, null);
        // an SBOM attached as a plain SPDX document (oras attach --artifact-type application/spdx+json)
        ObjectNode spdx = AttestedImages.writeBlob(layout, "application/spdx+json",
                AttestedImages.bytes(AttestedImages.spdxDocument()));
        byte[] sbom = AttestedImages.referrer(layout, "application/spdx+json", image, List.of(spdx));
        AttestedImages.addToIndex(layout, sbom, "application/spdx+json", null);
        try (ImageSource source = open(layout, "app")) {
            assertThat(source.info().attestations()).extracting(Attestation::predicateType).containsExactly(SLSA_V1, SPDX);
            assertThat(source.info().attestations()).extracting(Attestation::foundBy).containsOnly("layout-subject");
        }
    }

    @Test
    void manyTaggedImagesAreNotReadAsReferrers() throws Exception {
        Path layout = AttestedImages.smallLayout(dir, "app");
        // a layout of many tags (a mirror): each a tagged image manifest, none a referrer, none read
        byte[] other = AttestedImages.attestationManifest(layout, List.of());
        for (int i = 0; i <= AttestationFinder.MAX_ATTESTATION_MANIFESTS; i++) {
            AttestedImages.addToIndex(layout, other, null, "tag-" + i);
        }
        try (ImageSource source = open(layout, "app")) {
            assertThat(source.info().attestationState()).isEqualTo(AttestationState.SEARCHED);
            assertThat(source.warnings()).isEmpty();
        }
    }

    @Test
    void malformedAttestationManifestIsOneWarningAndTheScanGoesOn() throws Exception {
        Path layout = AttestedImages.smallLayout(dir, "app");
        AttestedImages.writeBlob(layout, AttestedImages.OCI_MANIFEST, "{\"layers\": [".getBytes(StandardCharsets.UTF_8));
        AttestedImages.addBuildKitIndex(layout, "app", "broken", "{\"layers\": [".getBytes(StandardCharsets.UTF_8));
        try (ImageSource source = open(layout, "broken")) {
            assertThat(source.info().attestationState()).isEqualTo(AttestationState.UNREADABLE);
            assertThat(source.warnings()).hasSize(1);
            assertThat(source.warnings().getFirst()).contains("attestations unreadable").contains("invalid JSON");
            assertThat(source.files().entry("/hello.txt")).isPresent();
        }
    }

    @Test
    void hugeAttestationManifestIsRefusedBeforeReading() throws Exception {
        Path layout = AttestedImages.smallLayout(dir, "app");
        byte[] huge = ("{\"layers\":[], \"pad\":\"" + "x".repeat((int) AttestationFinder.MAX_ATTESTATION_MANIFEST_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        AttestedImages.writeBlob(layout, AttestedImages.OCI_MANIFEST, huge);
        AttestedImages.addBuildKitIndex(layout, "app", "huge", huge);
        try (ImageSource source = open(layout, "huge")) {
            assertThat(source.info().attestationState()).isEqualTo(AttestationState.UNREADABLE);
            assertThat(source.warnings()).singleElement().asString().contains("larger than the limit of " + AttestationFinder.MAX_ATTESTATION_MANIFEST_BYTES);
            assertThat(source.files().entry("/hello.txt")).isPresent();
        }
    }

    @Test
    void hugeOrMalformedStatementIsRefusedWhenRead() throws Exception {
        Path layout = AttestedImages.smallLayout(dir, "app");
        String image = AttestedImages.manifestDigest(layout, "app");
        byte[] huge = new byte[(int) AttestationFinder.MAX_STATEMENT_BYTES + 1];
        byte[] att = AttestedImages.attestationManifest(layout, List.of(layer(layout, SLSA_V1, huge),
                layer(layout, SLSA_V02, "not json".getBytes(StandardCharsets.UTF_8))));
        AttestedImages.addBuildKitIndex(layout, "app", "attested", att);
        try (ImageSource source = open(layout, "attested")) {
            List<Attestation> found = source.info().attestations();
            assertThat(found).hasSize(2);
            assertThatThrownBy(() -> source.readAttestation(found.get(0))).isInstanceOf(WardenException.class)
                    .hasMessageContaining("larger than the limit of " + AttestationFinder.MAX_STATEMENT_BYTES);
            byte[] bad = source.readAttestation(found.get(1)).orElseThrow();
            assertThatThrownBy(() -> Provenance.images(bad, "statement " + found.get(1).digest()))
                    .isInstanceOf(WardenException.class).hasMessageContaining("statement " + found.get(1).digest());
        }
    }

    @Test
    void rootFilesystemCannotCarryAttestations() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        try (ImageSource source = ImageSources.open("fs://" + dir, SourceOptions.defaults(cache))) {
            assertThat(source.info().attestationState()).isEqualTo(AttestationState.NOT_CARRIED);
            assertThat(source.readAttestation(new Attestation(SPDX, "sha256:" + BASE_SHA, IN_TOTO, "x"))).isEmpty();
        }
    }
}
