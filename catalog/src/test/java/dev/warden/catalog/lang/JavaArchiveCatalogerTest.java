package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaArchiveCatalogerTest {
    private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2", "repository");

    @TempDir
    Path dir;

    private static Path m2Jar(String group, String artifact, String version) {
        Path jar = M2.resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve(artifact + "-" + version + ".jar");
        assertThat(jar).as("this build's own dependency in ~/.m2 (present after any maven build)").exists();
        return jar;
    }

    @Test
    void sampleOfThisBuildsDependenciesIsReportedAsTheRepositoryPathSays() throws IOException {
        List<String[]> sample = List.of(
                new String[] {"com.fasterxml.jackson.core", "jackson-databind", "2.21.8"},
                new String[] {"org.apache.commons", "commons-compress", "1.28.0"},
                new String[] {"com.github.package-url", "packageurl-java", "1.5.0"},
                new String[] {"org.assertj", "assertj-core", "3.27.7"},
                new String[] {"com.fasterxml.jackson.core", "jackson-core", "2.21.8"});
        for (String[] gav : sample) {
            Path jar = m2Jar(gav[0], gav[1], gav[2]);
            Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.topLevel()).extracting(Package::purl).containsExactlyInAnyOrder(
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.21.8",
                "pkg:maven/org.apache.commons/commons-compress@1.28.0",
                "pkg:maven/com.github.package-url/packageurl-java@1.5.0",
                "pkg:maven/org.assertj/assertj-core@3.27.7",
                "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.21.8");
        Package compress = result.topLevel().stream().filter(p -> p.name().equals("commons-compress")).findFirst().orElseThrow();
        assertThat(compress.properties()).containsEntry("warden:sha1",
                sha1(Files.readAllBytes(m2Jar("org.apache.commons", "commons-compress", "1.28.0"))));
        assertThat(compress.licenses()).containsExactly("Apache-2.0");
        assertThat(compress.locations().getFirst().path()).isEqualTo(dir.resolve("commons-compress-1.28.0.jar").toString());
    }

    /** Licences given in Bundle-License as URLs, quoted ids or with attributes: this build's own dependencies. */
    @Test
    void bundleLicenceUrlsOfRealJarsAreSpdxIds() throws IOException {
        for (String[] gav : List.of(
                new String[] {"com.github.luben", "zstd-jni", "1.5.7-16"},
                new String[] {"org.assertj", "assertj-core", "3.27.7"},
                new String[] {"org.yaml", "snakeyaml", "2.5"})) {
            Path jar = m2Jar(gav[0], gav[1], gav[2]);
            Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        Map<String, List<String>> licences = new TreeMap<>();
        HostFiles.run(new JavaArchiveCataloger(), dir).topLevel().forEach(p -> licences.put(p.name(), p.licenses()));
        assertThat(licences).containsEntry("zstd-jni", List.of("BSD-2-Clause"))
                .containsEntry("assertj-core", List.of("Apache-2.0"))
                .containsEntry("snakeyaml", List.of("Apache-2.0"));
    }

    /**
     * Every jar in the local repository. Jars with a pom.properties for themselves must say exactly what
     * the path says. Jars without one (Gradle/Ant/OSGi/Bazel builds: ~35% here) are named by their path in the
     * repository layout, the {@code .pom} beside them confirming it: at least 99% of all jars must come out with
     * exactly the G:A:V of their path, and none may be named otherwise at high confidence.
     */
    @Test
    void everyJarInTheLocalMavenRepository() throws IOException {
        assertThat(M2).as("~/.m2/repository (made by any maven build)").isDirectory();
        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), M2);
        Map<String, Package> byPath = new HashMap<>();
        result.topLevel().forEach(p -> byPath.put(p.locations().getFirst().path(), p));
        Map<String, Integer> counts = new TreeMap<>();
        List<Path> jars;
        try (Stream<Path> walk = Files.walk(M2)) {
            jars = walk.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).toList();
        }
        int exact = 0;
        for (Path jar : jars) {
            Path rel = M2.relativize(jar);
            int n = rel.getNameCount();
            String version = rel.getName(n - 2).toString();
            String artifact = rel.getName(n - 3).toString();
            String group = rel.subpath(0, n - 3).toString().replace('/', '.');
            Package p = byPath.get(jar.toString());
            assertThat(p).as("package for " + rel).isNotNull();
            String identity = p.properties().get("warden:identity");
            boolean same = (group + ":" + artifact + ":" + version).equals(p.namespace() + ":" + p.name() + ":" + p.version());
            if (same) {
                exact++;
            } else {
                assertThat(p.properties()).as(rel + " named otherwise (" + p.purl() + ") must not be high confidence")
                        .containsAnyOf(Map.entry("warden:confidence", "low"), Map.entry("warden:group-unknown", "true"));
            }
            counts.merge(identity + (same ? "" : " (not the path's G:A:V)"), 1, Integer::sum);
        }
        System.out.printf("~/.m2: %d jars, %d named with their path's G:A:V (%.2f%%), %d packages (%d nested): %s%n", jars.size(),
                exact, 100.0 * exact / jars.size(), result.packages().size(), result.packages().size() - result.topLevel().size(), counts);
        assertThat(exact).as("jars named with the G:A:V of their path").isGreaterThanOrEqualTo((int) Math.ceil(jars.size() * 0.99));
        assertThat(counts.getOrDefault("pom.properties", 0)).isGreaterThan(jars.size() / 2);
        assertThat(counts.getOrDefault("repository-path", 0)).as("jars without pom.properties, named by their path").isPositive();
    }

    @Test
    void springBootLikeFatJarWithNestedAndShadedJars() throws IOException {
        byte[] compress = Files.readAllBytes(m2Jar("org.apache.commons", "commons-compress", "1.28.0"));
        byte[] shaded = new Zips().pom("com.example", "shaded-lib", "2.0").pom("org.relocated", "inner", "3.1")
                .put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n").bytes();
        byte[] deeper = new Zips().pom("org.deep", "leaf", "0.9").bytes();
        byte[] holder = new Zips().put("lib/leaf-0.9.jar", deeper).put("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\nImplementation-Title: holder\nImplementation-Version: 5.5\n").bytes();
        byte[] app = new Zips().pom("com.example", "app", "1.0")
                .put("BOOT-INF/lib/commons-compress-1.28.0.jar", compress)
                .put("BOOT-INF/lib/shaded-lib-2.0.jar", shaded)
                .put("BOOT-INF/lib/holder.jar", holder)
                .put("BOOT-INF/classes/com/example/App.class", new byte[100]).bytes();
        Files.write(dir.resolve("app.jar"), app);

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        assertThat(result.warnings()).singleElement().asString().startsWith("1 Java archive(s) without pom.properties")
                .endsWith("(" + dir.resolve("app.jar") + "!/BOOT-INF/lib/holder.jar)");
        Map<String, Package> byPurl = new HashMap<>();
        result.packages().forEach(p -> byPurl.put(p.purl(), p));
        assertThat(byPurl).containsOnlyKeys("pkg:maven/com.example/app@1.0", "pkg:maven/org.apache.commons/commons-compress@1.28.0",
                "pkg:maven/com.example/shaded-lib@2.0", "pkg:maven/org.relocated/inner@3.1", "pkg:generic/holder@5.5",
                "pkg:maven/org.deep/leaf@0.9");
        String appId = byPurl.get("pkg:maven/com.example/app@1.0").id();
        String appPath = dir.resolve("app.jar").toString();
        assertThat(byPurl.get("pkg:maven/com.example/app@1.0").parentId()).isNull();
        assertThat(byPurl.get("pkg:maven/com.example/app@1.0").properties()).containsEntry("warden:sha1", sha1(app));
        Package nested = byPurl.get("pkg:maven/org.apache.commons/commons-compress@1.28.0");
        assertThat(nested.parentId()).isEqualTo(appId);
        assertThat(nested.locations().getFirst().path()).isEqualTo(appPath + "!/BOOT-INF/lib/commons-compress-1.28.0.jar");
        assertThat(nested.properties()).containsEntry("warden:sha1", sha1(compress));
        Package shadedLib = byPurl.get("pkg:maven/com.example/shaded-lib@2.0");
        assertThat(shadedLib.parentId()).isEqualTo(appId);
        assertThat(byPurl.get("pkg:maven/org.relocated/inner@3.1").parentId()).isEqualTo(shadedLib.id());
        assertThat(byPurl.get("pkg:maven/org.relocated/inner@3.1").locations().getFirst().path())
                .isEqualTo(appPath + "!/BOOT-INF/lib/shaded-lib-2.0.jar!/META-INF/maven/org.relocated/inner/pom.properties");
        Package holderPkg = byPurl.get("pkg:generic/holder@5.5");
        assertThat(holderPkg.properties()).containsEntry("warden:group-unknown", "true").containsEntry("warden:identity", "manifest");
        assertThat(byPurl.get("pkg:maven/org.deep/leaf@0.9").parentId()).isEqualTo(holderPkg.id());
    }

    @Test
    void zipBombIsStoppedWithAWarningAndTheScanGoesOn() throws IOException {
        Path bomb = dir.resolve("bomb-1.0.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("META-INF/maven/evil/bomb/pom.properties"));
            zip.write("groupId=evil\nartifactId=bomb\nversion=1.0\n".getBytes());
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        Files.copy(m2Jar("org.apache.commons", "commons-compress", "1.28.0"), dir.resolve("commons-compress-1.28.0.jar"));

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        assertThat(result.warnings()).singleElement().asString().startsWith(bomb.toString() + ": ").contains("zip bomb");
        assertThat(result.packages()).extracting(Package::purl)
                .contains("pkg:maven/org.apache.commons/commons-compress@1.28.0", "pkg:maven/evil/bomb@1.0");
        assertThat(result.packages().stream().filter(p -> p.name().equals("bomb")).findFirst().orElseThrow().properties())
                .as("an archive not read to its end has no SHA-1").doesNotContainKey("warden:sha1");
    }

    @Test
    void nestingDeeperThanTheLimitIsNotReadAndNamed() throws IOException {
        byte[] jar = new Zips().pom("org.deep", "level12", "1").bytes();
        for (int level = 11; level >= 1; level--) {
            jar = new Zips().pom("org.deep", "level" + level, "1").put("lib/level" + (level + 1) + "-1.jar", jar).bytes();
        }
        Files.write(dir.resolve("level0-1.jar"), new Zips().pom("org.deep", "level0", "1").put("lib/level1-1.jar", jar).bytes());
        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(), dir);
        assertThat(result.packages()).hasSize(LangLimits.MAX_ARCHIVE_DEPTH + 1);
        assertThat(result.warnings()).singleElement().asString()
                .startsWith(dir.resolve("level0-1.jar") + "!/lib/level1-1.jar!/").contains("nested deeper than 8 levels");
    }

    @Test
    void tooManyEntriesTruncatedArchivesAndZipSlipNames() throws IOException {
        Zips many = new Zips().pom("org.many", "many", "1");
        for (int i = 0; i < 120; i++) {
            many.put("e" + i + ".txt", "x");
        }
        Files.write(dir.resolve("many-1.jar"), many.bytes());
        byte[] whole = new Zips().pom("org.cut", "cut", "1").put("big.bin", new byte[50_000]).bytes();
        Files.write(dir.resolve("cut-1.jar"), java.util.Arrays.copyOf(whole, whole.length / 3));
        byte[] slipInner = new Zips().pom("org.slip", "inner", "2").bytes();
        Files.write(dir.resolve("slip-1.jar"), new Zips().pom("org.slip", "slip", "1")
                .put("../../../../../../tmp/evil-2.jar", slipInner).put("/etc/passwd", "root").bytes());

        HostFiles.Result result = HostFiles.run(new JavaArchiveCataloger(LangLimits.MAX_ARCHIVE_EXPANDED_BYTES,
                LangLimits.MAX_ARCHIVE_RATIO, 100, LangLimits.MAX_ARCHIVE_DEPTH), dir);
        assertThat(result.warnings()).hasSize(4);
        // the truncated jar cannot show its pom.properties, and evil-2.jar holds only another artifact's: the run's two
        // unnamed archives, said once
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith("2 Java archive(s) without pom.properties")
                .endsWith("(" + dir.resolve("cut-1.jar") + ", " + dir.resolve("slip-1.jar") + "!/../../../../../../tmp/evil-2.jar)"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).isEqualTo(dir.resolve("slip-1.jar")
                + ": entry names that leave the archive (../../../../../../tmp/evil-2.jar); read in place, nothing extracted"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(dir.resolve("many-1.jar") + ": more than 100 entries"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(dir.resolve("cut-1.jar") + ": unreadable Java archive"));
        Package inner = result.packages().stream().filter(p -> p.name().equals("inner")).findFirst().orElseThrow();
        assertThat(inner.locations().getFirst().path()).isEqualTo(dir.resolve("slip-1.jar")
                + "!/../../../../../../tmp/evil-2.jar!/META-INF/maven/org.slip/inner/pom.properties");
        assertThat(Path.of("/tmp/evil-2.jar")).doesNotExist();
        assertThat(result.packages()).extracting(Package::purl).contains("pkg:maven/org.many/many@1", "pkg:generic/cut@1",
                "pkg:maven/org.slip/slip@1", "pkg:maven/org.slip/inner@2");
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
