package dev.warden.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This machine's Python packages (the Python on PATH and Debian's /usr/bin/python3, listed by
 * importlib.metadata) against the whole PyPA advisory database; every verdict is checked against one
 * computed by a script using the PyPA's own {@code packaging} library on the same records.
 */
@Tag("live") // Debian's python3-packaging
class PypaAccuracyTest {

    private static final String HINT = "Debian packages python3-packaging and python3-yaml";

    @Test
    void findingsAreExactlyThoseThePackagingLibraryComputes(@TempDir Path dir) throws Exception {
        Path script = TestStores.resource("matching/pypa_reference.py");
        Path archive = TestStores.resource("advisories/pypa-advisory-db-all.tar.gz");
        Set<String> installed = new TreeSet<>();
        for (String python : List.of("python3", "/usr/bin/python3")) {
            installed.addAll(TestStores.lines(TestStores.run(dir, HINT, python, script.toString(), "installed")));
        }
        Path tsv = Files.write(dir.resolve("installed.tsv"), installed);
        Set<String> expected = new TreeSet<>(TestStores.lines(
                TestStores.run(dir, HINT, "/usr/bin/python3", script.toString(), "verdicts", archive.toString(), tsv.toString())));

        List<Package> packages = new ArrayList<>();
        for (String line : installed) {
            String[] f = line.split("\t");
            packages.add(TestStores.pkg("pypi", null, f[0], f[1]));
        }
        MatchResult result;
        try (AdvisoryStore store = TestStores.open(dir)) {
            TestStores.load(store, "osv-PyPI", FeedKind.OSV, archive);
            result = new Matcher(store).match(new Sbom(null, null, packages, List.of()));
        }
        Set<String> actual = new TreeSet<>();
        for (Finding f : result.findings()) {
            for (String id : f.advisoryIds()) {
                actual.add(f.pkg().name() + "\t" + f.pkg().version() + "\t" + id);
            }
        }
        System.out.printf("PyPA: %d installed distributions, %d findings, %d (package, advisory) verdicts, reference %d%n",
                installed.size(), result.findings().size(), actual.size(), expected.size());
        assertThat(installed).as("the machine has Python packages to check").hasSizeGreaterThan(20);
        assertThat(actual).isEqualTo(expected);
        // one finding per (package, vulnerability): PYSEC records that alias one CVE are one finding
        Set<String> keys = new LinkedHashSet<>();
        result.findings().forEach(f -> assertThat(keys.add(f.pkg().purl() + " " + f.id())).as("duplicate " + f.id()).isTrue());
        for (Finding f : result.findings()) {
            assertThat(f.allIds()).containsAll(f.advisoryIds());
            if (f.allIds().stream().anyMatch(i -> i.startsWith("CVE-"))) {
                assertThat(f.id()).startsWith("CVE-");
            }
        }
    }
}
