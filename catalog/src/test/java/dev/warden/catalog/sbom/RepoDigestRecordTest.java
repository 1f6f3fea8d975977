package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An image read from a container engine (docker://) carries the engine's RepoDigests: every SBOM format records them
 * and reads them back, and the image's purl names the registry manifest digest, as Trivy's does for an engine image.
 */
class RepoDigestRecordTest {
    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final List<String> REPO_DIGESTS = List.of("registry.example.com/shop/app@" + DIGEST,
            "mirror.example.com/shop/app@sha256:" + "e".repeat(64));

    private static Sbom fromEngine() {
        Sbom sbom = SbomFixtures.debianWithApp();
        ImageInfo i = sbom.image();
        // as docker:// gives it: the reference as typed, the name from the export's RepoTags
        ImageInfo engine = new ImageInfo("docker://shop/app:1.4.2", null, i.configDigest(), i.platform(), i.config(), i.layers(),
                Map.of("org.opencontainers.image.ref.name", "registry.example.com/shop/app:1.4.2")).withRepoDigests(DIGEST, REPO_DIGESTS);
        return new Sbom(engine, sbom.distro(), sbom.packages(), sbom.warnings());
    }

    @ParameterizedTest
    @EnumSource(value = SbomFormat.class, names = {"CYCLONEDX_JSON", "SPDX_JSON", "JSON"})
    void repoDigestsAreRecordedAndReadBack(SbomFormat format) throws IOException {
        Sbom read = new SbomReader().read(SbomWritersTest.write(format, fromEngine()), "engine." + format.cliName());

        assertThat(read.image().manifestDigest()).isEqualTo(DIGEST);
        assertThat(read.image().repoDigests()).containsExactlyElementsOf(REPO_DIGESTS);
    }

    @org.junit.jupiter.api.Test
    void theCycloneDxImageIsVersionedByTheRegistryDigest() throws IOException {
        byte[] json = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, fromEngine());
        SchemaValidation.assertValidCycloneDx16(json);
        JsonNode image = new ObjectMapper().readTree(json).path("metadata").path("component");
        assertThat(image.path("version").asText()).isEqualTo(DIGEST);
        assertThat(image.path("purl").asText()).isEqualTo("pkg:oci/app@" + DIGEST.replace(":", "%3A")
                + "?arch=amd64&repository_url=registry.example.com%2Fshop%2Fapp&tag=1.4.2");
        assertThat(image.path("properties").findValuesAsText("value")).containsAll(REPO_DIGESTS);
    }
}
