package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PomCatalogerTest {
    /** A dependency:list line: groupId:artifactId:type[:classifier]:version:scope, then " -- module ..." on JDK 9+. */
    private static final Pattern LISTED = Pattern.compile("\\s+([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):([a-z]+)(?:\\s.*)?");

    /**
     * The acceptance test of issue 17: for each module of this checkout, the cataloger lists the dependencies Maven's
     * own {@code dependency:list} resolves (transitive ones from the local repository), with the same versions and
     * scopes.
     */
    @Test
    void thisCheckoutsModulesListWhatMavenResolves() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path repository = MavenLocalRepository.ofUser().root();
        String mvnw = root.resolve("mvnw").toString();
        Tools.run(root, Map.of("JAVA_HOME", System.getProperty("java.home")), mvnw, "-B", "-ntp", "-o", "-q",
                "dependency:list", "-DoutputFile=target/warden-dependency-list.txt");
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
                    .filter(p -> !Declared.ROOT.equals(p.properties().get(Declared.RELATIONSHIP)))
                    .map(p -> p.namespace() + ":" + p.name() + (p.properties().containsKey("maven:classifier") ? ":" + p.properties().get("maven:classifier") : "")
                            + ":" + p.version() + ":" + p.properties().get(Declared.SCOPE))
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
}
