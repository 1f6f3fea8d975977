package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogers' results kept per layer ({@link CatalogCache}) on the real fixture image (debootstrap bookworm minbase,
 * then a umoci layer that whites out /etc/motd and makes /usr/share/doc opaque): an image analysed with a warm cache
 * gives the SBOM a cold analysis gives, even when the cache holds the base image's results and the upper layer hid
 * files those results were made from; everything kept means no layer is read at all; corrupt entries are ignored and
 * rewritten; the folder stays under its bound; concurrent runs sharing the folder agree.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages), in static fields
class CatalogCacheTest {
    @TempDir
    Path tmp;

    private static final String BASE = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG;
    private static final String LATEST = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;

    private Sbom scan(String source, Catalog catalog, Predicate<FileSystemView> allowRead) throws IOException {
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(tmp.resolve("layers")))) {
            FileSystemView files = image.files();
            return catalog.run(image.info(), allowRead.test(files) ? files : new RecordedReads(files, new ArrayList<>(), false));
        }
    }

    private Sbom cold(String source) throws IOException {
        return scan(source, Catalog.withDefaults(tmp.resolve("scratch")), f -> true);
    }

    private Sbom warm(String source, Path cache) throws IOException {
        return scan(source, withCache(cache), f -> true);
    }

    private Catalog withCache(Path cache) {
        return Catalog.withDefaults(tmp.resolve("scratch")).withCache(new CatalogCache(cache));
    }

    @Test
    void anImageAfterItsBaseGivesTheColdSbomAndASecondRunReadsNoLayer() throws IOException {
        Sbom cold = cold(LATEST);
        Path cache = tmp.resolve("cc");
        Sbom base = warm(BASE, cache);
        Sbom warm = warm(LATEST, cache);
        assertThat(warm.packages()).isEqualTo(cold.packages());
        assertThat(warm.warnings()).isEqualTo(cold.warnings());
        assertThat(warm.distro()).isEqualTo(cold.distro());
        // the upper layer's opaque /usr/share/doc hides the copyright files the base's dpkg licences came from:
        // reusing the base's dpkg result would show licences the final filesystem does not have
        assertThat(licenses(base)).isNotEmpty();
        assertThat(licenses(cold)).as("licences of latest, whose docs are hidden").isEmpty();
        assertThat(cold.packages()).hasSizeGreaterThan(80);
        // everything is kept now: a run that may not read any file gives the same SBOM
        Sbom again = scan(LATEST, withCache(cache), f -> false);
        assertThat(again.packages()).isEqualTo(cold.packages());
        assertThat(again.warnings()).isEqualTo(cold.warnings());
        assertThat(again.distro()).isEqualTo(cold.distro());
    }

    private static List<String> licenses(Sbom sbom) {
        return sbom.packages().stream().filter(p -> p.type().equals("deb")).flatMap(p -> p.licenses().stream()).toList();
    }

    /**
     * A cataloger whose result comes from an index look-up, not a file it reads: /etc/motd exists in the base and is
     * whited out in latest. Its result kept from the base must not be used for latest.
     */
    @Test
    void aResultMadeFromAFileAnUpperLayerWhitedOutIsNotReused() throws IOException {
        Cataloger motd = new Cataloger() {
            @Override
            public String name() {
                return "motd-probe";
            }

            @Override
            public Session start(CatalogContext context) {
                return new Session() {
                    @Override
                    public boolean wants(FileEntry entry) {
                        return false;
                    }

                    @Override
                    public void accept(FileEntry entry, InputStream content) {}

                    @Override
                    public void finish(FileSystemView files, PackageSink sink) {
                        files.entry("/etc/motd").ifPresent(e -> sink.add(new Package("motd", "generic", null, "motd", "1",
                                "pkg:generic/motd@1", List.of(), List.of(new Location(e.path(), e.layerDiffId())), null,
                                "motd-probe", null, Map.of())));
                    }
                };
            }
        };
        Path cache = tmp.resolve("cm");
        Catalog catalog = new Catalog(List.of(motd), tmp.resolve("scratch")).withCache(new CatalogCache(cache));
        assertThat(scan(BASE, catalog, f -> true).packages()).extracting(Package::name).containsExactly("motd");
        assertThat(scan(LATEST, catalog, f -> true).packages()).isEmpty();
        // and the other way round: latest's empty result is not reused for the base either
        assertThat(scan(BASE, catalog, f -> false).packages()).extracting(Package::name).containsExactly("motd");
    }

    @Test
    void corruptEntriesAreIgnoredNamedAndRewritten() throws IOException {
        Sbom cold = cold(LATEST);
        Path cache = tmp.resolve("cx");
        warm(LATEST, cache);
        List<Path> entries = entries(cache);
        assertThat(entries).isNotEmpty();
        for (int i = 0; i < entries.size(); i++) {
            Path entry = entries.get(i);
            byte[] bytes = Files.readAllBytes(entry);
            switch (i % 3) {
                case 0 -> Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // torn
                case 1 -> {
                    bytes[bytes.length - 2] ^= 1; // a flipped bit
                    Files.write(entry, bytes);
                }
                default -> Files.writeString(entry, "not an entry");
            }
        }
        Sbom afterCorruption = warm(LATEST, cache);
        assertThat(afterCorruption.packages()).isEqualTo(cold.packages());
        assertThat(afterCorruption.warnings()).filteredOn(w -> w.startsWith("catalog cache: ignoring "))
                .hasSize(entries.size())
                .allMatch(w -> w.endsWith("; the cataloger runs again"));
        Sbom rebuilt = scan(LATEST, withCache(cache), f -> false);
        assertThat(rebuilt.packages()).isEqualTo(cold.packages());
        assertThat(rebuilt.warnings()).isEqualTo(cold.warnings());
    }

    @Test
    void concurrentRunsSharingTheFolderAllGiveTheColdSbom() throws Exception {
        Sbom cold = cold(LATEST);
        Path cache = tmp.resolve("cc4");
        List<Sbom> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Sbom>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> warm(LATEST, cache)));
            }
            for (Future<Sbom> run : runs) {
                results.add(run.get());
            }
        }
        for (Sbom sbom : results) {
            assertThat(sbom.packages()).isEqualTo(cold.packages());
            assertThat(sbom.warnings()).isEqualTo(cold.warnings());
        }
        try (Stream<Path> all = Files.walk(cache)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
        assertThat(scan(LATEST, withCache(cache), f -> false).packages()).isEqualTo(cold.packages());
    }

    /** Two processes (not threads: no shared memory) filling one cache folder at once, after the base's results. */
    @Test
    void twoProcessesSharingTheFolderBothGiveTheColdSbom() throws Exception {
        List<String> cold = CatalogCacheProcess.describe(cold(LATEST));
        Path cache = tmp.resolve("cc5");
        warm(BASE, cache);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), CatalogCacheProcess.class.getName(), LATEST,
                    tmp.resolve("layers-p" + i).toString(), cache.toString(), tmp.resolve("scratch-p" + i).toString(),
                    tmp.resolve("out-" + i).toString()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("log-" + i).toFile()).start());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(processes.get(i).waitFor()).as(Files.readString(tmp.resolve("log-" + i))).isZero();
            assertThat(Files.readAllLines(tmp.resolve("out-" + i))).isEqualTo(cold);
        }
        try (Stream<Path> all = Files.walk(cache)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
        assertThat(CatalogCacheProcess.describe(scan(LATEST, withCache(cache), f -> false))).isEqualTo(cold);
    }

    /** A root filesystem's files have no diff_id: a file can change without its entry saying so. */
    @Test
    void rootFilesystemsAreNeitherKeptNorTakenFromTheCache() throws IOException {
        Path cache = tmp.resolve("cfs");
        String rootfs = "fs://" + TestImages.debootstrapRootfs();
        Sbom first = warm(rootfs, cache);
        Sbom second = warm(rootfs, cache);
        assertThat(second.packages()).isEqualTo(first.packages()).hasSizeGreaterThan(80);
        assertThat(Files.exists(cache) ? entries(cache) : List.of()).isEmpty();
    }

    @Test
    void theFolderIsKeptUnderItsBoundLeastRecentlyUsedFirst() throws IOException {
        Path dir = tmp.resolve("bounded");
        CatalogCache cache = new CatalogCache(dir, 4_000);
        List<String> warnings = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String key = CatalogCache.sha256(("k" + i).getBytes());
            keys.add(key);
            cache.put(new CatalogCache.Entry(CatalogCache.FORMAT, key, null, List.of(), List.of(),
                    List.of("w".repeat(300))), warnings::add);
        }
        assertThat(warnings).isEmpty();
        long total;
        try (Stream<Path> all = Files.walk(dir)) {
            total = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(total).isPositive().isLessThanOrEqualTo(4_000);
        assertThat(cache.get(keys.getLast(), warnings::add)).as("the newest entry").isPresent();
        assertThat(cache.get(keys.getFirst(), warnings::add)).as("the oldest entry").isEmpty();
        assertThat(warnings).isEmpty();
    }

    /**
     * The binary cataloger's results are kept per file too: in {@code latest} after {@code base}, the whole-image key of
     * a cataloger may change (the upper layer hides and adds files), but no executable of the shared base layer is
     * read again, and the SBOM is still the cold one. A per-file result that is corrupt is ignored, named and rewritten.
     */
    @Test
    void executablesOfASharedLayerAreNotReadAgain() throws IOException {
        Sbom cold = cold(LATEST);
        Path cache = tmp.resolve("pf");
        warm(BASE, cache);
        // drop the whole-image results, keep the per-file ones: the binary cataloger must run, over no base binary
        List<Path> perFile = new ArrayList<>();
        for (Path entry : entries(cache)) {
            if (CatalogCache.kindOf(entry).orElse("").equals("layer files")) {
                perFile.add(entry);
            } else {
                Files.delete(entry);
            }
        }
        assertThat(perFile).as("per-file results of the base layer").isNotEmpty();
        List<FileEntry> read = new ArrayList<>();
        Sbom warm;
        try (ImageSource image = ImageSources.open(LATEST, SourceOptions.defaults(tmp.resolve("layers")))) {
            warm = withCache(cache).run(image.info(), new RecordedReads(image.files(), read, true));
        }
        assertThat(warm.packages()).isEqualTo(cold.packages());
        assertThat(warm.warnings()).isEqualTo(cold.warnings());
        assertThat(read).as("files read").isNotEmpty().noneMatch(e -> e.isExecutable() || e.path().endsWith(".so")
                || e.path().contains(".so."));
        // a corrupt per-file entry: named, the base's binaries read again, the same SBOM, and rewritten
        for (Path f : perFile) {
            byte[] bytes = Files.readAllBytes(f);
            bytes[bytes.length / 2] ^= 1;
            Files.write(f, bytes);
        }
        entries(cache).stream().filter(e -> !perFile.contains(e)).forEach(e -> e.toFile().delete());
        read.clear();
        Sbom again;
        try (ImageSource image = ImageSources.open(LATEST, SourceOptions.defaults(tmp.resolve("layers")))) {
            again = withCache(cache).run(image.info(), new RecordedReads(image.files(), read, true));
        }
        assertThat(again.packages()).isEqualTo(cold.packages());
        assertThat(again.warnings()).anyMatch(w -> w.startsWith("catalog cache: ignoring CACHE/") && w.contains("checksum mismatch"))
                .noneMatch(w -> w.contains(tmp.toString())); // the SBOM's warnings never name this machine's paths
        assertThat(read).anyMatch(FileEntry::isExecutable);
        for (Path f : perFile) {
            assertThat(cache(f)).isTrue();
        }
    }

    /** Whether a cache entry file passes its check again (it was rewritten). */
    private static boolean cache(Path entry) throws IOException {
        return CatalogCache.kindOf(entry).isPresent();
    }

    private static List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> all = Files.walk(cache)) {
            return all.filter(p -> p.getFileName().toString().endsWith(CatalogCache.SUFFIX)).sorted().toList();
        }
    }
}
