package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.registry.testing.RegistryServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real docker-registry whose stored layer is changed on disk after the push (its storage root is the test's):
 * the registry serves the changed bytes under the old digest, and Warden must refuse them and cache nothing.
 * Also: a single-platform image asked for with another --platform.
 */
@Tag("live") // a real docker-registry (RegistryServer), skopeo
class TamperedRegistryTest {
    @TempDir
    static Path work;
    @TempDir
    Path cache;
    /** Its own registry: tampering with a blob on disk affects every repository that shares the blob. */
    static RegistryServer tamperable;
    static SmallImages small;

    @BeforeAll
    static void pushToAFreshRegistry() throws IOException {
        small = SmallImages.build(Files.createDirectories(work.resolve("images")));
        tamperable = RegistryServer.anonymous(work.resolve("registry"));
        tamperable.push(small.layout(), SmallImages.AMD64, "tamper/app:v1");
        tamperable.push(small.layout(), SmallImages.ARM64, "single/arm:v1");
    }

    @AfterAll
    static void stopTheRegistry() {
        if (tamperable != null) {
            tamperable.close();
        }
    }

    /** Where docker-registry's filesystem driver keeps a blob's bytes. */
    private static Path storedBlob(String digest) {
        String hex = digest.substring("sha256:".length());
        return work.resolve("registry/storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex).resolve("data");
    }

    @Test
    void layerChangedOnTheRegistrysDiskIsRefusedAndNotCached() throws Exception {
        JsonNode layer = small.layer(SmallImages.AMD64);
        String digest = layer.path("digest").asText();
        Path stored = storedBlob(digest);
        assertThat(stored).as("the pushed layer in the registry's storage").exists();
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length / 2] ^= 0x5a; // same size, one byte flipped: only the digest can tell
        Files.write(stored, bytes);

        Throwable thrown = catchThrowable(() -> {
            try (ImageSource image = ImageSources.open("registry://" + tamperable.host() + "/tamper/app:v1", SmallImages.options(cache, null))) {
                image.files();
            }
        });
        assertThat(thrown).isInstanceOf(WardenException.class)
                .hasMessage(tamperable.host() + "/tamper/app: blob " + digest + ": downloaded content does not match its digest"
                        + " (it hashes to " + SmallImages.sha256(bytes) + ")");
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> cache.relativize(p).toString()))
                    .as("cache after the refusal: the verified config only, no layer, no partial file")
                    .noneMatch(p -> p.contains(digest.substring(7)) || p.endsWith(".partial"));
        }
    }

    @Test
    void singlePlatformImageAskedForWithAnotherPlatformIsRefused() throws Exception {
        String ref = tamperable.host() + "/single/arm:v1";
        assertThat(catchThrowable(() -> ImageSources.open(ref, SmallImages.options(cache, Platform.parse("linux/amd64"))).close()))
                .isInstanceOf(WardenException.class)
                .hasMessage(ref + ": image is for platform linux/arm64, not the requested linux/amd64 (--platform),"
                        + " and it has no other platform");
        try (ImageSource image = ImageSources.open(ref, SmallImages.options(cache, Platform.parse("linux/arm64")))) {
            assertThat(image.info().platform()).hasToString("linux/arm64");
        }
        try (ImageSource image = ImageSources.open(ref, SmallImages.options(cache, null))) {
            assertThat(image.info().platform()).as("no --platform: the only image").hasToString("linux/arm64");
        }
    }
}
