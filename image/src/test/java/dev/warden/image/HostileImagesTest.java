package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.warden.core.WardenException;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-image corpus: one image made by code per refusal. Each must be refused with a
 * WardenException whose single line names the image and the problem, and must write nothing
 * outside the cache folder.
 */
class HostileImagesTest {
    @TempDir
    Path tmp;

    private static byte[] okTar() {
        return new TarBuilder().dir("etc/").file("etc/os-release", "ID=test\n").build();
    }

    private static ImageLimits limits(UnaryOperator<long[]> edit) {
        ImageLimits d = ImageLimits.DEFAULT;
        long[] v = {d.maxManifestBytes(), d.maxConfigBytes(), d.maxLayerBytes(), d.maxCompressionRatio(),
            d.maxEntriesPerLayer(), d.maxLayers(), d.maxPathLength(), d.maxSymlinkHops()};
        v = edit.apply(v);
        return new ImageLimits(v[0], v[1], v[2], v[3], v[4], (int) v[5], (int) v[6], (int) v[7]);
    }

    /** Opens the layout, builds its filesystem and returns the refusal; asserts nothing was written outside the cache. */
    private WardenException refusal(OciLayoutBuilder image, ImageLimits limits) throws IOException {
        Path layout = image.write(tmp.resolve("layout"));
        Path cache = tmp.resolve("cache");
        Map<String, String> before = snapshot(tmp, cache);
        SourceOptions d = SourceOptions.defaults(cache);
        SourceOptions options = new SourceOptions(d.platform(), null, null, d.insecureRegistries(), cache, null, limits, Progress.NONE);
        Throwable thrown = catchThrowable(() -> {
            try (ImageSource source = ImageSources.open("oci-dir://" + layout, options)) {
                source.files().read(e -> true, (e, in) -> in.readAllBytes());
            }
        });
        assertThat(snapshot(tmp, cache)).as("files outside the cache").isEqualTo(before);
        assertThat(thrown).isInstanceOf(WardenException.class);
        System.out.println("hostile image refused: " + thrown.getMessage().replace(layout.toString(), "LAYOUT"));
        assertThat(thrown.getMessage()).startsWith("oci-dir://" + layout).doesNotContain("\n");
        return (WardenException) thrown;
    }

    private WardenException refusal(OciLayoutBuilder image) throws IOException {
        return refusal(image, ImageLimits.DEFAULT);
    }

    private static Map<String, String> snapshot(Path root, Path excluded) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.startsWith(excluded)).toList()) {
                files.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) + "@" + Files.getLastModifiedTime(p) : "dir");
            }
        }
        return files;
    }

    @Test
    void dotDotEntry() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("../../etc/cron.d/evil", "x").build()))))
                .hasMessageContaining("entry '../../etc/cron.d/evil' contains '..' and would escape the image root");
    }

    @Test
    void absoluteEntry() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("/etc/evil", "x").build()))))
                .hasMessageContaining("entry '/etc/evil' is an absolute path");
    }

    @Test
    void hardlinkOutOfTheRoot() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().hardlink("etc/shadow", "../../../etc/shadow").build()))))
                .hasMessageContaining("hardlink target of /etc/shadow '../../../etc/shadow' contains '..'");
    }

    @Test
    void hardlinkToNothing() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().hardlink("etc/shadow", "etc/missing").build()))))
                .hasMessageContaining("hardlink /etc/shadow points to 'etc/missing', which is not a regular file of the image");
    }

    @Test
    void layerDigestMismatch() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(okTar())).tamperLayers(b -> OciLayoutBuilder.gzipBytes(
                new TarBuilder().file("etc/evil", "x").build()))))
                .hasMessageMatching(".*blob sha256:[0-9a-f]{64}: (digest mismatch|larger than|truncated).*");
    }

    @Test
    void layerDigestMismatchSameSize() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.uncompressed(okTar())).tamperLayers(b -> {
            byte[] changed = b.clone();
            changed[1026] ^= 1; // a content byte of etc/os-release (headers at 0 and 512)
            return changed;
        }))).hasMessageMatching(".*blob sha256:[0-9a-f]{64}: digest mismatch: expected sha256:[0-9a-f]{64}, content has sha256:.*");
    }

    @Test
    void manifestDigestMismatch() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(okTar())).tamperManifest(b -> {
            String json = new String(b, StandardCharsets.UTF_8).replace("\"schemaVersion\":2", "\"schemaVersion\":2 ");
            return Arrays.copyOf(json.getBytes(StandardCharsets.UTF_8), b.length);
        }))).hasMessageContaining(": digest mismatch");
    }

    @Test
    void configDigestMismatch() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(okTar())).tamperConfig(b -> {
            byte[] changed = b.clone();
            changed[changed.length - 3] ^= 1;
            return changed;
        }))).hasMessageMatching(".*blob sha256:[0-9a-f]{64}: digest mismatch.*");
    }

    @Test
    void diffIdMismatch() throws IOException {
        OciLayoutBuilder.Layer honest = OciLayoutBuilder.gzip(okTar());
        OciLayoutBuilder.Layer lying = new OciLayoutBuilder.Layer(honest.mediaType(), honest.blob(), OciLayoutBuilder.sha256(new byte[0]));
        assertThat(refusal(new OciLayoutBuilder().layer(lying))).hasMessageContaining("(diff_id): digest mismatch");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = OciLayoutBuilder.gzipBytes(okTar());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        OciLayoutBuilder.Layer layer = new OciLayoutBuilder.Layer(OciLayoutBuilder.GZIP, cut, OciLayoutBuilder.sha256(okTar()));
        assertThat(refusal(new OciLayoutBuilder().layer(layer))).hasMessageContaining("corrupt or truncated layer");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = OciLayoutBuilder.gzipBytes(okTar());
        for (int i = 20; i < gz.length - 8; i++) {
            gz[i] = (byte) 0xff;
        }
        OciLayoutBuilder.Layer layer = new OciLayoutBuilder.Layer(OciLayoutBuilder.GZIP, gz, OciLayoutBuilder.sha256(okTar()));
        assertThat(refusal(new OciLayoutBuilder().layer(layer))).hasMessageContaining("corrupt or truncated layer");
    }

    @Test
    void notGzipAtAll() throws IOException {
        OciLayoutBuilder.Layer layer = new OciLayoutBuilder.Layer(OciLayoutBuilder.GZIP, okTar(), OciLayoutBuilder.sha256(okTar()));
        assertThat(refusal(new OciLayoutBuilder().layer(layer))).hasMessageContaining("corrupt or truncated layer (Not in GZIP format)");
    }

    @Test
    void truncatedZstd() throws IOException {
        byte[] zst = OciLayoutBuilder.zstd(okTar()).blob();
        OciLayoutBuilder.Layer layer = new OciLayoutBuilder.Layer(OciLayoutBuilder.ZSTD, Arrays.copyOf(zst, zst.length - 10),
                OciLayoutBuilder.sha256(okTar()));
        assertThat(refusal(new OciLayoutBuilder().layer(layer))).hasMessageContaining("corrupt or truncated layer");
    }

    @Test
    void corruptTarHeader() throws IOException {
        byte[] tar = okTar();
        tar[600] = 'x'; // inside the second header (etc/os-release): its checksum no longer matches
        tar[512 + 10] ^= 0x7f;
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(tar)))).hasMessageContaining("corrupt or truncated layer");
    }

    @Test
    void truncatedTar() throws IOException {
        byte[] tar = Arrays.copyOf(okTar(), 512 + 512 + 5); // the file's content stops short
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.uncompressed(tar)))).hasMessageContaining("corrupt or truncated layer");
    }

    @Test
    void expandsBeyondTheSizeLimit() throws IOException {
        OciLayoutBuilder.Layer layer = OciLayoutBuilder.gzipZeros("big", 3 << 20);
        assertThat(refusal(new OciLayoutBuilder().layer(layer), limits(v -> { v[2] = 1 << 20; return v; })))
                .hasMessageContaining("expands beyond the limit of 1048576 bytes (--max-layer-size)");
    }

    @Test
    void decompressionBombRatio() throws IOException {
        OciLayoutBuilder.Layer layer = OciLayoutBuilder.gzipZeros("bomb", ImageLimits.RATIO_CHECK_THRESHOLD_BYTES + (8 << 20));
        assertThat(refusal(new OciLayoutBuilder().layer(layer)))
                .hasMessageContaining("expands more than 200 times its compressed size (decompression bomb?)");
    }

    @Test
    void tooManyEntries() throws IOException {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "x");
        }
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(tar.build())), limits(v -> { v[4] = 10; return v; })))
                .hasMessageContaining("more than 10 entries (--max-entries)");
    }

    @Test
    void manifestTooLarge() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(okTar())).manifest(m -> m.putObject("annotations")
                .put("padding", "x".repeat(5000))), limits(v -> { v[0] = 4096; return v; })))
                .hasMessageContaining("larger than the limit of 4096 bytes");
    }

    @Test
    void configTooLarge() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(okTar())).config(c -> c.put("padding", "x".repeat(5000))),
                limits(v -> { v[1] = 4096; return v; })))
                .hasMessageMatching(".*: config sha256:[0-9a-f]{64}: \\d+ bytes, larger than the limit of 4096 bytes");
    }

    @Test
    void unknownLayerMediaType() throws IOException {
        OciLayoutBuilder.Layer layer = new OciLayoutBuilder.Layer("application/x-evil", okTar(), OciLayoutBuilder.sha256(okTar()));
        assertThat(refusal(new OciLayoutBuilder().layer(layer))).hasMessageContaining("unknown layer media type 'application/x-evil'");
    }

    @Test
    void tooManyLayers() throws IOException {
        OciLayoutBuilder image = new OciLayoutBuilder();
        for (int i = 0; i < 3; i++) {
            image.layer(OciLayoutBuilder.gzip(new TarBuilder().file("f" + i, "x").build()));
        }
        assertThat(refusal(image, limits(v -> { v[5] = 2; return v; }))).hasMessageContaining("3 layers, more than the limit of 2");
    }

    @Test
    void overlongPath() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("a/".repeat(100) + "x", "x").build())),
                limits(v -> { v[6] = 100; return v; })))
                .hasMessageContaining("entry path longer than 100 characters");
    }

    @Test
    void digestThatWouldNameAFileOutsideTheLayout() throws IOException {
        assertThat(refusal(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(okTar())).manifest(m ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) m.path("layers").get(0)).put("digest", "sha256:../../../../etc/passwd"))))
                .hasMessageContaining("invalid or unsupported digest 'sha256:../../../../etc/passwd'");
    }

    /** Opens a (compressed) archive, returns the refusal; asserts nothing is left outside the cache nor inside its tmp. */
    private WardenException archiveRefusal(Path archive) throws IOException {
        Path cache = tmp.resolve("cache");
        Map<String, String> before = snapshot(tmp, cache);
        Throwable thrown = catchThrowable(() -> {
            try (ImageSource source = ImageSources.open("archive://" + archive, SourceOptions.defaults(cache))) {
                source.files();
            }
        });
        assertThat(snapshot(tmp, cache)).as("files outside the cache").isEqualTo(before);
        Path temp = cache.resolve(GunzippedArchive.TEMP_DIR);
        if (Files.isDirectory(temp)) {
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left).as("expanded archives left behind").isEmpty();
            }
        }
        assertThat(thrown).isInstanceOf(WardenException.class);
        System.out.println("hostile archive refused: " + thrown.getMessage().replace(archive.toString(), "ARCHIVE"));
        assertThat(thrown.getMessage()).startsWith("archive://" + archive).doesNotContain("\n");
        return (WardenException) thrown;
    }

    @Test
    void gzippedArchiveIsExpandedInsideTheCacheAndRemoved() throws IOException {
        // A gzipped tar that is no image: expanded in the cache's tmp folder, refused, and the expansion deleted.
        Path archive = Files.write(tmp.resolve("image.tar.gz"), OciLayoutBuilder.gzipBytes(okTar()));
        assertThat(archiveRefusal(archive)).hasMessageContaining("neither a docker-save archive");
    }

    @Test
    void gzippedArchiveBombIsRefused() throws IOException {
        OciLayoutBuilder.Layer bomb = OciLayoutBuilder.gzipZeros("bomb", ImageLimits.RATIO_CHECK_THRESHOLD_BYTES + (8 << 20));
        Path archive = Files.write(tmp.resolve("bomb.tar.gz"), bomb.blob());
        assertThat(archiveRefusal(archive)).hasMessageContaining("expands more than 200 times its compressed size (decompression bomb?)");
    }

    @Test
    void truncatedGzippedArchiveIsRefused() throws IOException {
        byte[] gz = OciLayoutBuilder.gzipBytes(okTar());
        Path archive = Files.write(tmp.resolve("cut.tar.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThat(archiveRefusal(archive)).hasMessageContaining("corrupt or truncated gzip archive");
    }

    @Test
    void zstdArchiveIsRefusedNotExtracted() throws IOException {
        Path archive = Files.write(tmp.resolve("image.tar.zst"), OciLayoutBuilder.zstd(okTar()).blob());
        assertThat(archiveRefusal(archive)).hasMessage("archive://" + archive
                + ": the archive is zstd-compressed; decompress it first (zstd -d) so that it can be read in place");
    }

    @Test
    void symlinkLoopsAndLinksOutOfTheRootResolveToNothing() throws Exception {
        byte[] tar = new TarBuilder().dir("etc/").file("etc/real", "ok").symlink("etc/a", "b").symlink("etc/b", "a")
                .symlink("etc/up", "../../../../etc/real").symlink("etc/abs", "/etc/real").symlink("etc/self", ".")
                .build();
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(tar)).write(tmp.resolve("links"));
        try (ImageSource image = ImageSources.open("oci-dir://" + layout, SourceOptions.defaults(tmp.resolve("cache")))) {
            FileSystemView files = image.files();
            assertThat(files.resolve("/etc/a")).isEmpty();
            assertThat(files.resolve("/etc/up")).isEmpty();
            assertThat(files.resolve("/etc/abs")).map(FileEntry::path).contains("/etc/real");
            assertThat(files.resolve("/etc/self/self/self/real")).map(FileEntry::path).contains("/etc/real");
        }
    }
}
