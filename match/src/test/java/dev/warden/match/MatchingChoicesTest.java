package dev.warden.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.Distro;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The choices docs/matching.md describes, one test each, on real records (GitHub advisories, Alpine
 * secdb 3.11, Go vulndb) and records written here in the OSV format where no real one shows the case.
 */
class MatchingChoicesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static AdvisoryStore store;

    @BeforeAll
    static void importFeeds(@TempDir Path dir) throws Exception {
        store = TestStores.open(dir);
        TestStores.load(store, "osv-ghsa", FeedKind.OSV, TestStores.resource("osv/ghsa"));
        TestStores.load(store, "alpine-3.11", FeedKind.ALPINE_SECDB, TestStores.resource("advisories/alpine-secdb-v3.11-main.yaml"));
        TestStores.load(store, "osv-Go", FeedKind.OSV, TestStores.resource("osv/go"));
        TestStores.load(store, "osv-Ubuntu", FeedKind.OSV, TestStores.resource("advisories/ubuntu-osv-UBUNTU-CVE-2021-3782.json"));
        TestStores.load(store, "osv-AlmaLinux", FeedKind.OSV, TestStores.resource("advisories/almalinux-osv-ALSA-2024_2433.json"));
        Path osv = Files.createDirectories(dir.resolve("written"));
        // Ubuntu: the same CVE for the LTS release and for Ubuntu Pro (ESM) of it
        record(osv, "UBUNTU-CVE-2099-0001", "CVE-2099-0001", "Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.10", null);
        record(osv, "UBUNTU-CVE-2099-0002", "CVE-2099-0002", "Ubuntu:Pro:22.04:LTS", "openssl", "3.0.2-0ubuntu1.99", null);
        // severity order: the advisory's CVSS v4 beats its v3 and v2
        ObjectNode r = record(osv, "GHSA-test-0001-0001", "CVE-2099-0003", "PyPI", "example-pkg", "2.0", null);
        ArrayNode sev = r.putArray("severity");
        sev.addObject().put("type", "CVSS_V2").put("score", "AV:N/AC:L/Au:N/C:P/I:P/A:P");
        sev.addObject().put("type", "CVSS_V3").put("score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        sev.addObject().put("type", "CVSS_V4").put("score", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
        JSON.writeValue(osv.resolve("GHSA-test-0001-0001.json").toFile(), r);
        ObjectNode v2 = record(osv, "PYSEC-2099-2", "CVE-2099-0004", "PyPI", "example-pkg", "2.0", null);
        v2.putArray("severity").addObject().put("type", "CVSS_V2").put("score", "AV:N/AC:L/Au:N/C:P/I:P/A:P");
        JSON.writeValue(osv.resolve("PYSEC-2099-2.json").toFile(), v2);
        ObjectNode bad = record(osv, "PYSEC-2099-3", "CVE-2099-0005", "PyPI", "example-pkg", "2.0", null);
        bad.putArray("severity").addObject().put("type", "CVSS_V3").put("score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X");
        JSON.writeValue(osv.resolve("PYSEC-2099-3.json").toFile(), bad);
        TestStores.load(store, "osv-written", FeedKind.OSV, osv);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static ObjectNode record(Path dir, String id, String alias, String ecosystem, String name, String fixed, String withdrawn)
            throws Exception {
        ObjectNode r = JSON.createObjectNode().put("schema_version", "1.6.0").put("id", id).put("modified", "2026-11-01T00:00:00Z");
        r.putArray("aliases").add(alias);
        ObjectNode affected = r.putArray("affected").addObject();
        affected.putObject("package").put("ecosystem", ecosystem).put("name", name);
        ArrayNode events = affected.putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events");
        events.addObject().put("introduced", "0");
        events.addObject().put("fixed", fixed);
        JSON.writeValue(dir.resolve(id + ".json").toFile(), r);
        return r;
    }

    private static MatchResult match(Distro distro, Package... packages) {
        return new Matcher(store).match(new Sbom(null, distro, List.of(packages), List.of()));
    }

    private static Package apk(String name, String version) {
        String purl = "pkg:apk/alpine/" + name + "@" + version;
        return new Package(purl, "apk", "alpine", name, version, purl, List.of(), List.of(), new SourcePackage(name, version), "test", null, Map.of());
    }

    @Test
    void theFixOfTheInstalledStreamIsReported() {
        // GHSA-jfh8-c2jp-5v3q (Log4Shell) has ranges [2.0-beta9, 2.3.1), [2.4, 2.12.2), [2.13.0, 2.15.0)
        Finding f = match(null, TestStores.pkg("maven", "org.apache.logging.log4j", "log4j-core", "2.11.0")).findings().get(0);
        assertThat(f.id()).isEqualTo("CVE-2021-44228");
        assertThat(f.aliases()).contains("GHSA-jfh8-c2jp-5v3q");
        assertThat(f.fixedVersions()).containsExactly("2.12.2");
        assertThat(f.status()).isEqualTo(AffectedStatus.FIXED);
        assertThat(match(null, TestStores.pkg("maven", "org.apache.logging.log4j", "log4j-core", "2.14.1")).findings().get(0).fixedVersions())
                .containsExactly("2.15.0");
        assertThat(match(null, TestStores.pkg("maven", "org.apache.logging.log4j", "log4j-core", "2.15.0")).findings()).isEmpty();
    }

    @Test
    void lastKnownAffectedBoundsARangeWithoutFix() {
        // GHSA-fp5r-v3w9-4333: log4j 1.x, introduced 0 and no fix, GitHub says "<= 1.2.17"
        Finding f = match(null, TestStores.pkg("maven", "log4j", "log4j", "1.2.17")).findings().get(0);
        assertThat(f.status()).isEqualTo(AffectedStatus.AFFECTED);
        assertThat(f.fixable()).isFalse();
        assertThat(match(null, TestStores.pkg("maven", "log4j", "log4j", "1.2.18")).findings()).isEmpty();
    }

    @Test
    void alpineReleaseIsMajorMinorAndSecdbIsFixedOnly() {
        Distro alpine = new Distro("alpine", "3.11.6", null, "Alpine Linux v3.11");
        // musl 1.1.23-r2 fixes CVE-2019-14697
        assertThat(match(alpine, apk("musl", "1.1.24-r2")).findings()).isEmpty();
        Finding musl = match(alpine, apk("musl", "1.1.23-r1")).findings().get(0);
        assertThat(musl.id()).isEqualTo("CVE-2019-14697");
        assertThat(musl.ecosystem()).isEqualTo("Alpine:v3.11");
        assertThat(musl.fixedVersions()).containsExactly("1.1.23-r2");
        assertThat(musl.severity()).as("secdb rates nothing; no NVD here").isEqualTo(dev.warden.core.finding.Rating.UNKNOWN);
        // another release's image is not judged by v3.11's secdb
        assertThat(match(new Distro("alpine", "3.12.0", null, null), apk("musl", "1.1.23-r1")).findings()).isEmpty();
    }

    @Test
    void aCveFixedInTwoSecdbVersionsAffectsBelowTheHigher() {
        // busybox lists CVE-2019-5747 under 1.29.3-r10 and 1.30.1-r2
        Distro alpine = new Distro("alpine", "3.11.6", null, null);
        List<Finding> mid = match(alpine, apk("busybox", "1.30.1-r1")).findings().stream().filter(f -> f.id().equals("CVE-2019-5747")).toList();
        assertThat(mid).hasSize(1);
        assertThat(mid.get(0).fixedVersions()).containsExactly("1.30.1-r2");
        assertThat(match(alpine, apk("busybox", "1.30.1-r2")).findings()).noneMatch(f -> f.id().equals("CVE-2019-5747"));
    }

    @Test
    void ubuntuProEntriesAreNotUsedForLtsImages() {
        Distro jammy = new Distro("ubuntu", "22.04", "jammy", null);
        Package openssl = new Package("pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.9", "deb", "ubuntu", "libssl3", "3.0.2-0ubuntu1.9",
                "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.9", List.of(), List.of(), new SourcePackage("openssl", "3.0.2-0ubuntu1.9"), "test", null, Map.of());
        List<Finding> findings = match(jammy, openssl).findings();
        assertThat(findings).extracting(Finding::id).containsExactly("CVE-2099-0001");
        assertThat(findings.get(0).pkg().name()).isEqualTo("libssl3");
        assertThat(findings.get(0).matchedName()).isEqualTo("openssl");
    }

    @Test
    void severityPrefersCvssV4ThenV3ThenV2AndScoresVectors() {
        Finding f = match(null, TestStores.pkg("pypi", null, "Example_Pkg", "1.0")).findings().stream()
                .filter(x -> x.id().equals("CVE-2099-0003")).findFirst().orElseThrow();
        assertThat(f.severity().kind()).isEqualTo("CVSS_V4");
        // base scores of these vectors per the CVSS v4.0 and v3.1 specifications' calculators
        assertThat(f.severity().score()).isEqualTo(9.3);
        assertThat(f.severity().level()).isEqualTo(SeverityLevel.CRITICAL);
        assertThat(f.ratings()).extracting(dev.warden.core.finding.Rating::kind).containsExactly("CVSS_V4", "CVSS_V3", "CVSS_V2");
        assertThat(f.ratings().get(1).score()).isEqualTo(9.8);
        assertThat(f.ratings().get(2).score()).isEqualTo(7.5);
        Finding v2 = match(null, TestStores.pkg("pypi", null, "example-pkg", "1.0")).findings().stream()
                .filter(x -> x.id().equals("CVE-2099-0004")).findFirst().orElseThrow();
        assertThat(v2.severity().level()).as("CVSS v2 has no critical band").isEqualTo(SeverityLevel.HIGH);
    }

    @Test
    void goToolchainIsMatchedAsStdlibWithoutTheGoPrefix() {
        assertThat(GoMatcher.toolchainVersion("go1.19.8")).isEqualTo("1.19.8");
        assertThat(GoMatcher.toolchainVersion("go1.21rc2")).isEqualTo("1.21.0-rc.2");
        assertThat(GoMatcher.toolchainVersion("go1.20")).isEqualTo("1.20.0");
        assertThat(GoMatcher.toolchainVersion("devel go1.22-abcdef")).isNull();
        MatchResult r = match(null, TestStores.pkg("golang", null, "stdlib", "go1.19.8"), TestStores.pkg("golang", null, "stdlib", "devel +abc"));
        assertThat(r.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.matchedVersion()).isEqualTo("1.19.8"));
        assertThat(r.warnings()).anyMatch(w -> w.contains("devel +abc") && w.contains("not a release"));
    }

    @Test
    void languagePackagesOwnedByAnOsPackageAreLeftToItsAdvisories() {
        Package owned = new Package("jar", "maven", "org.apache.logging.log4j", "log4j-core", "2.14.1",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", List.of(), List.of(), null, "java-archive", null,
                Map.of(PackageProperties.OWNED_BY, "pkg:deb/debian/liblog4j2-java@2.14.1-1?distro=debian-12"));
        MatchResult r = match(null, owned);
        assertThat(r.findings()).isEmpty();
        assertThat(r.warnings()).anyMatch(w -> w.contains("belong to OS packages"));
    }

    @Test
    void groupLessJarsAreOneCountedWarningNotOneEach() {
        Package[] jars = new Package[7];
        for (int i = 0; i < jars.length; i++) {
            jars[i] = TestStores.pkg("maven", null, "lib" + i, "1.0");
        }
        MatchResult r = match(null, jars);
        assertThat(r.findings()).isEmpty();
        assertThat(r.warnings()).filteredOn(w -> w.contains("without a group id")).singleElement().satisfies(w -> {
            assertThat(w).startsWith("7 packages: Maven package without a group id, not matched (");
            assertThat(w).contains("lib0").contains("lib4").doesNotContain("lib5").endsWith(", ...)");
        });
        MatchResult one = match(null, TestStores.pkg("maven", null, "alone", "1.0"));
        assertThat(one.warnings()).anyMatch(w -> w.contains("alone") && w.endsWith(": Maven package without a group id, not matched"));
    }

    @Test
    void invalidVersionsAndUnknownDistrosAreWarningsNotFindings() {
        MatchResult r = match(new Distro("plan9", "4", null, null),
                TestStores.pkg("maven", "org.apache.logging.log4j", "log4j-core", ""),
                TestStores.pkg("pypi", null, "example-pkg", "not a version!"),
                apk("musl", "1.1.23-r1"));
        assertThat(r.findings()).isEmpty();
        assertThat(r.warnings()).anyMatch(w -> w.contains("example-pkg") && w.contains("not a valid pypi version"));
        assertThat(r.warnings()).anyMatch(w -> w.contains("OS packages not matched") && w.contains("plan9"));
        assertThat(r.warnings()).anyMatch(w -> w.contains("log4j-core") && w.contains("no version"));
    }

    @Test
    void osAdvisoriesNeverMatchLanguagePackagesOfTheSameName() {
        // secdb has "openssl"; a PyPI or npm package called openssl is judged only by its own ecosystem
        assertThat(match(new Distro("alpine", "3.11.6", null, null), TestStores.pkg("pypi", null, "openssl", "0.1")).findings()).isEmpty();
    }

    private static Package rpm(String name, String version, String source) {
        String purl = "pkg:rpm/almalinux/" + name + "@" + version;
        return new Package(purl, "rpm", "almalinux", name, version, purl, List.of(), List.of(), new SourcePackage(source, version), "test", null, Map.of());
    }

    /** rpm's own answer to "a < b" (rpm 4.18's rpm.vercmp). */
    private static boolean rpmLess(String a, String b) {
        String out = TestStores.run(null, "Debian package rpm", "rpm", "--eval", "%{lua: print(rpm.vercmp('" + a + "', '" + b + "'))}");
        return out.strip().equals("-1");
    }

    @Tag("live") // rpm --eval rpm.vercmp
    @Test
    void rpmPackagesAreMatchedByBinaryAndSourceNameAsOneFinding() {
        // ALSA-2024:2433 names every avahi binary package of AlmaLinux 9, fixed in 0.8-20.el9
        Distro alma = new Distro("almalinux", "9.3", null, "AlmaLinux 9.3");
        for (String installed : List.of("0.8-12.el9", "0.8-15.el9_3.1", "0.8-20.el9", "0.8-21.el9")) {
            List<Finding> findings = match(alma, rpm("avahi-libs", installed, "avahi")).findings();
            if (rpmLess(installed, "0.8-20.el9")) {
                assertThat(findings).as(installed).hasSize(1);
                assertThat(findings.get(0).id()).isEqualTo("ALSA-2024:2433");
                assertThat(findings.get(0).fixedVersions()).containsExactly("0.8-20.el9");
                assertThat(findings.get(0).pkg().name()).isEqualTo("avahi-libs");
            } else {
                assertThat(findings).as(installed).isEmpty();
            }
        }
        assertThat(match(new Distro("almalinux", "8.9", null, null), rpm("avahi-libs", "0.8-12.el9", "avahi")).findings())
                .as("an AlmaLinux 8 image").isEmpty();
    }

    @Test
    void titlesWithoutSummaryAreTheFirstSentenceOfTheWrappedDescription() {
        // PyPA records have no summary and hard-wrap their details
        assertThat(FindingAssembler.firstLine("When installing a package from a Mercurial VCS URL  (ie \"pip install \nhg+...\") with pip"
                + " prior to v23.3, the revision could\n be used. This does not affect others."))
                .isEqualTo("When installing a package from a Mercurial VCS URL (ie \"pip install hg+...\") with pip prior to v23.3,"
                        + " the revision could be used.");
        assertThat(FindingAssembler.firstLine("x".repeat(500))).hasSize(160).endsWith("...");
    }

    @Test
    void warningsAreCappedSoBrokenSbomsDoNotDrownTheReport() {
        Package[] broken = new Package[Matcher.MAX_WARNINGS + 500];
        for (int i = 0; i < broken.length; i++) {
            broken[i] = TestStores.pkg("pypi", null, "example-pkg", "bad version " + i);
        }
        MatchResult r = match(null, broken);
        assertThat(r.findings()).isEmpty();
        assertThat(r.warnings()).hasSize(Matcher.MAX_WARNINGS + 1);
        assertThat(r.warnings().get(Matcher.MAX_WARNINGS)).isEqualTo("500 more warnings not shown");
    }

    private static Package ubuntuDeb(String name, String version, String source) {
        String purl = "pkg:deb/ubuntu/" + name + "@" + version;
        return new Package(purl, "deb", "ubuntu", name, version, purl, List.of(), List.of(), new SourcePackage(source, version), "test", null, Map.of());
    }

    @Tag("live") // dpkg --compare-versions
    @Test
    void realUbuntuRecordMatchesItsLtsStreamWithUbuntusPriorityFirst() {
        // UBUNTU-CVE-2021-3782 (upstream CVE-2021-3782): wayland fixed in 1.20.0-1ubuntu0.1 for 22.04, a Pro-only fix for 16.04
        Distro jammy = new Distro("ubuntu", "22.04", "jammy", null);
        for (String installed : List.of("1.20.0-1", "1.20.0-1ubuntu0.1")) {
            List<Finding> findings = match(jammy, ubuntuDeb("libwayland-client0", installed, "wayland")).findings();
            boolean affected = TestStores.run(null, "Debian package dpkg", "sh", "-c",
                    "dpkg --compare-versions '" + installed + "' lt 1.20.0-1ubuntu0.1 && echo yes || echo no").strip().equals("yes");
            assertThat(findings).as(installed).hasSize(affected ? 1 : 0);
            if (affected) {
                Finding f = findings.get(0);
                assertThat(f.id()).isEqualTo("CVE-2021-3782");
                assertThat(f.aliases()).containsExactly("UBUNTU-CVE-2021-3782");
                assertThat(f.ecosystem()).isEqualTo("Ubuntu:22.04:LTS");
                assertThat(f.fixedVersions()).containsExactly("1.20.0-1ubuntu0.1");
                assertThat(f.severity().source()).isEqualTo("ubuntu");
                assertThat(f.severity().level()).isEqualTo(SeverityLevel.MEDIUM);
                // CVSS 3.1 base score of the vector: impact 4.70 + exploitability 1.83, rounded up
                assertThat(f.ratings()).anyMatch(r -> "CVSS_V3".equals(r.kind()) && Double.valueOf(6.6).equals(r.score()));
            }
        }
        assertThat(match(new Distro("ubuntu", "16.04", "xenial", null), ubuntuDeb("libwayland-client0", "1.12.0-1~ubuntu16.04.3", "wayland"))
                .findings()).as("16.04 has only a Pro fix").isEmpty();
    }

    @Test
    void aVectorThatCannotBeScoredIsAWarningNamingTheRecord() {
        MatchResult r = match(null, TestStores.pkg("pypi", null, "example-pkg", "1.0"));
        Finding f = r.findings().stream().filter(x -> x.id().equals("CVE-2099-0005")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(dev.warden.core.finding.Rating.UNKNOWN);
        assertThat(r.warnings()).contains("PYSEC-2099-3: CVSS_V3 vector 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:X' cannot be scored; ignored");
    }
}
