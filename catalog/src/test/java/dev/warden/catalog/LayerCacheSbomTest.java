package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.image.CacheParts;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-layer cache (entries and wanted contents by diff_id) makes a scan of an image that shares a layer with
 * one scanned before skip that layer, and gives the same SBOM as a scan without it. "Skip" is proven by deleting
 * the shared layer's blob before the second scan: any read of it would fail.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class LayerCacheSbomTest {
    @TempDir
    Path tmp;

    private Sbom scan(String source, Path cache) throws IOException {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(cache))) {
            Sbom sbom = Catalog.withDefaults(tmp.resolve("scratch")).run(image.info(), image.files());
            assertThat(image.warnings()).as("source warnings of " + source).isEmpty();
            return sbom;
        }
    }

    /** The SBOM without the image reference (the layout's path differs between copies). */
    private static Sbom comparable(Sbom sbom) {
        ImageInfo i = sbom.image();
        return new Sbom(new ImageInfo("", i.manifestDigest(), i.configDigest(), i.platform(), i.config(), i.layers(),
                i.annotations()), sbom.distro(), sbom.packages(), sbom.warnings());
    }

    /** A copy of the fixture layout without the blob of layer {@code index} of the image tagged {@code tag}. */
    private Path layoutWithoutLayer(String name, String diffIdOfLayer) throws IOException {
        Path copy = tmp.resolve(name);
        Path source = TestImages.ociLayout();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // the layer blob whose uncompressed tar has this diff_id: found by the manifest of the image that has it
        try (ImageSource image = ImageSources.open("oci-dir://" + copy + ":" + TestImages.BASE_TAG, SourceOptions.defaults(tmp.resolve("c0")))) {
            ImageInfo.LayerInfo layer = image.info().layers().getFirst();
            assertThat(layer.diffId()).isEqualTo(diffIdOfLayer);
            Files.delete(copy.resolve("blobs/sha256").resolve(layer.digest().substring("sha256:".length())));
        }
        return copy;
    }

    @Test
    void imageSharingTheBaseLayerReadsOnlyItsOwnLayerAndGivesTheSameSbom() throws IOException {
        String base = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG;
        String latest = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        Sbom baseUncached = scan(base, tmp.resolve("u1"));
        Sbom latestUncached = scan(latest, tmp.resolve("u2"));
        assertThat(baseUncached.packages()).hasSizeGreaterThan(80);
        String baseDiffId = baseUncached.image().layers().getFirst().diffId();

        // base first: its layer is cached; latest then reads only its small second layer.
        Path cache = tmp.resolve("shared");
        assertThat(comparable(scan(base, cache))).isEqualTo(comparable(baseUncached));
        Path withoutBase = layoutWithoutLayer("no-base", baseDiffId);
        long start = System.nanoTime();
        Sbom latestCached = scan("oci-dir://" + withoutBase + ":" + TestImages.TAG, cache);
        System.out.printf("latest with a cached base layer: %.3f s%n", (System.nanoTime() - start) / 1e9);
        assertThat(comparable(latestCached)).isEqualTo(comparable(latestUncached));

        // the other way round: latest hides /usr/share/doc, yet base (which has the copyright files) is served too.
        Path cache2 = tmp.resolve("shared2");
        assertThat(comparable(scan(latest, cache2))).isEqualTo(comparable(latestUncached));
        Sbom baseCached = scan("oci-dir://" + withoutBase + ":" + TestImages.BASE_TAG, cache2);
        assertThat(comparable(baseCached)).isEqualTo(comparable(baseUncached));
        assertThat(baseCached.packages()).anySatisfy(p -> assertThat(p.licenses()).isNotEmpty());
    }

    @Test
    void corruptCacheFilesAreIgnoredWithAWarningAndTheLayerIsRead() throws IOException {
        String base = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG;
        Sbom uncached = scan(base, tmp.resolve("u"));
        Path cache = tmp.resolve("c");
        scan(base, cache);
        try (Stream<Path> files = Files.walk(cache.resolve("layers-v2"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                bytes[bytes.length / 3] ^= 1;
                Files.write(f, bytes);
            }
        }
        try (ImageSource image = ImageSources.open(base, SourceOptions.defaults(cache))) {
            Sbom sbom = Catalog.withDefaults(tmp.resolve("scratch")).run(image.info(), image.files());
            assertThat(comparable(sbom)).isEqualTo(comparable(uncached));
            // the SBOM takes these warnings: they name the cache folder CACHE, never this machine's path
            assertThat(image.warnings()).hasSize(2).allSatisfy(w -> assertThat(w)
                    .startsWith("layer cache: ignoring CACHE/layers-v2/sha256/")
                    .endsWith("(checksum mismatch); the layer is read instead")
                    .doesNotContain(tmp.toString()));
            // stderr names the file on this machine
            assertThat(image.warnings()).allSatisfy(w -> assertThat(CacheParts.onHost(cache, w))
                    .startsWith("layer cache: ignoring " + cache.toAbsolutePath().resolve("layers-v2/sha256/")));
        }
        // and the read rewrote them: the next scan is quiet again
        try (ImageSource image = ImageSources.open(base, SourceOptions.defaults(cache))) {
            Catalog.withDefaults(tmp.resolve("scratch")).run(image.info(), image.files());
            assertThat(image.warnings()).isEmpty();
        }
    }
}
