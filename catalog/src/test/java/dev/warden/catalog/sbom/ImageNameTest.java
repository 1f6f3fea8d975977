package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.AttestedImages;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image component of an SBOM is named as the image is named where it came from: a docker-save archive's RepoTags
 * (written here by skopeo, as `docker save` writes them), an OCI layout's ref.name, containerd's full name; and it
 * carries a digest, the image ID (config digest) when a docker-save archive has no manifest.
 */
@Tag("live") // skopeo, umoci make the images (TestImages, AttestedImages)
class ImageNameTest {
    @TempDir
    Path dir;

    private ImageInfo open(String source) throws IOException {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(dir.resolve("cache")))) {
            return image.info();
        }
    }

    private JsonNode cycloneDxImage(ImageInfo info) throws IOException {
        byte[] bytes = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, new Sbom(info, null, List.of(), List.of()));
        SchemaValidation.assertValidCycloneDx16(bytes);
        return new ObjectMapper().readTree(bytes).path("metadata").path("component");
    }

    private JsonNode spdxImage(ImageInfo info) throws IOException {
        byte[] bytes = SbomWritersTest.write(SbomFormat.SPDX_JSON, new Sbom(info, null, List.of(), List.of()));
        for (JsonNode p : new ObjectMapper().readTree(bytes).path("packages")) {
            if (p.path("primaryPackagePurpose").asText().equals("CONTAINER")) {
                return p;
            }
        }
        throw new AssertionError("no CONTAINER package in " + new String(bytes));
    }

    @Test
    void dockerSaveArchiveIsNamedByItsRepoTagsWithItsImageId() throws IOException {
        Path layout = AttestedImages.smallLayout(dir, "1.0");
        Path archive = dir.resolve("app.tar");
        TestImages.run(dir, "skopeo", "copy", "--quiet", "oci:" + layout + ":1.0", "docker-archive:" + archive + ":example.com/team/app:1.0");
        ImageInfo info = open("archive://" + archive);
        JsonNode image = cycloneDxImage(info);
        assertThat(image.path("name").asText()).isEqualTo("example.com/team/app:1.0");
        assertThat(image.path("type").asText()).isEqualTo("container");
        assertThat(image.path("version").asText()).isEqualTo(info.configDigest()).startsWith("sha256:");
        assertThat(image.path("hashes").get(0).path("content").asText()).isEqualTo(info.configDigest().substring(7));
        JsonNode spdx = spdxImage(info);
        assertThat(spdx.path("name").asText()).isEqualTo("example.com/team/app:1.0");
        assertThat(spdx.path("versionInfo").asText()).isEqualTo(info.configDigest());
    }

    @Test
    void dockerHubShortTagsAreSpelledOut() throws IOException {
        Path layout = AttestedImages.smallLayout(dir, "3.19");
        Path archive = dir.resolve("alpine.tar");
        TestImages.run(dir, "skopeo", "copy", "--quiet", "oci:" + layout + ":3.19", "docker-archive:" + archive + ":alpine:3.19");
        assertThat(ImageFacts.name(open("archive://" + archive))).isEqualTo("docker.io/library/alpine:3.19");
    }

    @Test
    void ociLayoutIsNamedWithItsRefNameAndManifestDigest() throws IOException {
        Path layout = AttestedImages.smallLayout(dir, "1.0");
        ImageInfo info = open("oci-dir://" + layout);
        JsonNode image = cycloneDxImage(info);
        assertThat(image.path("name").asText()).isEqualTo("oci-dir://" + layout + ":1.0");
        assertThat(image.path("version").asText()).isEqualTo(info.manifestDigest()).isEqualTo(AttestedImages.manifestDigest(layout, "1.0"));
        // the same layout as Docker 25+ and containerd export it: the full name beside the tag
        JsonNode index = new ObjectMapper().readTree(layout.resolve("index.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) index.path("manifests").get(0).path("annotations"))
                .put("io.containerd.image.name", "ghcr.io/example/app:1.0");
        Files.write(layout.resolve("index.json"), new ObjectMapper().writeValueAsBytes(index));
        ImageInfo named = open("oci-dir://" + layout);
        assertThat(cycloneDxImage(named).path("name").asText()).isEqualTo("ghcr.io/example/app:1.0");
        assertThat(cycloneDxImage(named).path("purl").asText()).contains("repository_url=ghcr.io%2Fexample%2Fapp").contains("tag=1.0");
    }
}
