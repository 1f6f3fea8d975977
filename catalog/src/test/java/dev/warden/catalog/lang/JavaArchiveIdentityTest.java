package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.jar.JarCoordinates;
import dev.warden.core.jar.JarIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How archives without a pom.properties of their own are named (docs/sbom.md, "Java archives"): repository
 * paths, an embedded SBOM, the jar index, manifest evidence; and that nothing else is guessed.
 */
class JavaArchiveIdentityTest {
    @TempDir
    Path dir;

    private static byte[] bare(String manifest, String... classes) throws IOException {
        Zips z = new Zips().put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n" + manifest);
        for (String c : classes) {
            z.put(c, new byte[] {(byte) 0xca, (byte) 0xfe});
        }
        return z.bytes();
    }

    private static Package only(HostFiles.Result result, String name) {
        return result.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }

    @Test
    void jarsInMavenAndGradleLayoutsAreTheirPathAndThePomConfirmsIt() throws IOException {
        Path m2 = dir.resolve("root/.m2/repository/org/example/tool/1.2");
        Files.createDirectories(m2);
        Files.write(m2.resolve("tool-1.2.jar"), bare("", "org/example/tool/A.class"));
        Files.writeString(m2.resolve("tool-1.2.pom"), "<project/>");
        Path noPom = dir.resolve("root/.m2/repository/org/example/lone/3.0");
        Files.createDirectories(noPom);
        Files.write(noPom.resolve("lone-3.0-linux-x86_64.jar"), bare("", "org/example/lone/A.class"));
        Path gradle = dir.resolve("home/.gradle/caches/modules-2/files-2.1/io.grpc/grpc-core/1.70.0/0a1b2c");
        Files.createDirectories(gradle);
        Files.write(gradle.resolve("grpc-core-1.70.0.jar"), bare("", "io/grpc/internal/A.class"));
        // not a layout: the folder names do not repeat the file's
        Path loose = dir.resolve("root/.m2/repository/org/example/other/9");
        Files.createDirectories(loose);
        Files.write(loose.resolve("thing-1.0.jar"), bare(""));

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        Package tool = only(result, "tool");
        assertThat(tool.purl()).isEqualTo("pkg:maven/org.example/tool@1.2");
        assertThat(tool.properties()).containsEntry("warden:identity", "repository-path").doesNotContainKey("warden:confidence")
                .containsEntry(PackageProperties.REPOSITORY_POM, m2.resolve("tool-1.2.pom").toString());
        Package lone = only(result, "lone");
        assertThat(lone.purl()).isEqualTo("pkg:maven/org.example/lone@3.0");
        assertThat(lone.properties()).containsEntry("warden:identity", "repository-path").containsEntry("warden:confidence", "low");
        assertThat(only(result, "grpc-core").purl()).isEqualTo("pkg:maven/io.grpc/grpc-core@1.70.0");
        Package thing = only(result, "thing");
        assertThat(thing.purl()).isEqualTo("pkg:generic/thing@1.0");
        assertThat(result.warnings()).singleElement().asString().startsWith("1 Java archive(s) without pom.properties");
    }

    @Test
    void springBootEmbeddedSbomNamesThePackedJarsBySha1OrFileName() throws IOException {
        byte[] core = bare("Implementation-Title: spring-core\nAutomatic-Module-Name: spring.core\n", "org/springframework/core/A.class");
        byte[] tomcat = bare("Bundle-SymbolicName: org.apache.tomcat-embed-core\n", "org/apache/catalina/A.class");
        byte[] stray = bare("", "com/example/stray/A.class");
        String sbom = """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
                  {"type": "library", "group": "org.springframework", "name": "spring-core", "version": "6.2.19",
                   "purl": "pkg:maven/org.springframework/spring-core@6.2.19?type=jar",
                   "hashes": [{"alg": "MD5", "content": "00"}, {"alg": "SHA-1", "content": "%s"}]},
                  {"type": "library", "name": "tomcat-embed-core", "version": "10.1.55",
                   "purl": "pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@10.1.55?type=jar",
                   "hashes": [{"alg": "SHA-1", "content": "0000000000000000000000000000000000000000"}]}
                ]}""".formatted(JavaArchiveCatalogerTest.sha1(core));
        Files.write(dir.resolve("app.jar"), new Zips()
                .put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nSbom-Location: META-INF/sbom/application.cdx.json\n")
                .put("META-INF/sbom/application.cdx.json", sbom)
                .pom("com.example", "app", "1.0")
                .put("BOOT-INF/lib/spring-core-6.2.19.jar", core)
                .put("BOOT-INF/lib/tomcat-embed-core-10.1.55.jar", tomcat)
                .put("BOOT-INF/lib/stray-1.0.jar", stray).bytes());

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        Package spring = only(result, "spring-core");
        assertThat(spring.purl()).isEqualTo("pkg:maven/org.springframework/spring-core@6.2.19");
        assertThat(spring.properties()).containsEntry("warden:identity", "embedded-sbom")
                .containsEntry("warden:embedded-sbom", dir.resolve("app.jar") + "!/META-INF/sbom/application.cdx.json");
        // its bytes are not the ones the SBOM hashed, but its file name is one component's, and only one's
        assertThat(only(result, "tomcat-embed-core").purl()).isEqualTo("pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@10.1.55");
        assertThat(only(result, "stray").purl()).isEqualTo("pkg:generic/stray@1.0");
    }

    @Test
    void anSbomEmbeddedInTheApplicationJarNamesTheJarsExtractedBesideItBySha1Only() throws IOException {
        byte[] core = bare("Implementation-Title: spring-core\n", "org/springframework/core/A.class");
        byte[] renamed = bare("", "org/other/A.class");
        String sbom = """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
                  {"type": "library", "purl": "pkg:maven/org.springframework/spring-core@6.2.19?type=jar",
                   "hashes": [{"alg": "SHA-1", "content": "%s"}]},
                  {"type": "library", "purl": "pkg:maven/org.other/other@1.0?type=jar",
                   "hashes": [{"alg": "SHA-1", "content": "1111111111111111111111111111111111111111"}]}
                ]}""".formatted(JavaArchiveCatalogerTest.sha1(core));
        // what 'java -Djarmode=tools -jar app.jar extract' leaves: the application jar and lib/ beside it
        Files.createDirectories(dir.resolve("app/lib"));
        Files.write(dir.resolve("app/app.jar"), new Zips().put("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nClass-Path: lib/spring-core-6.2.19.jar lib/other-1.0.jar\n")
                .put("META-INF/sbom/application.cdx.json", sbom).pom("com.example", "app", "1.0").bytes());
        Files.write(dir.resolve("app/lib/spring-core-6.2.19.jar"), core);
        Files.write(dir.resolve("app/lib/other-1.0.jar"), renamed);

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        Package spring = only(result, "spring-core");
        assertThat(spring.purl()).isEqualTo("pkg:maven/org.springframework/spring-core@6.2.19");
        assertThat(spring.properties()).containsEntry("warden:identity", "embedded-sbom")
                .containsEntry("warden:embedded-sbom", dir.resolve("app/app.jar") + "!/META-INF/sbom/application.cdx.json");
        // outside the archive a file name is no proof: other-1.0.jar's bytes are not the component's
        assertThat(only(result, "other").purl()).isEqualTo("pkg:generic/other@1.0");
    }

    @Test
    void theJarIndexIsAskedOnceForEveryUnnamedArchiveAndNamesThem() throws IOException {
        byte[] core = bare("Implementation-Title: spring-core\n", "org/springframework/core/A.class");
        byte[] twice = bare("", "com/relocated/A.class");
        byte[] unknown = bare("", "com/nobody/A.class");
        byte[] named = new Zips().pom("org.ok", "ok", "1").bytes();
        Files.write(dir.resolve("app.jar"), new Zips().pom("com.example", "app", "1.0")
                .put("BOOT-INF/lib/spring-core-6.2.19.jar", core)
                .put("BOOT-INF/lib/twice-2.0.jar", twice)
                .put("BOOT-INF/lib/unknown-1.0.jar", unknown)
                .put("BOOT-INF/lib/ok-1.jar", named).bytes());
        String coreSha1 = JavaArchiveCatalogerTest.sha1(core);
        String twiceSha1 = JavaArchiveCatalogerTest.sha1(twice);
        List<Set<String>> asked = new ArrayList<>();
        JarIndex index = sha1s -> {
            asked.add(new HashSet<>(sha1s));
            return Map.of(coreSha1, List.of(new JarCoordinates("org.springframework", "spring-core", "6.2.19")),
                    twiceSha1, List.of(new JarCoordinates("com.old", "twice", "2.0"), new JarCoordinates("com.new", "twice", "2.0")));
        };

        HostFiles.Result result = HostFiles.of(dir).run(new JavaArchiveCataloger(), index);
        assertThat(asked).singleElement().isEqualTo(Set.of(coreSha1, twiceSha1, JavaArchiveCatalogerTest.sha1(unknown)));
        Package spring = only(result, "spring-core");
        assertThat(spring.purl()).isEqualTo("pkg:maven/org.springframework/spring-core@6.2.19");
        assertThat(spring.properties()).containsEntry("warden:identity", "sha1-index").doesNotContainKeys("warden:group-unknown",
                "warden:confidence");
        assertThat(spring.parentId()).isEqualTo(only(result, "app").id());
        Package ambiguous = only(result, "twice");
        assertThat(ambiguous.purl()).isEqualTo("pkg:maven/com.new/twice@2.0");
        assertThat(ambiguous.properties()).containsEntry("warden:confidence", "low").containsEntry("warden:index-candidates", "2");
        assertThat(only(result, "unknown").purl()).isEqualTo("pkg:generic/unknown@1.0");
        assertThat(result.warnings()).singleElement().asString().startsWith("1 Java archive(s)").contains("unknown-1.0.jar");
    }

    @Test
    void anIndexThatFailsCostsNamesNotTheScan() throws IOException {
        Files.write(dir.resolve("lib-1.0.jar"), bare("", "com/lib/A.class"));
        JarIndex broken = sha1s -> {
            throw new IllegalStateException("database is locked");
        };
        HostFiles.Result result = HostFiles.of(dir).run(new JavaArchiveCataloger(), broken);
        assertThat(only(result, "lib").purl()).isEqualTo("pkg:generic/lib@1.0");
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("the jar index could not be read (database is locked)"));
    }

    @Test
    void manifestClaimsNameTheGroupOnlyWhereTheyAgreeWithTheClasses() throws IOException {
        // Gradle's ivy-style title (Micrometer), classes under the group: named, low confidence
        Files.write(dir.resolve("micrometer-core-1.15.12.jar"), bare(
                "Implementation-Title: io.micrometer#micrometer-core;1.15.12\nBundle-SymbolicName: micrometer-core\n",
                "io/micrometer/core/instrument/A.class", "io/micrometer/core/aop/B.class"));
        // Maven archiver's vendor id, classes elsewhere: not named
        Files.write(dir.resolve("moved-2.0.jar"), bare("Implementation-Vendor-Id: org.moved\n", "com/elsewhere/A.class"));
        // two claims that disagree: not named
        Files.write(dir.resolve("torn-1.0.jar"), bare("Implementation-Vendor-Id: org.one\nImplementation-Title: org.two#torn;1.0\n",
                "org/one/A.class", "org/two/B.class"));
        // a symbolic name whose prefix is too general to be a group (tomcat-embed-core's real group is org.apache.tomcat.embed)
        Files.write(dir.resolve("tomcat-embed-core-10.1.55.jar"), bare("Bundle-SymbolicName: org.apache.tomcat-embed-core\n",
                "org/apache/catalina/A.class"));
        // a symbolic name "group.artifactId" with classes under the group
        Files.write(dir.resolve("bar-3.1.jar"), bare("Bundle-SymbolicName: com.acme.tools.bar;singleton:=true\n",
                "com/acme/tools/bar/A.class", "META-INF/versions/21/com/acme/tools/bar/B.class"));

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        Package micrometer = only(result, "micrometer-core");
        assertThat(micrometer.purl()).isEqualTo("pkg:maven/io.micrometer/micrometer-core@1.15.12");
        assertThat(micrometer.properties()).containsEntry("warden:identity", "manifest-evidence").containsEntry("warden:confidence", "low");
        assertThat(only(result, "bar").purl()).isEqualTo("pkg:maven/com.acme.tools/bar@3.1");
        assertThat(only(result, "moved").purl()).isEqualTo("pkg:generic/moved@2.0");
        assertThat(only(result, "torn").purl()).isEqualTo("pkg:generic/torn@1.0");
        assertThat(only(result, "tomcat-embed-core").purl()).isEqualTo("pkg:generic/tomcat-embed-core@10.1.55");
        assertThat(result.warnings()).singleElement().asString().startsWith("3 Java archive(s)");
    }

    @Test
    void aBrokenEmbeddedSbomIsOneWarningAndTheArchiveIsStillRead() throws IOException {
        Files.write(dir.resolve("app.jar"), new Zips()
                .put("META-INF/sbom/application.cdx.json", "{\"bomFormat\": \"CycloneDX\", \"components\": [")
                .pom("com.example", "app", "1.0")
                .put("BOOT-INF/lib/x-1.0.jar", new Zips().pom("org.x", "x", "1.0").bytes()).bytes());
        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        assertThat(result.packages()).extracting(Package::purl).contains("pkg:maven/com.example/app@1.0", "pkg:maven/org.x/x@1.0");
        assertThat(result.warnings()).singleElement().asString()
                .startsWith(dir.resolve("app.jar") + "!/META-INF/sbom/application.cdx.json: ");
    }

    static Collection<String> purls(HostFiles.Result result) {
        return result.packages().stream().map(Package::purl).toList();
    }
}
