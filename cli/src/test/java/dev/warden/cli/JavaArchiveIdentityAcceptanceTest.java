package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.jar.JarCoordinates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's acceptance on a real Spring Boot executable jar built from Maven Central ({@link SpringBootFixture}):
 * every packed jar named exactly as {@code mvn dependency:list} names it once the build's local repository is
 * imported; without any index at least 90% named correctly and none named wrongly at high confidence; and a jar
 * without pom.properties matched against GHSA data exactly as the same jar with one.
 */
@Tag("live") // SpringBootFixture builds a Spring Boot app with Maven, from Maven Central
class JavaArchiveIdentityAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SpringBootFixture fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildFixture() throws Exception {
        fixture = SpringBootFixture.build();
    }

    /**
     * Named, correctly named, and named wrongly at high confidence, over the jars packed in BOOT-INF/lib; and how many
     * of the dependencies (what dependency:list names; not the plugin's own jarmode jar) were named correctly.
     */
    record Counts(int packed, int named, int correct, List<String> wrongHigh, List<String> unnamed, int dependencies,
                  int dependenciesCorrect) {}

    private Counts count(JsonNode sbom) {
        int packed = 0;
        int named = 0;
        int correct = 0;
        int dependencies = 0;
        int dependenciesCorrect = 0;
        List<String> wrongHigh = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        for (JsonNode p : sbom.path("packages")) {
            String path = p.path("locations").path(0).path("path").asText();
            int at = path.lastIndexOf("!/BOOT-INF/lib/");
            if (!"java-archive".equals(p.path("foundBy").asText()) || at < 0 || path.indexOf("!/", at + 2) >= 0) {
                continue; // not a packed jar itself (the application, a shaded pom.properties)
            }
            packed++;
            String file = path.substring(at + "!/BOOT-INF/lib/".length());
            boolean dependency = fixture.expected().containsKey(file);
            JarCoordinates want = dependency ? fixture.expected().get(file) : fixture.packedByPlugin().get(file);
            assertThat(want).as("dependency:list names " + file).isNotNull();
            dependencies += dependency ? 1 : 0;
            if (p.path("namespace").isNull()) {
                unnamed.add(file);
                continue;
            }
            named++;
            String got = p.path("namespace").asText() + ":" + p.path("name").asText() + ":" + p.path("version").asText();
            if (got.equals(want.toString())) {
                correct++;
                dependenciesCorrect += dependency ? 1 : 0;
            } else if (!"low".equals(p.path("properties").path("warden:confidence").asText())) {
                wrongHigh.add(file + " -> " + got + " (" + p.path("properties").path("warden:identity").asText() + ")");
            }
        }
        return new Counts(packed, named, correct, wrongHigh, unnamed, dependencies, dependenciesCorrect);
    }

    private JsonNode sbom(InProcessWarden warden, String home, Path root) throws IOException {
        Path out = tmp.resolve("sbom-" + System.nanoTime() + ".json");
        InProcessWarden.Run run = warden.run("--home", home, "sbom", "fs:" + root, "--format", "json", "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(out.toFile());
    }

    private Path rootWith(String name, Path jar) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("app"));
        Files.copy(jar, root.resolve("app/app.jar"));
        return root;
    }

    @Test
    void everyPackedJarIsNamedAsDependencyListNamesItOnceTheBuildsRepositoryIsImported() throws IOException {
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        String home = tmp.resolve("home").toString();
        Path asBuilt = rootWith("as-built", fixture.jar());
        Path noSbom = rootWith("no-sbom", fixture.withoutEmbeddedSbom(tmp.resolve("stripped/app.jar")));

        Counts builtNoIndex = count(sbom(warden, home, asBuilt));
        Counts bareNoIndex = count(sbom(warden, home, noSbom));
        InProcessWarden.Run imported = warden.run("--home", home, "db", "import", fixture.localRepository().toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).containsPattern("jars:" + java.util.regex.Pattern.quote(fixture.localRepository().toString())
                + " +imported +\\d+ ");
        Counts bareIndexed = count(sbom(warden, home, noSbom));
        Counts builtIndexed = count(sbom(warden, home, asBuilt));
        System.out.printf("Spring Boot jar, %d packed jars: named/correct/unnamed  as built, no index %d/%d/%d;"
                        + " without its embedded SBOM, no index %d/%d/%d; local repository imported %d/%d/%d (as built %d/%d/%d)%n",
                builtNoIndex.packed(), builtNoIndex.named(), builtNoIndex.correct(), builtNoIndex.unnamed().size(),
                bareNoIndex.named(), bareNoIndex.correct(), bareNoIndex.unnamed().size(),
                bareIndexed.named(), bareIndexed.correct(), bareIndexed.unnamed().size(),
                builtIndexed.named(), builtIndexed.correct(), builtIndexed.unnamed().size());

        // dependency:list also names the starters, which Spring Boot does not pack (they hold no classes)
        assertThat(builtNoIndex.dependencies()).isEqualTo(builtNoIndex.packed() - fixture.packedByPlugin().size())
                .isGreaterThanOrEqualTo(35);
        for (Counts c : List.of(builtNoIndex, bareNoIndex, bareIndexed, builtIndexed)) {
            assertThat(c.wrongHigh()).as("named wrongly at high confidence").isEmpty();
        }
        assertThat(builtNoIndex.correct()).as("no index: at least 90%% named correctly, unnamed %s", builtNoIndex.unnamed())
                .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * builtNoIndex.packed()));
        // every dependency; the plugin's own jarmode jar is in no repository the build used (Trivy's index names it)
        assertThat(bareIndexed.dependenciesCorrect()).as("with the repository imported, every dependency: unnamed %s",
                bareIndexed.unnamed()).isEqualTo(bareIndexed.dependencies());
        assertThat(builtIndexed.dependenciesCorrect()).isEqualTo(builtIndexed.dependencies());
        assertThat(bareIndexed.correct()).isGreaterThan(bareNoIndex.correct());
    }

    /**
     * The layout of Spring's own Dockerfiles: {@code java -Djarmode=tools -jar app.jar extract} (Spring Boot's tool, run
     * here with this JVM) leaves the application jar, which keeps the embedded SBOM, and its dependencies side by side in
     * {@code lib/}; the SBOM still names them, by SHA-1.
     */
    @Test
    void theExtractedLayoutOfSpringsDockerfilesIsNamedFromTheApplicationsSbom() throws Exception {
        Path root = tmp.resolve("extracted");
        Path workdir = Files.createDirectories(root.resolve("workspace"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Djarmode=tools", "-jar", fixture.jar().toString(), "extract",
                "--destination", workdir.resolve("app").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        JsonNode sbom = sbom(warden, tmp.resolve("home").toString(), root);
        int named = 0;
        int lib = 0;
        for (JsonNode pkg : sbom.path("packages")) {
            String path = pkg.path("locations").path(0).path("path").asText();
            if (!path.contains("/app/lib/") || path.contains("!/")) {
                continue;
            }
            lib++;
            String file = path.substring(path.lastIndexOf('/') + 1);
            JarCoordinates want = fixture.expected().containsKey(file) ? fixture.expected().get(file) : fixture.packedByPlugin().get(file);
            if (!pkg.path("namespace").isNull()) {
                assertThat(pkg.path("namespace").asText() + ":" + pkg.path("name").asText() + ":" + pkg.path("version").asText())
                        .as(file).isEqualTo(want.toString());
                named++;
            }
        }
        System.out.printf("Spring Boot jar extracted with jarmode tools: %d of %d jars in lib/ named, no index%n", named, lib);
        assertThat(lib).isGreaterThanOrEqualTo(35);
        assertThat(named).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * lib));
    }

    /**
     * The same real jars in Gradle's cache layout ({@code files-2.1/GROUP/ARTIFACT/VERSION/SHA1/ARTIFACT-VERSION.jar},
     * the folder named by the file's SHA-1 as Gradle names it): imported, they name the packed jars as well; and the
     * cache itself, catalogued, is named by its paths.
     */
    @Test
    void gradlesCacheLayoutNamesThemToo() throws IOException {
        Path cache = tmp.resolve("gradle/caches/modules-2");
        Path files = cache.resolve("files-2.1");
        int copied = 0;
        for (var e : fixture.expected().entrySet()) {
            JarCoordinates c = e.getValue();
            Path jar = fixture.localRepository().resolve(c.groupId().replace('.', '/') + "/" + c.artifactId() + "/" + c.version() + "/" + e.getKey());
            if (Files.isRegularFile(jar)) {
                Path target = files.resolve(c.groupId() + "/" + c.artifactId() + "/" + c.version() + "/"
                        + dev.warden.vulndb.jars.JarFixtures.sha1(Files.readAllBytes(jar)) + "/" + e.getKey());
                Files.createDirectories(target.getParent());
                Files.copy(jar, target);
                copied++;
            }
        }
        assertThat(copied).isEqualTo(fixture.expected().size());
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        String home = tmp.resolve("home").toString();
        InProcessWarden.Run imported = warden.run("--home", home, "db", "import", cache.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).containsPattern("jars:" + java.util.regex.Pattern.quote(cache.toString()) + " +imported +" + copied + " ");
        Counts indexed = count(sbom(warden, home, rootWith("no-sbom", fixture.withoutEmbeddedSbom(tmp.resolve("stripped/app.jar")))));
        assertThat(indexed.dependenciesCorrect()).isEqualTo(indexed.dependencies());
        assertThat(indexed.wrongHigh()).isEmpty();

        JsonNode catalogued = sbom(warden, tmp.resolve("other-home").toString(), tmp.resolve("gradle"));
        int byPath = 0;
        for (JsonNode p : catalogued.path("packages")) {
            String path = p.path("locations").path(0).path("path").asText();
            if (p.path("parentId").isNull() && path.endsWith(".jar")) {
                String file = path.substring(path.lastIndexOf('/') + 1);
                assertThat(p.path("namespace").asText() + ":" + p.path("name").asText() + ":" + p.path("version").asText())
                        .as(path).isEqualTo(fixture.expected().get(file).toString());
                byPath += "repository-path".equals(p.path("properties").path("warden:identity").asText()) ? 1 : 0;
            }
        }
        assertThat(byPath).as("jars without pom.properties named by their Gradle path").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aJarWithoutPomPropertiesIsMatchedAsTheSameJarWithOne() throws IOException {
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        String home = tmp.resolve("home").toString();
        Path protobuf = fixture.localRepository().resolve("com/google/protobuf/protobuf-java/3.25.3/protobuf-java-3.25.3.jar");
        assertThat(protobuf).exists();
        Path bare = tmp.resolve("bare/opt/app/lib");
        Files.createDirectories(bare);
        Files.copy(protobuf, bare.resolve("protobuf-java-3.25.3.jar"));
        Path withPom = tmp.resolve("with-pom/opt/app/lib");
        Files.createDirectories(withPom);
        addPomProperties(protobuf, withPom.resolve("protobuf-java-3.25.3.jar"), "com.google.protobuf", "protobuf-java", "3.25.3");

        InProcessWarden.Run advisories = warden.run("--home", home, "db", "import", resource("GHSA-735f-pc8j-v9w8.json").toString());
        assertThat(advisories.exit()).as(advisories.err()).isZero();
        JsonNode before = scan(warden, home, tmp.resolve("bare"));
        assertThat(before.path("findings")).as("unnamed: nothing to match").isEmpty();

        InProcessWarden.Run imported = warden.run("--home", home, "db", "import", fixture.localRepository().toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        JsonNode indexed = scan(warden, home, tmp.resolve("bare"));
        JsonNode reference = scan(warden, home, tmp.resolve("with-pom"));
        assertThat(reference.path("findings")).isNotEmpty();
        assertThat(summary(indexed)).isEqualTo(summary(reference)).anySatisfy(s -> assertThat(s).contains("GHSA-735f-pc8j-v9w8"));
        JsonNode pkg = indexed.path("findings").path(0).path("package");
        assertThat(pkg.path("purl").asText()).isEqualTo("pkg:maven/com.google.protobuf/protobuf-java@3.25.3");
        assertThat(pkg.path("identity").asText()).isEqualTo("sha1-index");
        assertThat(pkg.path("identityConfidence").asText()).isEqualTo("high");
        assertThat(reference.path("findings").path(0).path("package").path("identity").asText()).isEqualTo("pom.properties");
    }

    /** What a finding says, without where the package was. */
    private static List<String> summary(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            out.add(f.path("id").asText() + " " + f.path("aliases") + " " + f.path("package").path("purl").asText() + " "
                    + f.path("status").asText() + " " + f.path("fixedVersions") + " " + f.path("severity"));
        }
        return out;
    }

    private JsonNode scan(InProcessWarden warden, String home, Path root) throws IOException {
        Path out = tmp.resolve("scan-" + System.nanoTime() + ".json");
        InProcessWarden.Run run = warden.run("--home", home, "scan", "fs:" + root, "--offline", "--format", "json", "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(out.toFile());
    }

    private Path resource(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/" + name)) {
            Path target = tmp.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    /** A copy of {@code jar} with the pom.properties Maven would have written for it. */
    private static void addPomProperties(Path jar, Path target, String group, String artifact, String version) throws IOException {
        try (var in = new java.util.zip.ZipFile(jar.toFile());
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            for (var e = in.entries(); e.hasMoreElements();) {
                var entry = e.nextElement();
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
            }
            out.putNextEntry(new java.util.zip.ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
            out.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n").getBytes());
        }
    }

    static Map<String, JarCoordinates> expected() {
        return fixture.expected();
    }
}
