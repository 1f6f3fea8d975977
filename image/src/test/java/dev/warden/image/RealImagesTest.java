package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real fixture image (debootstrap + umoci + skopeo) from every local source kind. */
@Tag("live") // images built by debootstrap, umoci, skopeo, zstd (TestImages)
class RealImagesTest {
    @TempDir
    Path cache;

    private ImageSource open(String source) throws IOException {
        return ImageSources.open(source, SourceOptions.defaults(cache));
    }

    @Test
    void ociLayoutHasConfigLayersAndWhiteoutsApplied() throws Exception {
        Path layout = TestImages.ociLayout();
        try (ImageSource image = open("oci-dir://" + layout + ":" + TestImages.TAG)) {
            ImageInfo info = image.info();
            assertThat(info.platform()).hasToString("linux/amd64");
            assertThat(info.manifestDigest()).startsWith("sha256:");
            assertThat(info.config().user()).isEqualTo(TestImages.USER);
            assertThat(info.config().env()).contains("FOO=bar");
            assertThat(info.config().entrypoint()).containsExactly("/bin/sh");
            assertThat(info.config().cmd()).containsExactly("-c", "true");
            assertThat(info.config().workingDir()).isEqualTo("/tmp");
            assertThat(info.config().labels()).containsEntry(TestImages.LABEL_KEY, TestImages.LABEL_VALUE);
            assertThat(info.config().exposedPorts()).containsExactly(TestImages.EXPOSED_PORT);
            assertThat(info.config().history()).extracting(ImageInfo.HistoryEntry::createdBy)
                    .contains("debootstrap --variant=minbase bookworm", "warden fixture: whiteouts and a hardlink");
            assertThat(info.layers()).hasSize(2).allSatisfy(l -> {
                assertThat(l.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
                assertThat(l.entryCount()).isEqualTo(-1);
            });

            FileSystemView files = image.files();
            List<LayerInfo> layers = image.info().layers();
            // Entry counts agree with GNU tar listing the same blobs.
            for (LayerInfo layer : layers) {
                assertThat(layer.entryCount()).as("entries of %s", layer.digest()).isEqualTo(tarEntryCount(layout, layer));
            }
            assertThat(files.entry("/etc/motd")).as("whited out by layer 2").isEmpty();
            assertThat(files.entries()).filteredOn(e -> e.path().startsWith("/usr/share/doc/"))
                    .as("opaque /usr/share/doc keeps only layer 2's entries")
                    .extracting(FileEntry::path).containsExactly("/usr/share/doc/warden", "/usr/share/doc/warden/README");
            FileEntry readme = files.entry("/usr/share/doc/warden/README").orElseThrow();
            assertThat(readme.layerIndex()).isEqualTo(1);
            assertThat(readme.layerDiffId()).isEqualTo(layers.get(1).diffId());
            FileEntry osRelease = files.resolve("/etc/os-release").orElseThrow();
            assertThat(osRelease.path()).isEqualTo("/usr/lib/os-release");
            assertThat(osRelease.layerIndex()).isZero();
            assertThat(osRelease.layerDiffId()).isEqualTo(layers.get(0).diffId());
            assertThat(files.entry("/usr/share/doc")).get().extracting(FileEntry::kind).isEqualTo(FileEntry.Kind.DIRECTORY);

            Map<String, String> read = readAll(files, Set.of("/usr/lib/os-release", "/etc/warden-release",
                    "/etc/warden-hardlink", "/usr/share/doc/warden/README"));
            assertThat(read).containsEntry("/usr/lib/os-release",
                    Files.readString(TestImages.debootstrapRootfs().resolve("usr/lib/os-release")));
            assertThat(read).containsEntry("/etc/warden-release", TestImages.RELEASE_CONTENT)
                    .containsEntry("/etc/warden-hardlink", TestImages.RELEASE_CONTENT)
                    .containsEntry("/usr/share/doc/warden/README", TestImages.README_CONTENT);
        }
    }

    @Test
    void baseLayerMatchesTheRootFilesystemItWasMadeFrom() throws Exception {
        Path rootfs = TestImages.debootstrapRootfs();
        try (ImageSource image = open("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG);
                ImageSource dir = open("fs://" + rootfs)) {
            Map<String, String> fromImage = summary(image.files().entries());
            Map<String, String> fromDir = summary(dir.files().entries());
            Map<String, String> differences = new TreeMap<>();
            for (String path : union(fromImage.keySet(), fromDir.keySet())) {
                if (!java.util.Objects.equals(fromImage.get(path), fromDir.get(path))) {
                    differences.put(path, fromImage.get(path) + " | dir: " + fromDir.get(path));
                }
            }
            assertThat(differences).as("image entries that differ from the directory").isEmpty();
            assertThat(fromImage).hasSizeGreaterThan(5000);
            assertThat(image.files().entry("/etc/motd")).isPresent();
            // Contents too, for every file of /etc.
            Map<String, byte[]> contents = new HashMap<>();
            image.files().read(e -> e.path().startsWith("/etc/"), (e, in) -> contents.put(e.path(), in.readAllBytes()));
            assertThat(contents).hasSizeGreaterThan(50);
            for (Map.Entry<String, byte[]> c : contents.entrySet()) {
                assertThat(c.getValue()).as(c.getKey()).isEqualTo(Files.readAllBytes(rootfs.resolve(c.getKey().substring(1))));
            }
        }
    }

    @Test
    void sameImageFromEveryContainerFormat() throws Exception {
        ImageInfo oci;
        List<FileEntry> ociFiles;
        try (ImageSource image = open("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG)) {
            ociFiles = image.files().entries();
            oci = image.info();
        }
        try (ImageSource image = open("archive://" + TestImages.ociArchive())) {
            assertThat(image.files().entries()).isEqualTo(ociFiles);
            // skopeo copies the blobs unchanged: only the reference differs.
            assertThat(withReference(image.info(), oci.reference())).isEqualTo(oci);
        }
        try (ImageSource image = open("archive://" + TestImages.dockerArchive() + ":" + TestImages.DOCKER_REPO_TAG)) {
            ImageInfo docker = image.info();
            assertThat(image.files().entries()).isEqualTo(ociFiles);
            docker = image.info();
            // docker-save stores uncompressed layers and no manifest: same config and diff_ids, other layer blobs.
            assertThat(docker.manifestDigest()).isNull();
            assertThat(docker.configDigest()).isEqualTo(oci.configDigest());
            assertThat(docker.config()).isEqualTo(oci.config());
            assertThat(docker.platform()).isEqualTo(oci.platform());
            assertThat(docker.layers()).extracting(LayerInfo::diffId).isEqualTo(oci.layers().stream().map(LayerInfo::diffId).toList());
            assertThat(docker.layers()).extracting(LayerInfo::entryCount).isEqualTo(oci.layers().stream().map(LayerInfo::entryCount).toList());
            assertThat(docker.layers()).allSatisfy(l -> {
                assertThat(l.mediaType()).isEqualTo("application/vnd.docker.image.rootfs.diff.tar");
                assertThat(l.digest()).isEqualTo(l.diffId());
            });
        }
        try (ImageSource image = open("archive://" + TestImages.gzippedDockerArchive())) {
            // docker save | gzip: the same image as the plain archive; expanded in the cache's tmp folder, removed on close.
            assertThat(image.files().entries()).isEqualTo(ociFiles);
            assertThat(image.info().configDigest()).isEqualTo(oci.configDigest());
            assertThat(image.info().layers()).extracting(LayerInfo::diffId).isEqualTo(oci.layers().stream().map(LayerInfo::diffId).toList());
            assertThat(readAll(image.files(), Set.of("/etc/warden-release"))).containsEntry("/etc/warden-release", TestImages.RELEASE_CONTENT);
            try (java.util.stream.Stream<Path> temp = Files.list(cache.resolve(GunzippedArchive.TEMP_DIR))) {
                assertThat(temp).as("the expanded tar, while open").hasSize(1);
            }
        }
        try (java.util.stream.Stream<Path> temp = Files.list(cache.resolve(GunzippedArchive.TEMP_DIR))) {
            assertThat(temp).as("expanded tars after close").isEmpty();
        }
        try (ImageSource image = open("oci-dir://" + TestImages.zstdLayout())) {
            assertThat(image.files().entries()).isEqualTo(ociFiles);
            ImageInfo zstd = image.info();
            assertThat(zstd.layers()).allSatisfy(l -> assertThat(l.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd"));
            assertThat(zstd.layers()).extracting(LayerInfo::diffId).isEqualTo(oci.layers().stream().map(LayerInfo::diffId).toList());
            assertThat(readAll(image.files(), Set.of("/etc/warden-hardlink"))).containsEntry("/etc/warden-hardlink", TestImages.RELEASE_CONTENT);
        }
    }

    @Test
    void platformOtherThanTheSingleImagesIsRefused() throws Exception {
        // The fixture is linux/amd64 only: asking for arm64 must not silently read the amd64 image.
        SourceOptions d = SourceOptions.defaults(cache);
        SourceOptions arm64 = new SourceOptions(ImageInfo.Platform.parse("linux/arm64"), null, null, d.insecureRegistries(),
                cache, null, d.limits(), Progress.NONE);
        for (String source : List.of("oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG,
                "archive://" + TestImages.dockerArchive(), "archive://" + TestImages.ociArchive(),
                "archive://" + TestImages.gzippedDockerArchive())) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ImageSources.open(source, arm64).close()))
                    .as(source).isInstanceOf(dev.warden.core.WardenException.class)
                    .hasMessage(source + ": image is for platform linux/amd64, not the requested linux/arm64 (--platform),"
                            + " and it has no other platform");
        }
        SourceOptions amd64 = new SourceOptions(ImageInfo.Platform.parse("linux/amd64"), null, null, d.insecureRegistries(),
                cache, null, d.limits(), Progress.NONE);
        try (ImageSource image = ImageSources.open("archive://" + TestImages.dockerArchive(), amd64)) {
            assertThat(image.info().platform()).hasToString("linux/amd64");
        }
    }

    @Test
    void layoutWithSeveralImagesNeedsATagOrDigest() throws Exception {
        Path layout = TestImages.ociLayout();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> open("oci-dir://" + layout)))
                .isInstanceOf(dev.warden.core.WardenException.class).hasMessageContaining("pick one with :TAG or @DIGEST");
        String digest;
        try (ImageSource image = open("oci-dir://" + layout + ":" + TestImages.BASE_TAG)) {
            digest = image.info().manifestDigest();
            assertThat(image.info().layers()).hasSize(1);
        }
        try (ImageSource image = open("oci-dir://" + layout + "@" + digest)) {
            assertThat(image.info().manifestDigest()).isEqualTo(digest);
        }
    }

    static Map<String, String> readAll(FileSystemView files, Set<String> paths) throws IOException {
        Map<String, String> read = new TreeMap<>();
        files.read(e -> paths.contains(e.path()), (e, in) -> read.put(e.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        return read;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static ImageInfo withReference(ImageInfo i, String reference) {
        return new ImageInfo(reference, i.manifestDigest(), i.configDigest(), i.platform(), i.config(), i.layers(), i.annotations(),
                i.attestations(), i.attestationState());
    }

    /**
     * path -> kind, size, mode and link target: what a layer and a directory tree can agree on. A
     * directory shows hardlinks as plain files and has no devices (fs:// skips them).
     */
    private static Map<String, String> summary(List<FileEntry> entries) {
        return entries.stream().filter(e -> !e.path().equals("/") && e.kind() != FileEntry.Kind.OTHER).collect(Collectors.toMap(FileEntry::path,
                e -> (e.isFile() ? "FILE" : e.kind()) + " " + e.size() + " " + Integer.toOctalString(e.mode()) + " "
                        + (e.kind() == FileEntry.Kind.HARDLINK ? null : e.linkTarget()),
                (a, b) -> a, TreeMap::new));
    }

    private static long tarEntryCount(Path layout, LayerInfo layer) throws Exception {
        Path blob = layout.resolve("blobs/sha256").resolve(layer.digest().substring("sha256:".length()));
        Process p = new ProcessBuilder("tar", "-tzf", blob.toString()).redirectErrorStream(true).start();
        long lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
        assertThat(p.waitFor()).isZero();
        return lines;
    }
}
