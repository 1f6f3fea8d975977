package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.lines;
import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debootstrap image read from every kind of source gives exactly dpkg-query's package list,
 * each package attributed to the layer that installed it. The fixture's second layer hides
 * /usr/share/doc with an opaque whiteout, as slimmed images do: no copyright files, no licences.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages), docker-registry, dpkg-query
class DpkgAcrossSourcesTest {
    static List<String> expected;

    @BeforeAll
    static void reference() {
        Path rootfs = TestImages.debootstrapRootfs();
        expected = lines(run(null, "dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f", "${Package}\t${Version}\n"));
    }

    private static Sbom scan(String source, Path scratch) throws Exception {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(scratch.resolve("cache")))) {
            return OsFixtures.osCatalog(scratch).run(image.info(), image.files());
        }
    }

    private static void assertExact(Sbom sbom, boolean docsPresent) {
        List<Package> debs = ofType(sbom, "deb");
        assertThat(lines(String.join("\n", debs.stream().map(p -> p.name() + "\t" + p.version()).toList()))).isEqualTo(expected);
        assertThat(sbom.warnings()).isEmpty();
        String base = sbom.image().layers().get(0).diffId();
        assertThat(base).startsWith("sha256:");
        assertThat(debs).allSatisfy(p -> assertThat(p.locations().get(0).layerDiffId()).isEqualTo(base));
        assertThat(debs).allSatisfy(p -> assertThat(p.licenses().isEmpty()).isEqualTo(!docsPresent));
    }

    @Test
    void ociLayout(@TempDir Path scratch) throws Exception {
        Path layout = TestImages.ociLayout();
        assertExact(scan("oci-dir://" + layout + ":" + TestImages.TAG, scratch), false);
        assertExact(scan("oci-dir://" + layout + ":" + TestImages.BASE_TAG, scratch), true);
    }

    @Test
    void archivesAndZstdLayers(@TempDir Path scratch) throws Exception {
        assertExact(scan("archive://" + TestImages.dockerArchive(), scratch), false);
        assertExact(scan("archive://" + TestImages.ociArchive(), scratch), false);
        assertExact(scan("oci-dir://" + TestImages.zstdLayout() + ":" + TestImages.TAG, scratch), false);
    }

    @Test
    void registry(@TempDir Path work) throws Exception {
        try (RegistryServer registry = RegistryServer.anonymous(work.resolve("registry"))) {
            registry.push(TestImages.ociLayout(), TestImages.TAG, "warden/os:latest");
            Sbom sbom = scan("registry://" + registry.host() + "/warden/os:latest", work);
            assertExact(sbom, false);
            ImageInfo info = sbom.image();
            assertThat(info.layers()).hasSize(2);
        }
    }
}
