package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogCache;
import dev.warden.catalog.RecordedReads;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.FileEntry;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java-archive cataloger's parses kept per jar ({@link dev.warden.catalog.Cataloger.KeptParses}): two images FROM
 * one base layer of jars (two real ones from Maven Central, taken from this test's class path; an application jar
 * whose embedded SBOM names by SHA-1 a jar only the second image's layer adds; a jar in a Maven repository layout with
 * its .pom, which the second image's layer whites out). After the first image was analysed, the second one reads no jar
 * of the base layer and still gives the SBOM a cold analysis gives: the rules across jars (the SBOM naming a jar of
 * another layer, the .pom beside a jar gone) are applied again over kept and read parses alike. A corrupt kept parse is
 * named, its layer's jars are read again, and it is rewritten.
 */
class JavaArchiveKeptParsesTest {
    private static final String REPO = "srv/m2/repository/org/example/thing/1.0/";

    @TempDir
    Path tmp;
    private String first;
    private String second;

    @BeforeEach
    void images() throws IOException {
        byte[] late = new Zips().put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n").put("org/late/A.class", "x").bytes();
        String sbom = """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
                  {"type": "library", "purl": "pkg:maven/org.late/late@1.0?type=jar",
                   "hashes": [{"alg": "SHA-1", "content": "%s"}]}]}""".formatted(sha1(late));
        byte[] app = new Zips().put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
                .put("META-INF/sbom/application.cdx.json", sbom).pom("com.example", "app", "1.0").bytes();
        byte[] thing = new Zips().put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n").put("org/example/A.class", "x").bytes();
        TarBuilder base = new TarBuilder().dir("app/").dir("app/lib/")
                .file("app/lib/jackson-core.jar", Files.readAllBytes(jarOf(JsonFactory.class)))
                .file("app/lib/commons-compress.jar", Files.readAllBytes(jarOf(ZipFile.class)))
                .file("app/app.jar", app)
                .dir("srv/").dir("srv/m2/").dir("srv/m2/repository/").dir("srv/m2/repository/org/")
                .dir("srv/m2/repository/org/example/").dir("srv/m2/repository/org/example/thing/").dir(REPO)
                .file(REPO + "thing-1.0.jar", thing).file(REPO + "thing-1.0.pom", "<project/>");
        byte[] a = new TarBuilder().dir("app/").dir("app/lib/")
                .file("app/lib/only-a.jar", new Zips().pom("org.a", "only-a", "1.0").bytes()).build();
        byte[] b = new TarBuilder().dir("app/").dir("app/lib/").file("app/lib/late-1.0.jar", late)
                .file("app/lib/only-b.jar", new Zips().pom("org.b", "only-b", "2.0").bytes())
                .dir("srv/").dir("srv/m2/").dir("srv/m2/repository/").dir("srv/m2/repository/org/")
                .dir("srv/m2/repository/org/example/").dir("srv/m2/repository/org/example/thing/").dir(REPO)
                .file(REPO + ".wh.thing-1.0.pom", "").build();
        byte[] baseTar = base.build();
        first = "oci-dir://" + new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(baseTar)).layer(OciLayoutBuilder.gzip(a))
                .write(tmp.resolve("first")) + ":latest";
        second = "oci-dir://" + new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(baseTar)).layer(OciLayoutBuilder.gzip(b))
                .write(tmp.resolve("second")) + ":latest";
    }

    @Test
    void theSecondImageReadsNoJarOfTheSharedLayerAndGivesTheColdSbom() throws IOException {
        List<FileEntry> read = new ArrayList<>();
        Sbom cold = scan(second, null, read);
        assertThat(read).filteredOn(e -> e.layerIndex() == 0).isNotEmpty();
        // the rules across jars, which the kept parses must not freeze
        assertThat(named(cold, "late").purl()).isEqualTo("pkg:maven/org.late/late@1.0");
        assertThat(named(cold, "late").properties()).containsEntry("warden:identity", "embedded-sbom");
        assertThat(named(cold, "thing").properties()).containsEntry("warden:confidence", "low")
                .doesNotContainKey("warden:repository-pom");

        Path cache = tmp.resolve("cache");
        Sbom firstSbom = scan(first, cache, new ArrayList<>());
        assertThat(named(firstSbom, "thing").properties()).containsKey("warden:repository-pom");
        read.clear();
        Sbom warm = scan(second, cache, read);
        assertThat(warm.packages()).isEqualTo(cold.packages());
        assertThat(warm.warnings()).isEqualTo(cold.warnings());
        assertThat(read).as("files read for the second image").extracting(FileEntry::path)
                .contains("/app/lib/late-1.0.jar", "/app/lib/only-b.jar")
                .noneMatch(path -> path.endsWith(".jar") && !path.equals("/app/lib/late-1.0.jar") && !path.equals("/app/lib/only-b.jar"));

        // the same image again: its cataloger's keys kept for its layers, its result kept whole: nothing read
        Sbom again = scan(second, cache, new ArrayList<>(), false);
        assertThat(again.packages()).isEqualTo(cold.packages());
        assertThat(again.warnings()).isEqualTo(cold.warnings());
        // without the whole result, the image's keys lead to the per-jar parses: still nothing read, the cold SBOM
        for (Path entry : entries(cache)) {
            if (CatalogCache.kindOf(entry).orElse("").equals("entry")) {
                Files.delete(entry);
            }
        }
        Sbom fromParses = scan(second, cache, new ArrayList<>(), false);
        assertThat(fromParses.packages()).isEqualTo(cold.packages());
        assertThat(fromParses.warnings()).isEqualTo(cold.warnings());

        // a corrupt kept parse of the base layer: named, the base's jars read again, the cold SBOM, and rewritten
        List<Path> parses = new ArrayList<>();
        for (Path entry : entries(cache)) {
            if (CatalogCache.kindOf(entry).orElse("").equals("layer parses")) {
                parses.add(entry);
            } else {
                Files.delete(entry); // whole-image results: without them the per-jar parses are what is left
            }
        }
        Path baseParses = parses.stream().filter(p -> text(p).contains("jackson-core.jar")).findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(baseParses);
        bytes[bytes.length / 2] ^= 1;
        Files.write(baseParses, bytes);
        read.clear();
        Sbom corrupt = scan(second, cache, read);
        assertThat(corrupt.packages()).isEqualTo(cold.packages());
        assertThat(corrupt.warnings()).anyMatch(w -> w.equals("catalog cache: ignoring CACHE/" + cache.getParent().relativize(baseParses)
                + " (checksum mismatch); the cataloger runs again"));
        assertThat(corrupt.warnings().stream().filter(w -> !w.startsWith("catalog cache: ")).toList()).isEqualTo(cold.warnings());
        assertThat(read).extracting(FileEntry::path).contains("/app/lib/jackson-core.jar", "/app/app.jar");
        assertThat(passesItsCheck(baseParses)).as("rewritten").isTrue();
    }

    private Sbom scan(String source, Path cache, List<FileEntry> read) throws IOException {
        return scan(source, cache, read, true);
    }

    /** {@code mayRead} false: a file read is an error (everything must come from the cache). */
    private Sbom scan(String source, Path cache, List<FileEntry> read, boolean mayRead) throws IOException {
        Catalog catalog = new Catalog(List.of(new JavaArchiveCataloger()), tmp.resolve("scratch"));
        if (cache != null) {
            catalog = catalog.withCache(new CatalogCache(cache));
        }
        try (ImageSource image = ImageSources.open(source, SourceOptions.defaults(tmp.resolve("layers")))) {
            return catalog.run(image.info(), new RecordedReads(image.files(), read, mayRead));
        }
    }

    private static Package named(Sbom sbom, String name) {
        return sbom.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1); // binary; its strings are UTF-8 inside
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean passesItsCheck(Path entry) throws IOException {
        return CatalogCache.kindOf(entry).isPresent();
    }

    private static List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> all = Files.walk(cache)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".kept")).sorted().toList();
        }
    }
}
