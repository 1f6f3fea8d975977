package dev.warden.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every jar in the local Maven repository (~/.m2, identified by its repository path as Maven lays it
 * out) against the GitHub-reviewed Maven advisories; the verdicts are recomputed here from the
 * records' JSON with Maven's own {@link ComparableVersion}, reading ranges as the OSV schema describes
 * them, bounded by GitHub's {@code last_known_affected_version_range} when a range has no fix.
 */
class MavenAccuracyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Jar(String group, String artifact, String version) {
        String coordinates() {
            return group + ":" + artifact;
        }
    }

    @Test
    void findingsAreExactlyThoseComparableVersionComputes(@TempDir Path dir) throws Exception {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        assertThat(repository).as("the local Maven repository (the build fills it)").isDirectory();
        List<Jar> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repository)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar")).forEach(p -> jar(repository, p).ifPresent(jars::add));
        }
        List<Jar> distinct = jars.stream().distinct().toList();
        Path advisories = TestStores.resource("osv/ghsa");

        Set<String> expected = new TreeSet<>();
        try (Stream<Path> files = Files.list(advisories)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode record = JSON.readTree(file.toFile());
                for (Jar jar : distinct) {
                    if (affects(record, jar)) {
                        expected.add(jar.coordinates() + "\t" + jar.version() + "\t" + record.path("id").asText());
                    }
                }
            }
        }

        List<Package> packages = distinct.stream().map(j -> TestStores.pkg("maven", j.group(), j.artifact(), j.version())).toList();
        MatchResult result;
        try (AdvisoryStore store = TestStores.open(dir)) {
            TestStores.load(store, "osv-ghsa", FeedKind.OSV, advisories);
            result = new Matcher(store).match(new Sbom(null, null, packages, List.of()));
        }
        Set<String> actual = new TreeSet<>();
        for (Finding f : result.findings()) {
            f.advisoryIds().forEach(id -> actual.add(f.matchedName() + "\t" + f.matchedVersion() + "\t" + id));
        }
        System.out.printf("Maven: %d jars in ~/.m2 (%d distinct coordinates), %d findings, reference %d%n",
                jars.size(), distinct.size(), result.findings().size(), expected.size());
        assertThat(distinct).hasSizeGreaterThan(100);
        assertThat(actual).isEqualTo(expected);
        assertThat(result.findings()).allSatisfy(f -> {
            assertThat(f.id()).as("GitHub advisories alias their CVE").startsWith("CVE-");
            assertThat(f.aliases()).anyMatch(a -> a.startsWith("GHSA-"));
            assertThat(f.severity().level()).isNotNull();
        });
    }

    /** group/artifact/version/artifact-version[-classifier].jar */
    private static java.util.Optional<Jar> jar(Path repository, Path file) {
        Path rel = repository.relativize(file);
        int n = rel.getNameCount();
        if (n < 4) {
            return java.util.Optional.empty();
        }
        String version = rel.getName(n - 2).toString();
        String artifact = rel.getName(n - 3).toString();
        if (!file.getFileName().toString().startsWith(artifact + "-" + version)) {
            return java.util.Optional.empty();
        }
        String group = rel.subpath(0, n - 3).toString().replace('/', '.');
        return java.util.Optional.of(new Jar(group, artifact, version));
    }

    private static boolean affects(JsonNode record, Jar jar) {
        if (record.hasNonNull("withdrawn")) {
            return false;
        }
        ComparableVersion installed = new ComparableVersion(jar.version());
        for (JsonNode a : record.path("affected")) {
            if (!a.path("package").path("ecosystem").asText().equals("Maven")
                    || !a.path("package").path("name").asText().equals(jar.coordinates())) {
                continue;
            }
            for (JsonNode v : a.path("versions")) {
                if (new ComparableVersion(v.asText()).equals(installed)) {
                    return true;
                }
            }
            String lastKnown = a.path("database_specific").path("last_known_affected_version_range").asText(null);
            for (JsonNode range : a.path("ranges")) {
                if (range.path("type").asText().equals("ECOSYSTEM") && inRange(installed, range.path("events"), lastKnown)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Intervals [introduced, fixed) and [introduced, last_affected] of the sorted events. */
    private static boolean inRange(ComparableVersion v, JsonNode events, String lastKnown) {
        ComparableVersion start = null;
        boolean open = false;
        // GitHub's bound applies to a range that has no fix event at all
        boolean bounded = false;
        for (JsonNode e : events) {
            bounded |= e.has("fixed") || e.has("last_affected");
        }
        List<JsonNode> sorted = new ArrayList<>();
        events.forEach(sorted::add);
        sorted.sort((x, y) -> {
            String kx = x.fieldNames().next();
            String ky = y.fieldNames().next();
            boolean x0 = kx.equals("introduced") && x.get(kx).asText().equals("0");
            boolean y0 = ky.equals("introduced") && y.get(ky).asText().equals("0");
            if (x0 || y0) {
                return Boolean.compare(y0, x0);
            }
            int c = new ComparableVersion(x.get(kx).asText()).compareTo(new ComparableVersion(y.get(ky).asText()));
            return c != 0 ? c : Boolean.compare(ky.equals("introduced"), kx.equals("introduced"));
        });
        for (JsonNode e : sorted) {
            String kind = e.fieldNames().next();
            String version = e.get(kind).asText();
            if (kind.equals("introduced") && !open) {
                open = true;
                start = version.equals("0") ? null : new ComparableVersion(version);
            } else if ((kind.equals("fixed") || kind.equals("last_affected")) && open) {
                int c = v.compareTo(new ComparableVersion(version));
                if ((start == null || v.compareTo(start) >= 0) && (c < 0 || (kind.equals("last_affected") && c == 0))) {
                    return true;
                }
                open = false;
            }
        }
        if (!open || (start != null && v.compareTo(start) < 0)) {
            return false;
        }
        if (bounded || lastKnown == null) {
            return true;
        }
        // GitHub's own range syntax: "<= 1.2.17" or "< 1.2.17"
        String t = lastKnown.strip();
        boolean inclusive = t.startsWith("<=");
        int c = v.compareTo(new ComparableVersion(t.substring(inclusive ? 2 : 1).strip()));
        return inclusive ? c <= 0 : c < 0;
    }
}
