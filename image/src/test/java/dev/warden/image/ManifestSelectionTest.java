package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSelectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String D = "sha256:" + "d".repeat(64);

    @TempDir
    Path tmp;

    private static byte[] index() throws Exception {
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", ManifestImages.OCI_INDEX);
        ArrayNode m = index.putArray("manifests");
        m.addObject().put("mediaType", ManifestImages.OCI_MANIFEST).put("digest", A).put("size", 10)
                .putObject("platform").put("os", "linux").put("architecture", "arm64").put("variant", "v8");
        m.addObject().put("mediaType", ManifestImages.OCI_MANIFEST).put("digest", B).put("size", 11)
                .putObject("platform").put("os", "linux").put("architecture", "amd64");
        m.addObject().put("mediaType", ManifestImages.OCI_MANIFEST).put("digest", C).put("size", 12)
                .putObject("platform").put("os", "unknown").put("architecture", "unknown"); // an attestation
        m.addObject().put("mediaType", ManifestImages.OCI_MANIFEST).put("digest", D).put("size", 13)
                .putObject("platform").put("os", "linux").put("architecture", "arm").put("variant", "v7");
        return JSON.writeValueAsBytes(index);
    }

    @Test
    void defaultIsLinuxAmd64() throws Exception {
        assertThat(ManifestImages.selectPlatform(index(), null, "idx").digest()).isEqualTo(B);
    }

    @Test
    void picksByArchitectureAndVariant() throws Exception {
        assertThat(ManifestImages.selectPlatform(index(), Platform.parse("linux/arm64"), "idx").digest()).isEqualTo(A);
        assertThat(ManifestImages.selectPlatform(index(), Platform.parse("linux/arm/v7"), "idx").digest()).isEqualTo(D);
    }

    @Test
    void missingPlatformListsWhatThereIs() {
        assertThatThrownBy(() -> ManifestImages.selectPlatform(index(), Platform.parse("linux/s390x"), "idx"))
                .isInstanceOf(WardenException.class)
                .hasMessage("idx: no image for platform linux/s390x (available: linux/arm64/v8, linux/amd64, linux/arm/v7); choose one with --platform");
    }

    @Test
    void nestedIndexInALayoutIsFollowedToThePlatformImage() throws Exception {
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("hello", "hi").build()))
                .write(tmp.resolve("layout"));
        // Wrap the image manifest in an index blob, and point index.json at that index.
        ObjectNode top = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ObjectNode image = (ObjectNode) top.path("manifests").get(0);
        image.remove("annotations");
        image.putObject("platform").put("os", "linux").put("architecture", "amd64");
        ObjectNode nested = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", ManifestImages.OCI_INDEX);
        nested.putArray("manifests").add(image);
        byte[] nestedBytes = JSON.writeValueAsBytes(nested);
        String nestedDigest = OciLayoutBuilder.sha256(nestedBytes);
        Files.write(layout.resolve("blobs/sha256").resolve(nestedDigest.substring(7)), nestedBytes);
        ObjectNode newTop = JSON.createObjectNode().put("schemaVersion", 2);
        newTop.putArray("manifests").addObject().put("mediaType", ManifestImages.OCI_INDEX).put("digest", nestedDigest)
                .put("size", nestedBytes.length).putObject("annotations").put(OciLayouts.REF_NAME, "multi");
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(newTop));

        try (ImageSource source = ImageSources.open("oci-dir://" + layout + ":multi", SourceOptions.defaults(tmp.resolve("cache")))) {
            assertThat(source.info().manifestDigest()).isEqualTo(image.path("digest").asText());
            assertThat(source.files().entry("/hello")).isPresent();
        }
    }

    @Test
    void dockerSaveMemberNamesCannotClimbOut() throws Exception {
        Path archive = tmp.resolve("evil.tar");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] manifest = "[{\"Config\":\"../../etc/passwd\",\"RepoTags\":[\"evil:1\"],\"Layers\":[]}]".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("manifest.json");
            entry.setSize(manifest.length);
            tar.putArchiveEntry(entry);
            tar.write(manifest);
            tar.closeArchiveEntry();
        }
        Files.write(archive, bytes.toByteArray());
        assertThatThrownBy(() -> ImageSources.open("archive://" + archive, SourceOptions.defaults(tmp.resolve("cache"))))
                .isInstanceOf(WardenException.class)
                .hasMessage("archive://" + archive + ": manifest.json: invalid member name '../../etc/passwd'");
    }
}
