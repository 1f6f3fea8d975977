package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Range;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole Go vulnerability database and the whole PyPA database, imported as published. */
class RealFeedImportTest {

    @TempDir
    Path tmp;

    @Test
    void wholeGoVulndbIsImportedExactly() {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "osv-Go", FeedKind.OSV, TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp));
            // counted independently with Python's tarfile+json over the same archive: 4,291 records,
            // 6,125 affected entries with a package, 7,945 aliases other than the id
            assertThat(report.records()).isEqualTo(4291);
            assertThat(report.warnings()).isEmpty();
            assertThat(store.counts()).containsEntry("advisory", 4291L).containsEntry("affected", 6125L)
                    .containsEntry("advisory_alias", 7945L);
            List<Advisory> stdlib = store.findByPackage("golang", "stdlib");
            assertThat(stdlib.stream().mapToLong(a -> a.affected().size()).sum()).isEqualTo(168);
            assertThat(store.findByPackage("Go", "stdlib")).hasSameSizeAs(stdlib);

            Advisory go2022_0969 = store.findById("GO-2022-0969").orElseThrow();
            assertThat(go2022_0969.aliases()).contains("CVE-2022-27664", "GHSA-69cg-p879-7622");
            AffectedPackage net = go2022_0969.affected().stream().filter(p -> p.name().equals("golang.org/x/net")).findFirst().orElseThrow();
            assertThat(net.purlType()).isEqualTo("golang");
            assertThat(net.ranges().get(0).type()).isEqualTo(Range.RangeType.SEMVER);
            assertThat(net.fixedVersions()).containsExactly("0.0.0-20220906165146-f3363e06e74c");
            assertThat(net.status()).isEqualTo(AffectedStatus.FIXED);
            // the alias leads to the same record
            assertThat(store.findByAlias("CVE-2022-27664")).extracting(Advisory::id).contains("GO-2022-0969");
            assertThat(store.findById("CVE-2022-27664")).map(Advisory::id).hasValue("GO-2022-0969");

            // the batch lookup gives, name by name, exactly what single lookups give
            List<String> names = new java.util.ArrayList<>(List.of("stdlib", "golang.org/x/net", "github.com/no/such-module", "stdlib"));
            store.findByPackage("golang", "golang.org/x/crypto");
            for (Advisory a : store.findByPackage("golang", "golang.org/x/crypto")) {
                a.affected().forEach(p -> names.add(p.name()));
            }
            var batch = store.findByPackages("golang", names);
            assertThat(batch.get("github.com/no/such-module")).isEmpty();
            for (String name : names) {
                assertThat(batch.get(name)).as(name).isEqualTo(store.findByPackage("golang", name));
            }
        }
    }

    @Test
    void wholePypaDatabaseIsImportedExactlyWithPep503Names() {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "osv-PyPI", FeedKind.OSV, TestFeeds.resource("pypa-advisory-db-all.tar.gz", tmp));
            // 2,662 files: 2,661 PYSEC YAML records and vulns/.id-allocator, which is not a record
            assertThat(report.records()).isEqualTo(2661);
            assertThat(store.counts()).containsEntry("advisory", 2661L).containsEntry("affected", 2661L);
            // 116 entries name Django (as "django" or "Django"); PEP 503 makes every spelling one name
            List<Advisory> django = store.findByPackage("pypi", "Django");
            assertThat(django).hasSize(116);
            assertThat(store.findByPackage("PyPI", "DJANGO")).hasSize(116);
            assertThat(django.get(0).affected().get(0).ecosystem()).isEqualTo("PyPI");
            assertThat(django).allSatisfy(a -> assertThat(a.affected()).allSatisfy(p -> assertThat(p.name()).isEqualTo("django")));
        }
    }

    @Test
    void ghsaRecordsKeepSeverityAndLastKnownAffectedRange() {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            Path dir = tmp.resolve("ghsa");
            for (String f : List.of("GHSA-57j2-w4cx-62h2.json", "GHSA-jfh8-c2jp-5v3q.json")) {
                TestFeeds.resource("ghsa/" + f, dir);
            }
            ImportReport report = TestFeeds.load(store, "ghsa", FeedKind.OSV, dir);
            assertThat(report.records()).isEqualTo(2);
            Advisory jackson = store.findById("GHSA-57j2-w4cx-62h2").orElseThrow();
            assertThat(jackson.severities()).contains(new Severity("ghsa", Severity.SeverityType.RATING, "HIGH", null));
            List<Advisory> byMaven = store.findByPackage("maven", "com.fasterxml.jackson.core:jackson-databind");
            assertThat(byMaven).extracting(Advisory::id).contains("GHSA-57j2-w4cx-62h2");
            assertThat(byMaven.get(0).affected()).anySatisfy(p ->
                    assertThat(p.extra()).containsEntry(AffectedPackage.LAST_KNOWN_AFFECTED_RANGE, "<= 2.13.2.0"));
            // log4j-core (Log4Shell) by Maven coordinates, written with a slash as purls do
            assertThat(store.findByPackage("maven", "org.apache.logging.log4j/log4j-core")).extracting(Advisory::id)
                    .contains("GHSA-jfh8-c2jp-5v3q");
        }
    }
}
