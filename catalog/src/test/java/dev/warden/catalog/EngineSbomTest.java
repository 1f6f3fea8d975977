package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.image.EngineSource;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.PodmanEngine;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SBOM of an image read from a real engine (podman's Docker API) is the SBOM of the archive it was loaded from. */
@Tag("live") // podman serving the Docker API (PodmanEngine)
class EngineSbomTest {
    @TempDir
    Path tmp;

    @Test
    void theEnginesImageHasTheSbomOfItsArchive() throws IOException {
        Sbom fromArchive;
        try (ImageSource image = ImageSources.open("archive://" + TestImages.dockerArchive(), SourceOptions.defaults(tmp.resolve("c1")))) {
            fromArchive = Catalog.withDefaults(tmp.resolve("s1")).run(image.info(), image.files());
        }
        Sbom fromEngine;
        try (PodmanEngine engine = PodmanEngine.start(tmp);
             ImageSource image = EngineSource.open(TestImages.DOCKER_REPO_TAG, "docker://" + TestImages.DOCKER_REPO_TAG,
                     SourceOptions.defaults(tmp.resolve("c2")), engine.env())) {
            fromEngine = Catalog.withDefaults(tmp.resolve("s2")).run(image.info(), image.files());
        }
        assertThat(fromEngine.packages()).hasSizeGreaterThan(50); // Debian minbase
        assertThat(comparable(fromEngine)).isEqualTo(comparable(fromArchive));
    }

    /**
     * Without the image reference, which names where the image was read from, and the manifest digest, which only the
     * engine gives (its RepoDigests: EngineSourceTest), an archive of docker save having no manifest.
     */
    private static Sbom comparable(Sbom sbom) {
        ImageInfo i = sbom.image();
        return new Sbom(new ImageInfo("", null, i.configDigest(), i.platform(), i.config(), i.layers(),
                i.annotations()), sbom.distro(), sbom.packages(), sbom.warnings());
    }
}
