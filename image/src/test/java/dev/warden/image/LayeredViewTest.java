package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer-stacking rules on small images built by code, where each expected result is known exactly. */
class LayeredViewTest {
    @TempDir
    Path tmp;

    private ImageSource open(OciLayoutBuilder image) throws Exception {
        Path layout = image.write(tmp.resolve("layout"));
        return ImageSources.open("oci-dir://" + layout, SourceOptions.defaults(tmp.resolve("cache")));
    }

    private static Map<String, String> contents(FileSystemView files) throws Exception {
        Map<String, String> read = new TreeMap<>();
        files.read(e -> true, (e, in) -> read.put(e.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        return read;
    }

    @Test
    void whiteoutsOpaqueDirectoriesAndReplacement() throws Exception {
        byte[] base = new TarBuilder().dir("a/").file("a/keep", "1").file("a/gone", "2").dir("b/").file("b/x", "3")
                .dir("c/").file("c/y", "4").file("d", "5").dir("e/").file("e/old", "6").build();
        // Layer 2: the opaque marker comes after the layer's own new entry in the same directory.
        byte[] upper = new TarBuilder().file("a/.wh.gone", "").file("e/new", "7").file("e/.wh..wh..opq", "")
                .file("b", "now a file").dir("d/").file("d/z", "8").file(".wh.c", "").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)).layer(OciLayoutBuilder.zstd(upper)))) {
            FileSystemView files = image.files();
            assertThat(files.entries()).extracting(FileEntry::path)
                    .containsExactly("/", "/a", "/a/keep", "/b", "/d", "/d/z", "/e", "/e/new");
            assertThat(files.entry("/a/keep").orElseThrow().layerIndex()).isZero();
            assertThat(files.entry("/b").orElseThrow().layerIndex()).isEqualTo(1);
            assertThat(files.entry("/d").orElseThrow().kind()).isEqualTo(FileEntry.Kind.DIRECTORY);
            assertThat(contents(files)).containsExactly(Map.entry("/a/keep", "1"), Map.entry("/b", "now a file"),
                    Map.entry("/d/z", "8"), Map.entry("/e/new", "7"));
            assertThat(image.info().layers()).extracting(l -> l.entryCount()).containsExactly(10L, 7L);
        }
    }

    /**
     * Removing a directory tree from the index must not drop the content of a file that sorts after it (the index is a
     * TreeMap, which may move a successor's key into the node being removed): every final file is still read.
     */
    @Test
    void removingATreeKeepsTheContentOfEveryOtherFile() throws Exception {
        TarBuilder base = new TarBuilder().dir("c/");
        for (int i = 0; i < 300; i++) {
            base.file(String.format("c/f%03d", i), "gone " + i);
        }
        Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            base.file(String.format("d%03d", i), "kept " + i);
            expected.put(String.format("/d%03d", i), "kept " + i);
        }
        byte[] upper = new TarBuilder().file(".wh.c", "").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base.build())).layer(OciLayoutBuilder.gzip(upper)))) {
            assertThat(contents(image.files())).isEqualTo(expected);
        }
    }

    /**
     * The same two layers read with the hidden files: every regular file a later layer deleted, replaced, covered with
     * an opaque directory or with a file, or that a later copy in its own layer replaced, comes once, as its layer holds
     * it; whiteout markers, directories and final files do not; the final files come exactly as without.
     */
    @Test
    void hiddenFilesComeFromTheLayerThatHoldsThemInTheSamePass() throws Exception {
        byte[] base = new TarBuilder().dir("a/").file("a/keep", "1").file("a/gone", "2").dir("b/").file("b/x", "3")
                .dir("c/").file("c/y", "4").file("d", "5").dir("e/").file("e/old", "6").file("f", "first").file("f", "second")
                .hardlink("g", "f").build();
        byte[] upper = new TarBuilder().file("a/.wh.gone", "").file("e/new", "7").file("e/.wh..wh..opq", "")
                .file("b", "now a file").dir("d/").file("d/z", "8").file(".wh.c", "").file("a/keep", "1 again").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)).layer(OciLayoutBuilder.zstd(upper)))) {
            Map<String, String> finals = new TreeMap<>();
            Map<String, String> hidden = new TreeMap<>();
            image.files().read(e -> true, (e, in) -> finals.put(e.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)),
                    e -> true, (e, in) -> hidden.merge(e.path() + "@" + e.layerIndex(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            (x, y) -> x + "|" + y));
            assertThat(finals).isEqualTo(contents(image.files()));
            assertThat(hidden).containsExactly(Map.entry("/a/gone@0", "2"), Map.entry("/a/keep@0", "1"), Map.entry("/b/x@0", "3"),
                    Map.entry("/c/y@0", "4"), Map.entry("/d@0", "5"), Map.entry("/e/old@0", "6"), Map.entry("/f@0", "first"));

            Map<String, String> onlySome = new TreeMap<>();
            image.files().read(e -> false, (e, in) -> { }, e -> e.path().startsWith("/c/"),
                    (e, in) -> onlySome.put(e.path(), e.layerDiffId()));
            assertThat(onlySome).containsExactly(Map.entry("/c/y", image.info().layers().getFirst().diffId()));
        }
    }

    /** Only layers that hide files are read for them: a layer of whiteouts alone hides nothing of its own. */
    @Test
    void aLayerThatHidesNothingIsNotReadForHiddenFiles() throws Exception {
        byte[] base = new TarBuilder().dir("a/").file("a/keep", "1").file("a/gone", "2").build();
        byte[] upper = new TarBuilder().file("a/.wh.gone", "").build();
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)).layer(OciLayoutBuilder.gzip(upper)).write(tmp.resolve("layout"));
        try (ImageSource image = ImageSources.open("oci-dir://" + layout, SourceOptions.defaults(tmp.resolve("cache")))) {
            FileSystemView files = image.files(); // the layers are stacked (read once) here
            String upperDigest = image.info().layers().get(1).digest();
            java.nio.file.Files.delete(layout.resolve("blobs/sha256").resolve(upperDigest.substring("sha256:".length())));
            Map<String, String> hidden = new TreeMap<>();
            files.read(e -> false, (e, in) -> { }, e -> true,
                    (e, in) -> hidden.put(e.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            assertThat(hidden).containsExactly(Map.entry("/a/gone", "2"));
        }
    }

    @Test
    void laterCopyOfAPathInTheSameLayerWinsAndHardlinksShareContent() throws Exception {
        byte[] base = new TarBuilder().file("f", "first").file("f", "second").hardlink("g", "f").build();
        byte[] upper = new TarBuilder().hardlink("h", "g").file("f", "third").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)).layer(OciLayoutBuilder.uncompressed(upper)))) {
            FileSystemView files = image.files();
            assertThat(contents(files)).containsExactly(Map.entry("/f", "third"), Map.entry("/g", "second"), Map.entry("/h", "second"));
            FileEntry h = files.entry("/h").orElseThrow();
            assertThat(h.kind()).isEqualTo(FileEntry.Kind.HARDLINK);
            assertThat(h.size()).isEqualTo(6);
            assertThat(h.layerIndex()).isEqualTo(1);
        }
    }

    @Test
    void largeContentSharedByHardlinksIsReReadNotBuffered() throws Exception {
        byte[] big = new byte[(int) LayeredView.MAX_SHARED_CONTENT_BYTES + 4096];
        new java.util.Random(7).nextBytes(big);
        byte[] tar = new TarBuilder().file("big", big).hardlink("big2", "big").hardlink("big3", "big").file("small", "s").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.uncompressed(tar)))) {
            Map<String, String> sha = new TreeMap<>();
            image.files().read(e -> true, (e, in) -> sha.put(e.path(), OciLayoutBuilder.sha256(in.readAllBytes())));
            String expected = OciLayoutBuilder.sha256(big);
            assertThat(sha).containsEntry("/big", expected).containsEntry("/big2", expected).containsEntry("/big3", expected)
                    .containsEntry("/small", OciLayoutBuilder.sha256("s".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void entriesBelowASymlinkedDirectoryLandInItsTarget() throws Exception {
        byte[] base = new TarBuilder().dir("usr/").dir("usr/lib/").symlink("lib", "usr/lib").build();
        byte[] upper = new TarBuilder().file("lib/libx.so", "elf").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)).layer(OciLayoutBuilder.gzip(upper)))) {
            FileSystemView files = image.files();
            assertThat(files.entry("/usr/lib/libx.so")).isPresent();
            assertThat(files.entry("/lib").orElseThrow().kind()).isEqualTo(FileEntry.Kind.SYMLINK);
            assertThat(files.resolve("/lib/libx.so")).map(FileEntry::path).contains("/usr/lib/libx.so");
        }
    }

    @Test
    void multiMemberGzipIsReadWhole() throws Exception {
        byte[] tar = new TarBuilder().file("one", "1").file("two", "2").build();
        ByteArrayOutputStream twoMembers = new ByteArrayOutputStream();
        twoMembers.write(OciLayoutBuilder.gzipBytes(java.util.Arrays.copyOfRange(tar, 0, 1024)));
        twoMembers.write(OciLayoutBuilder.gzipBytes(java.util.Arrays.copyOfRange(tar, 1024, tar.length)));
        OciLayoutBuilder.Layer layer = new OciLayoutBuilder.Layer(OciLayoutBuilder.GZIP, twoMembers.toByteArray(), OciLayoutBuilder.sha256(tar));
        try (ImageSource image = open(new OciLayoutBuilder().layer(layer))) {
            assertThat(contents(image.files())).containsExactly(Map.entry("/one", "1"), Map.entry("/two", "2"));
        }
    }

    @Test
    void onlyWantedFilesAreDelivered() throws Exception {
        byte[] base = new TarBuilder().file("etc/a", "a").file("etc/b", "b").file("usr/c", "c").build();
        try (ImageSource image = open(new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(base)))) {
            Map<String, String> read = new TreeMap<>();
            image.files().read(e -> e.path().startsWith("/etc/"), (e, in) -> read.put(e.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            assertThat(read).containsExactly(Map.entry("/etc/a", "a"), Map.entry("/etc/b", "b"));
            assertThat(image.files().entry("/etc").orElseThrow().kind()).as("implied parent").isEqualTo(FileEntry.Kind.DIRECTORY);
        }
    }
}
