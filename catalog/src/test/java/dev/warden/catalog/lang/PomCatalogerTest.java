package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PomCatalogerTest {
    /** A dependency:list line: groupId:artifactId:type[:classifier]:version:scope, then " -- module ..." on JDK 9+. */
    private static final Pattern LISTED = Pattern.compile("\\s+([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):([a-z]+)(?:\\s.*)?");

    /**
     * The acceptance test of issue 17: for each module of this checkout, the cataloger lists the dependencies Maven
     * resolves (transitive ones from the local repository), with the same versions and scopes. Maven is asked with
     * {@code dependency:collect}, which is {@code dependency:list}'s graph and output without fetching the jars, so it
     * needs no built artifacts of the reactor's own modules (both print the same lists for every module of this
     * checkout; docs/sbom.md).
     */
    @Tag("live") // a nested Maven build that may ask Maven Central
    @Test
    void thisCheckoutsModulesListWhatMavenResolves() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path repository = MavenLocalRepository.ofUser().root();
        String mvnw = root.resolve("mvnw").toString();
        // online but without snapshot updates: a fresh clone may lack the plugin, never the POMs the build fetched
        Tools.run(root, Map.of("JAVA_HOME", System.getProperty("java.home")), mvnw, "-B", "-ntp", "-nsu", "-q",
                "dependency:collect", "-DoutputFile=target/warden-dependency-list.txt");
        Path copy = poms(root);
        List<Package> found = HostFiles.of(copy).run(new PomCataloger(new MavenLocalRepository(repository))).packages();
        int modules = 0;
        for (Path list : listFiles(root)) {
            Path pom = list.getParent().getParent().resolve("pom.xml");
            Set<String> expected = new TreeSet<>();
            for (String line : Files.readAllLines(list)) {
                Matcher m = LISTED.matcher(line);
                if (m.matches()) {
                    expected.add(m.group(1) + ":" + m.group(2) + (m.group(4) == null ? "" : ":" + m.group(4)) + ":" + m.group(5) + ":" + m.group(6));
                }
            }
            Set<String> actual = found.stream()
                    .filter(p -> p.locations().getFirst().path().equals(copy.resolve(root.relativize(pom)).toString()))
                    .filter(p -> !Declared.ROOT.equals(p.properties().get(PackageProperties.RELATIONSHIP)))
                    .map(p -> p.namespace() + ":" + p.name() + (p.properties().containsKey("maven:classifier") ? ":" + p.properties().get("maven:classifier") : "")
                            + ":" + p.version() + ":" + p.properties().get(PackageProperties.SCOPE))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(expected);
            Set<String> lacking = new TreeSet<>(expected);
            lacking.removeAll(actual);
            assertThat(extra).as(pom + ": listed, but not by Maven").isEmpty();
            assertThat(lacking).as(pom + ": listed by Maven, not by the cataloger").isEmpty();
            modules++;
        }
        assertThat(modules).as("modules whose dependencies Maven listed").isGreaterThanOrEqualTo(8);
    }

    private static List<Path> listFiles(Path root) throws Exception {
        try (var walk = Files.walk(root, 3)) {
            return walk.filter(p -> p.getFileName().toString().equals("warden-dependency-list.txt")).sorted().toList();
        }
    }

    /** The module folders' pom.xml files only (not their build output), so the walk stays small. */
    private static Path poms(Path root) throws Exception {
        Path dir = Files.createTempDirectory("poms");
        try (var walk = Files.walk(root, 2)) {
            for (Path pom : walk.filter(p -> p.getFileName().toString().equals("pom.xml")).toList()) {
                Path copy = dir.resolve(root.relativize(pom));
                Files.createDirectories(copy.getParent());
                Files.copy(pom, copy);
            }
        }
        return dir;
    }

    /** Writes a POM into a Maven repository layout under {@code repo}. */
    private static void install(Path repo, String g, String a, String v, String body) throws Exception {
        Path dir = repo.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(a + "-" + v + ".pom"), pom(g, a, v, body));
    }

    private static String pom(String g, String a, String v, String body) {
        return "<project><modelVersion>4.0.0</modelVersion>" + (g == null ? "" : "<groupId>" + g + "</groupId>")
                + "<artifactId>" + a + "</artifactId>" + (v == null ? "" : "<version>" + v + "</version>") + body + "</project>";
    }

    private static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>" + (v == null ? "" : "<version>" + v + "</version>")
                + extra + "</dependency>";
    }

    private static Set<String> described(List<Package> packages) {
        return packages.stream().map(p -> p.namespace() + ":" + p.name() + ":" + p.version() + " " + p.properties().get(PackageProperties.RELATIONSHIP)
                + (p.properties().containsKey(PackageProperties.SCOPE) ? " " + p.properties().get(PackageProperties.SCOPE) : ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Parents from the tree and from the repository, properties through both, a BOM import, management of a
     * transitive version and scope, an exclusion, optional and test dependencies of dependencies not followed, and
     * nearest-wins.
     */
    @Test
    void buildsTheEffectiveModelAndResolvesAsMavenDoes(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        install(repo, "org.corp", "corp-parent", "7", "<packaging>pom</packaging><properties><lib.version>2.0</lib.version></properties>");
        install(repo, "org.corp", "bom", "1", "<packaging>pom</packaging><dependencyManagement><dependencies>"
                + dep("org.lib", "managed", "3.1", "") + "</dependencies></dependencyManagement>");
        install(repo, "org.lib", "a", "2.0", "<dependencies>" + dep("org.lib", "b", "1.0", "") + dep("org.lib", "c", "1.0", "")
                + dep("org.lib", "opt", "1.0", "<optional>true</optional>") + dep("org.lib", "t", "1.0", "<scope>test</scope>")
                + dep("org.lib", "managed", "0.1", "") + "</dependencies>");
        install(repo, "org.lib", "b", "1.0", "<dependencies>" + dep("org.lib", "c", "9.9", "") + dep("org.lib", "gone", "1.0", "") + "</dependencies>");
        install(repo, "org.lib", "c", "1.0", "");
        install(repo, "org.lib", "managed", "3.1", "");
        Path project = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(dir.resolve("src/pom.xml"), pom("org.corp", "reactor", "5", "<packaging>pom</packaging>"
                + "<parent><groupId>org.corp</groupId><artifactId>corp-parent</artifactId><version>7</version></parent>"
                + "<dependencyManagement><dependencies>" + dep("org.corp", "bom", "1", "<type>pom</type><scope>import</scope>")
                + dep("org.lib", "c", "${lib.version}", "<scope>runtime</scope>") + "</dependencies></dependencyManagement>"));
        Files.writeString(project.resolve("pom.xml"), pom(null, "app", null,
                "<parent><groupId>org.corp</groupId><artifactId>reactor</artifactId><version>5</version></parent><dependencies>"
                        + dep("org.lib", "a", "${lib.version}", "<exclusions><exclusion><groupId>org.lib</groupId><artifactId>gone</artifactId></exclusion></exclusions>")
                        + dep("junit", "junit", "4.13.2", "<scope>test</scope>") + "</dependencies>"));

        HostFiles.Result result = HostFiles.run(new PomCataloger(new MavenLocalRepository(repo)), dir.resolve("src"));
        List<Package> app = result.packages().stream().filter(p -> p.locations().getFirst().path().endsWith("app/pom.xml")).toList();

        assertThat(described(app)).containsExactly(
                "junit:junit:4.13.2 direct test",
                "org.corp:app:5 root",
                "org.lib:a:2.0 direct compile",
                "org.lib:b:1.0 indirect compile",
                "org.lib:c:2.0 indirect runtime", // management sets version and scope of a transitive dependency
                "org.lib:managed:3.1 indirect compile"); // the BOM's version, not a's 0.1
        assertThat(result.warnings()).anyMatch(w -> w.contains("junit:junit:4.13.2"));
        // the graph Maven resolved: root -> direct, each artifact -> what it brought
        Map<String, String> nameById = app.stream().collect(Collectors.toMap(Package::id, Package::name));
        Set<String> edges = new TreeSet<>();
        app.forEach(p -> List.of(p.properties().getOrDefault(PackageProperties.DEPENDS_ON, "").split(" ")).stream().filter(s -> !s.isEmpty())
                .forEach(to -> edges.add(p.name() + " -> " + nameById.get(to))));
        assertThat(edges).containsExactly("a -> b", "a -> c", "a -> managed", "app -> a", "app -> junit");
    }

    /** Hostile POMs: a DOCTYPE (XXE, billion laughs), a property doubling itself, parents in a loop. One warning each, the rest read. */
    @Test
    void hostilePomsAreWarningsAndTheRestIsRead(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("xxe"));
        Files.writeString(dir.resolve("xxe/pom.xml"), "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<project><artifactId>&x;</artifactId></project>");
        Files.createDirectories(dir.resolve("bomb"));
        StringBuilder bomb = new StringBuilder("<properties><p0>xxxxxxxxxxxxxxxx</p0>");
        for (int i = 1; i < 40; i++) {
            bomb.append("<p").append(i).append(">${p").append(i - 1).append("}${p").append(i - 1).append("}</p").append(i).append(">");
        }
        bomb.append("</properties><dependencies>").append(dep("g", "a", "${p39}", "")).append(dep("g", "ok", "1.0", "")).append("</dependencies>");
        Files.writeString(dir.resolve("bomb/pom.xml"), pom("g", "bomb", "1", bomb.toString()));
        Files.createDirectories(dir.resolve("loop/child"));
        Files.writeString(dir.resolve("loop/pom.xml"), pom("g", "loop", "1",
                "<parent><groupId>g</groupId><artifactId>child</artifactId><version>1</version><relativePath>child</relativePath></parent>"));
        Files.writeString(dir.resolve("loop/child/pom.xml"), pom("g", "child", "1",
                "<parent><groupId>g</groupId><artifactId>loop</artifactId><version>1</version></parent>"
                        + "<dependencies>" + dep("g", "still-read", "2.0", "") + "</dependencies>"));

        HostFiles.Result result = HostFiles.run(new PomCataloger(), dir);

        assertThat(result.warnings()).anyMatch(w -> w.startsWith(dir.resolve("xxe/pom.xml") + ": not a readable POM"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("loop"));
        assertThat(result.packages()).extracting(Package::name).contains("ok", "still-read").doesNotContain("root:x:0:0:root");
        Package bombed = result.packages().stream().filter(p -> p.name().equals("a")).findFirst().orElseThrow();
        assertThat(bombed.version()).isNull();
        assertThat(bombed.properties().get("maven:version-unresolved")).hasSizeLessThan(MavenInterpolation.MAX_VALUE_CHARS);
    }
}
