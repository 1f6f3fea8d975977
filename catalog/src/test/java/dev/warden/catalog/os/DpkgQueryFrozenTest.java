package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.lines;
import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.run;
import static dev.warden.catalog.os.OsFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dpkg cataloger against dpkg-query's own view of a real bookworm minbase database, frozen with the database
 * (test resources frozen/dpkg-bookworm, made by its make.sh from a debootstrap root): the default build compares with
 * the frozen output, the live build also asks today's dpkg-query whether the frozen output is still what it says.
 */
class DpkgQueryFrozenTest {
    private static final Path FIXTURE = Path.of("src/test/resources/frozen/dpkg-bookworm");
    /** The columns make.sh asks dpkg-query for. */
    static final String FORMAT = "${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\n";

    @Test
    void packagesSourcesAndArchitecturesAreWhatDpkgQuerySaid(@TempDir Path scratch) throws Exception {
        List<String> expected = lines(Files.readString(FIXTURE.resolve("dpkg-query.tsv")));
        Sbom sbom = scan(FIXTURE.resolve("root"), scratch);
        List<String> actual = lines(String.join("\n", ofType(sbom, "deb").stream().map(DpkgQueryFrozenTest::row).toList()));
        assertThat(expected).as("the frozen bookworm minbase database").hasSizeGreaterThan(80);
        assertThat(actual).isEqualTo(expected);
        assertThat(sbom.distro().id()).isEqualTo("debian");
        assertThat(sbom.distro().versionId()).isEqualTo("12");
    }

    /** The dependency graph from the frozen database's Pre-Depends and Depends (the live DpkgCatalogerTest checks it against dpkg-query). */
    @Test
    void dependsBecomeEdgesToInstalledPackages(@TempDir Path scratch) throws Exception {
        Sbom sbom = scan(FIXTURE.resolve("root"), scratch);
        java.util.Map<String, String> names = new java.util.HashMap<>();
        ofType(sbom, "deb").forEach(p -> names.put(p.id(), p.name()));
        java.util.function.Function<String, List<String>> edges = name -> ofType(sbom, "deb").stream().filter(p -> p.name().equals(name))
                .findFirst().map(p -> java.util.Arrays.stream(p.properties().getOrDefault(dev.warden.core.PackageProperties.DEPENDS_ON, "")
                        .split(" ")).filter(id -> !id.isEmpty()).map(names::get).toList()).orElseThrow();
        // bash: Pre-Depends: libc6, libtinfo6; Depends: base-files, debianutils
        assertThat(edges.apply("bash")).containsExactlyInAnyOrder("libc6", "libtinfo6", "base-files", "debianutils");
        // base-files: Pre-Depends: awk, which mawk provides
        assertThat(edges.apply("base-files")).contains("mawk");
        assertThat(edges.apply("libc6")).doesNotContain("libc6");
        assertThat(ofType(sbom, "deb").stream().filter(p -> p.properties().containsKey(dev.warden.core.PackageProperties.DEPENDS_ON)))
                .as("most of a minbase root depends on something").hasSizeGreaterThan(60);
    }

    @Test
    @Tag("live") // runs dpkg-query
    void theFrozenOutputIsStillWhatDpkgQuerySays() {
        String today = run(null, "dpkg-query", "--admindir=" + FIXTURE.resolve("root/var/lib/dpkg").toAbsolutePath(), "-W", "-f", FORMAT);
        assertThat(lines(today)).as("dpkg-query on the frozen database; if it changed, run make.sh again")
                .isEqualTo(lines(readUnchecked(FIXTURE.resolve("dpkg-query.tsv"))));
    }

    private static String row(Package p) {
        return p.name() + "\t" + p.version() + "\t" + p.source().name() + "\t" + p.source().version() + "\t"
                + p.purl().replaceAll(".*[?&]arch=([^&]+).*", "$1");
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
