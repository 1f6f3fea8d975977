package dev.warden.catalog.os;

import static dev.warden.catalog.os.OsFixtures.lines;
import static dev.warden.catalog.os.OsFixtures.ofType;
import static dev.warden.catalog.os.OsFixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rpm cataloger against rpm's own view of a sqlite database rpm wrote, frozen with the database (test resources
 * frozen/rpm-sqlite, made by its make.sh): the default build compares with the frozen output, the live build also asks
 * today's rpm whether the frozen output is still what it says. RpmCatalogerTest (live) builds the database afresh and
 * adds the Berkeley DB and ndb forms.
 */
class RpmQueryFrozenTest {
    @Test
    void packagesVersionsArchitecturesAndSourcesAreWhatRpmSaid(@TempDir Path scratch) throws Exception {
        // rpm's licence column is the spec's text; the cataloger also gives it as SPDX (GPLv2+ -> GPL-2.0-or-later),
        // which RpmCatalogerTest checks: the comparison leaves it out
        List<String> expected = lines(RpmFixtures.frozenRpmQuery().replaceAll("\\t[^\\t\\n]*\\n", "\n"));
        Sbom sbom = scan(RpmFixtures.copyFrozenRoot(scratch.resolve("root")), scratch);
        List<String> actual = lines(String.join("\n", ofType(sbom, "rpm").stream().map(RpmQueryFrozenTest::row).toList()));
        assertThat(expected).as("the three packages of specs/").hasSize(3);
        assertThat(actual).isEqualTo(expected);
        assertThat(sbom.warnings()).isEmpty();
    }

    @Test
    @Tag("live") // runs rpm
    void theFrozenOutputIsStillWhatRpmSays(@TempDir Path scratch) throws Exception {
        // on a copy: rpm leaves sqlite side files beside a database it opens
        String today = RpmFixtures.rpmQuery(RpmFixtures.copyFrozenRoot(scratch.resolve("root")));
        assertThat(lines(today)).as("rpm -qa on the frozen database; if it changed, run make.sh again")
                .isEqualTo(lines(RpmFixtures.frozenRpmQuery()));
    }

    /** The first columns of make.sh's rpm -qa: name, [epoch:]version-release, arch, source rpm. */
    private static String row(Package p) {
        return p.name() + "\t" + p.version() + "\t" + p.purl().replaceAll(".*[?&]arch=([^&]+).*", "$1") + "\t"
                + p.properties().get("rpm:sourcerpm");
    }
}
