package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java archives of this machine read on the cataloger's reader threads give exactly what reading each as it is handed
 * over gives: the same packages in the same order, the same warnings in the same order, and where the order of the
 * files decides (two embedded SBOMs naming the same SHA-1) the same answer, however the threads' work interleaves.
 */
class JavaArchiveReaderThreadsTest {
    private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
    /** Runs of the threaded reading, each free to interleave otherwise. */
    private static final int RUNS = 3;

    @TempDir
    Path dir;

    @Test
    void realAndHostileJarsGiveTheSameResultInTheSameOrderOnReaderThreads() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (String folder : List.of("org/apache/commons", "com/fasterxml", "org/junit", "info/picocli")) {
            if (Files.isDirectory(M2.resolve(folder))) {
                roots.add(M2.resolve(folder));
            }
        }
        assertThat(roots).as("this build's dependencies in ~/.m2 (present after any maven build)").isNotEmpty();
        if (Files.isDirectory(Path.of("/usr/share/java"))) {
            roots.add(Path.of("/usr/share/java"));
        }
        hostileJars();
        roots.add(dir);
        HostFiles files = HostFiles.of(roots.toArray(Path[]::new)).asLocalFiles();

        HostFiles.Result oneThread = files.run(new JavaArchiveCataloger().withReaderThreads(0));
        assertThat(oneThread.packages()).hasSizeGreaterThan(50);
        assertThat(oneThread.warnings()).as("the hostile jars are warned of").anyMatch(w -> w.contains("slip-1.0.jar: entry names"));
        for (int run = 0; run < RUNS; run++) {
            HostFiles.Result threaded = files.run(new JavaArchiveCataloger().withReaderThreads(JavaArchiveCataloger.READER_THREADS));
            assertThat(threaded.packages()).as("run " + run).isEqualTo(oneThread.packages());
            assertThat(threaded.warnings()).as("run " + run).isEqualTo(oneThread.warnings());
        }
    }

    @Test
    void theFirstEmbeddedSbomInFileOrderNamesAJarBesideItOnReaderThreadsToo() throws IOException {
        byte[] core = new Zips().put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n").put("org/x/A.class", new byte[] {1}).bytes();
        String sha1 = JavaArchiveCatalogerTest.sha1(core);
        // a large first application (many entries: its reader is the slower one) and a small second one name the same bytes
        Zips first = new Zips().put("META-INF/sbom/application.cdx.json", sbom("pkg:maven/org.first/core@1.0?type=jar", sha1))
                .put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nSbom-Location: META-INF/sbom/application.cdx.json\n")
                .pom("com.example", "a-app", "1.0");
        for (int i = 0; i < 3_000; i++) {
            first.put("com/example/a/C" + i + ".class", new byte[] {(byte) i});
        }
        Files.write(dir.resolve("a-app.jar"), first.bytes());
        Files.write(dir.resolve("b-app.jar"), new Zips()
                .put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nSbom-Location: META-INF/sbom/application.cdx.json\n")
                .put("META-INF/sbom/application.cdx.json", sbom("pkg:maven/org.second/core@2.0?type=jar", sha1))
                .pom("com.example", "b-app", "1.0").bytes());
        Files.write(dir.resolve("c-core.jar"), core);
        HostFiles files = HostFiles.of(dir).asLocalFiles();

        HostFiles.Result oneThread = files.run(new JavaArchiveCataloger().withReaderThreads(0));
        Package named = oneThread.packages().stream().filter(p -> p.locations().getFirst().path().endsWith("c-core.jar"))
                .findFirst().orElseThrow();
        assertThat(named.purl()).isEqualTo("pkg:maven/org.first/core@1.0");
        for (int run = 0; run < RUNS; run++) {
            assertThat(files.run(new JavaArchiveCataloger().withReaderThreads(JavaArchiveCataloger.READER_THREADS)).packages())
                    .as("run " + run).isEqualTo(oneThread.packages());
        }
    }

    private static String sbom(String purl, String sha1) {
        return """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
                  {"type": "library", "purl": "%s", "hashes": [{"alg": "SHA-1", "content": "%s"}]}]}""".formatted(purl, sha1);
    }

    /** Archives that are not what they claim: cut short, names that leave it, not a zip at all. */
    private void hostileJars() throws IOException {
        byte[] whole = new Zips().pom("com.example", "cut", "1.0").put("com/example/A.class", new byte[100]).bytes();
        Files.write(dir.resolve("cut-1.0.jar"), Arrays.copyOf(whole, whole.length - 30));
        Files.write(dir.resolve("slip-1.0.jar"), new Zips().pom("com.example", "slip", "1.0").put("../../etc/evil", "x").bytes());
        Files.write(dir.resolve("not-a-zip-1.0.jar"), "not a zip at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
