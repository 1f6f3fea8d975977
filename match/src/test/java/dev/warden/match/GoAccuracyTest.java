package dev.warden.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.finding.Finding;
import dev.warden.match.version.GoSemverPrograms;
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
 * The Go binaries of Debian's skopeo, umoci and docker-registry (their toolchain as {@code stdlib}, and
 * the modules {@code go version -m} lists), plus the modules the same Go toolchain vendors into every
 * binary (GOROOT's vendor/modules.txt: pseudo-versions), against the whole Go vulnerability database. Every
 * verdict is checked against a Go program that reads the same records with encoding/json and compares
 * with golang.org/x/mod/semver as the toolchain vendors it.
 */
@Tag("live") // go builds golang.org/x/mod/semver's reference program
class GoAccuracyTest {

    private static final String HINT = "Debian packages golang-go, skopeo, umoci, docker-registry";
    private static final List<String> BINARIES = List.of("/usr/bin/skopeo", "/usr/bin/umoci", "/usr/bin/docker-registry");

    @Test
    void findingsAreExactlyThoseXModSemverComputes(@TempDir Path dir) throws Exception {
        Set<String> modules = new TreeSet<>(); // path<TAB>version as Go writes it
        Set<String> toolchains = new TreeSet<>();
        for (String binary : BINARIES) {
            assertThat(Path.of(binary)).as(binary + " (" + HINT + ")").isRegularFile();
            for (String line : TestStores.lines(TestStores.run(dir, HINT, "go", "version", "-m", binary))) {
                String[] f = line.strip().split("\t");
                if (!line.startsWith("\t")) {
                    toolchains.add(line.substring(line.lastIndexOf(' ') + 1).strip());
                } else if ((f[0].equals("dep") || f[0].equals("=>") || f[0].equals("mod")) && f.length >= 3 && !f[2].equals("(devel)")) {
                    modules.add(f[1] + "\t" + f[2]);
                }
            }
        }
        String goroot = TestStores.run(dir, HINT, "go", "env", "GOROOT").strip();
        for (String vendor : List.of("src/vendor/modules.txt", "src/cmd/vendor/modules.txt")) {
            for (String line : Files.readAllLines(Path.of(goroot, vendor))) {
                String[] f = line.split(" ");
                if (line.startsWith("# ") && f.length == 3) {
                    modules.add(f[1] + "\t" + f[2]);
                }
            }
        }
        assertThat(toolchains).as("the Debian binaries' Go toolchain").containsExactly("go1.19.8");

        List<Package> packages = new ArrayList<>();
        Set<String> referenceInput = new TreeSet<>(modules);
        for (String toolchain : toolchains) {
            packages.add(TestStores.pkg("golang", null, "stdlib", toolchain));
            referenceInput.add("stdlib\tv" + toolchain.substring("go".length()));
        }
        for (String m : modules) {
            String[] f = m.split("\t");
            int slash = f[0].lastIndexOf('/');
            packages.add(TestStores.pkg("golang", f[0].substring(0, slash), f[0].substring(slash + 1), f[1]));
        }
        Path archive = TestStores.resource("advisories/go-vulndb-osv-all.tar.gz");
        Set<String> expected = new TreeSet<>(TestStores.lines(TestStores.run(dir, HINT, reference(dir).toString(),
                archive.toString(), Files.write(dir.resolve("modules.tsv"), referenceInput).toString())));

        MatchResult result;
        try (AdvisoryStore store = TestStores.open(dir)) {
            TestStores.load(store, "osv-Go", FeedKind.OSV, archive);
            result = new Matcher(store).match(new Sbom(null, null, packages, List.of()));
        }
        Set<String> actual = new TreeSet<>();
        for (Finding f : result.findings()) {
            boolean stdlib = f.matchedName().equals(GoMatcher.GO_STDLIB);
            String version = stdlib ? "v" + f.matchedVersion() : f.pkg().version();
            f.advisoryIds().forEach(id -> actual.add(f.matchedName() + "\t" + version + "\t" + id));
        }
        long stdlibFindings = result.findings().stream().filter(f -> f.matchedName().equals("stdlib")).count();
        System.out.printf("Go: %d toolchain(s) %s, %d modules; %d findings (%d stdlib), %d verdicts, reference %d%n",
                toolchains.size(), toolchains, modules.size(), result.findings().size(), stdlibFindings, actual.size(), expected.size());
        assertThat(actual).isEqualTo(expected);
        assertThat(stdlibFindings).as("go1.19.8 has known vulnerabilities").isGreaterThan(10);
        assertThat(result.findings()).filteredOn(f -> f.matchedName().equals("stdlib"))
                .allSatisfy(f -> assertThat(f.matchedVersion()).isEqualTo("1.19.8"));
        // a fix exists for every stdlib finding, and it is above the installed release
        assertThat(result.findings()).filteredOn(f -> f.matchedName().equals("stdlib")).allSatisfy(f -> {
            assertThat(f.fixable()).as(f.id()).isTrue();
            assertThat(dev.warden.match.version.VersionSchemes.require("golang").compare(f.fixedVersions().get(0), "1.19.8")).isPositive();
        });
        Set<String> keys = new LinkedHashSet<>();
        result.findings().forEach(f -> assertThat(keys.add(f.pkg().purl() + " " + f.id())).as("duplicate " + f.id()).isTrue());
    }

    /** Builds the reference program against the toolchain's vendored golang.org/x/mod/semver, offline. */
    private static Path reference(Path dir) throws Exception {
        return GoSemverPrograms.build(dir, TestStores.resource("matching/govulndb_reference.go"), "govulnref");
    }
}
