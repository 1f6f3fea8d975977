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
