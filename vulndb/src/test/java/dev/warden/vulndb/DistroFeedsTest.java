package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian tracker, Alpine/Wolfi secdb, NVD, KEV and EPSS in their real formats. */
class DistroFeedsTest {

    @TempDir
    Path tmp;

    private static Map<String, AffectedStatus> statusByEcosystem(Advisory a) {
        return a.affected().stream().collect(Collectors.toMap(AffectedPackage::ecosystem, AffectedPackage::status));
    }

    @Test
    void debianTrackerSampleMapsReleasesAndStatuses() throws IOException {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            Path file = TestFeeds.resource("debian-security-tracker-sample.json", tmp);
            assertThat(FeedFormats.detect(file)).isEqualTo(FeedKind.DEBIAN_TRACKER);
            ImportReport report = TestFeeds.load(store, "debian-tracker", FeedKind.DEBIAN_TRACKER, file);
            // 7 (CVE, package) entries; chromium-browser CVE-2022-0358 has no releases left
            assertThat(report.records()).isEqualTo(7);
            assertThat(report.warnings()).isEmpty();

            Advisory chromium = store.findByPackage("deb", "chromium").get(0);
            assertThat(chromium.id()).isEqualTo("CVE-2022-0456");
            assertThat(chromium.source()).isEqualTo("debian-tracker");
            assertThat(statusByEcosystem(chromium)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "Debian:12", AffectedStatus.FIXED, "Debian:11", AffectedStatus.FIXED, "Debian:10", AffectedStatus.END_OF_LIFE,
                    "Debian:sid", AffectedStatus.FIXED, "Debian:9", AffectedStatus.END_OF_LIFE));
            AffectedPackage bullseye = chromium.affected().stream().filter(p -> p.ecosystem().equals("Debian:11")).findFirst().orElseThrow();
            assertThat(bullseye.fixedVersions()).containsExactly("98.0.4758.80-1~deb11u1");
            assertThat(bullseye.distroRelease()).isEqualTo("11");
            assertThat(bullseye.purlType()).isEqualTo("deb");

            // fixed_version "0": the release never had the bug
            Advisory proto = store.findById("CVE-2007-2383").orElseThrow();
            assertThat(proto.affected()).allSatisfy(p -> assertThat(p.status()).isEqualTo(AffectedStatus.NOT_AFFECTED));
            // urgency without the tracker's "**" markers
            Advisory txt2man = store.findById("CVE-2013-1444").orElseThrow();
            assertThat(txt2man.affected().get(0).extra()).containsEntry(AffectedPackage.URGENCY, "low");
        }
    }

    @Test
    void everyTrackerStatusBecomesTheRightAffectedStatus() throws IOException {
        String json = """
                {"openssl": {"CVE-2099-0001": {"description": "test", "releases": {
                  "bookworm": {"status": "resolved", "fixed_version": "3.0.11-1~deb12u2", "urgency": "medium"},
                  "bullseye": {"status": "resolved", "fixed_version": "0", "urgency": "not yet assigned"},
                  "buster":   {"status": "open", "urgency": "end-of-life"},
                  "trixie":   {"status": "open", "urgency": "unimportant"},
                  "forky":    {"status": "open", "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": "postponed"},
                  "stretch":  {"status": "open", "urgency": "low", "nodsa": "Minor issue", "nodsa_reason": "ignored"},
                  "jessie":   {"status": "open", "urgency": "low", "nodsa": "Minor issue"},
                  "sid":      {"status": "open", "urgency": "high"},
                  "duke":     {"status": "undetermined", "urgency": "not yet assigned"}}}},
                 "glibc": {"CVE-2099-0001": {"description": "test", "releases": {
                  "bookworm": {"status": "resolved", "fixed_version": "2.36-9+deb12u4", "urgency": "medium"}}}}}
                """;
        Path file = Files.writeString(tmp.resolve("tracker.json"), json);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "debian-tracker", FeedKind.DEBIAN_TRACKER, file);
            Advisory a = store.findByPackage("Debian", "openssl").get(0);
            assertThat(statusByEcosystem(a)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "Debian:12", AffectedStatus.FIXED, "Debian:11", AffectedStatus.NOT_AFFECTED,
                    "Debian:10", AffectedStatus.END_OF_LIFE, "Debian:13", AffectedStatus.WILL_NOT_FIX,
                    "Debian:14", AffectedStatus.FIX_DEFERRED, "Debian:9", AffectedStatus.WILL_NOT_FIX,
                    "Debian:8", AffectedStatus.WILL_NOT_FIX, "Debian:sid", AffectedStatus.AFFECTED,
                    "Debian:15", AffectedStatus.AFFECTED));
            assertThat(a.affected().stream().filter(p -> p.ecosystem().equals("Debian:15")).findFirst().orElseThrow().extra())
                    .containsEntry("tracker_status", "undetermined");
            // one CVE named under two source packages: both kept under one advisory
            assertThat(store.findById("CVE-2099-0001").orElseThrow().affected()).extracting(AffectedPackage::name)
                    .containsOnly("openssl", "glibc").contains("glibc");
            assertThat(store.findByPackage("deb", "glibc")).hasSize(1);
        }
    }

    @Test
    void alpineSecdbYamlAndJsonAreFixedOnly() throws IOException {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            Path main311 = TestFeeds.resource("alpine-secdb-v3.11-main.yaml", tmp);
            assertThat(FeedFormats.detect(main311)).isEqualTo(FeedKind.ALPINE_SECDB);
            ImportReport report = TestFeeds.load(store, "alpine-v3.11-main", FeedKind.ALPINE_SECDB, main311);
            // counted with PyYAML over the same file: 1,116 distinct ids over 176 packages
            assertThat(report.records()).isEqualTo(1116);
            assertThat(store.counts()).containsEntry("advisory", 1116L);
            TestFeeds.load(store, "alpine-v3.15-main", FeedKind.ALPINE_SECDB, TestFeeds.resource("alpine-secdb-v3.15-main-sample.yaml", tmp));
            Advisory zlib = store.findById("CVE-2018-25032").orElseThrow();
            AffectedPackage p = zlib.affected().stream().filter(x -> x.ecosystem().equals("Alpine:v3.15")).findFirst().orElseThrow();
            assertThat(p.name()).isEqualTo("zlib");
            assertThat(p.purlType()).isEqualTo("apk");
            assertThat(p.fixedVersions()).containsExactly("1.2.12-r0");
            assertThat(p.status()).isEqualTo(AffectedStatus.FIXED);
            // the v3.11 file must not have been overwritten by the v3.15 one for ids they share
            assertThat(store.findByPackage("apk", "ansible").stream().map(Advisory::id)).contains("CVE-2019-14904");

            Path wolfi = TestFeeds.resource("wolfi-secdb-sample.json", tmp);
            TestFeeds.load(store, "wolfi", FeedKind.ALPINE_SECDB, wolfi);
            assertThat(store.findByPackage("Wolfi", "binutils")).extracting(Advisory::id).contains("CVE-2022-38126");
            assertThat(store.findByPackage("Wolfi", "binutils").get(0).affected().get(0).ecosystem()).isEqualTo("Wolfi");
        }
    }

    @Test
    void secdbZeroMeansNotAffectedAndContradictionsWarn() throws IOException {
        String json = """
                {"distroversion": "v3.19", "reponame": "main", "urlprefix": "https://dl-cdn.alpinelinux.org/alpine",
                 "packages": [
                   {"pkg": {"name": "busybox", "secfixes": {"0": ["CVE-2099-1000"], "1.36.1-r2": ["CVE-2099-1001 CVE-2099-1002"]}}},
                   {"pkg": {"name": "curl", "secfixes": {"0": ["CVE-2099-2000"], "8.5.0-r0": ["CVE-2099-2000"], "8.6.0-r0": ["no id here"]}}}]}
                """;
        Path file = Files.writeString(tmp.resolve("main.json"), json);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "alpine-v3.19-main", FeedKind.ALPINE_SECDB, file);
            assertThat(store.findById("CVE-2099-1000").orElseThrow().affected().get(0).status()).isEqualTo(AffectedStatus.NOT_AFFECTED);
            // two ids on one line
            assertThat(store.findById("CVE-2099-1002").orElseThrow().affected().get(0).fixedVersions()).containsExactly("1.36.1-r2");
            assertThat(store.findById("CVE-2099-2000").orElseThrow().affected()).singleElement()
                    .satisfies(p -> assertThat(p.status()).isEqualTo(AffectedStatus.FIXED));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("CVE-2099-2000").contains("curl").contains("not affected"))
                    .anySatisfy(w -> assertThat(w).contains("curl").contains("8.6.0-r0").contains("no advisory id"));
        }
    }

    @Test
    void nvdPageKeepsCvssAndDescriptions() throws IOException {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            Path page = TestFeeds.resource("nvd-api2-full-page.json", tmp);
            assertThat(FeedFormats.detect(page)).isEqualTo(FeedKind.NVD);
            assertThat(TestFeeds.load(store, "nvd", FeedKind.NVD, page).records()).isEqualTo(38);
            var nvd = store.nvd("CVE-2023-27314").orElseThrow();
            assertThat(nvd.description()).isNotBlank();
            assertThat(nvd.severities()).isNotEmpty().allSatisfy(s -> {
                assertThat(s.type()).isEqualTo(Severity.SeverityType.CVSS_V3);
                assertThat(s.value()).startsWith("CVSS:3.1/");
                assertThat(s.score()).isBetween(0.0, 10.0);
            });
            ImportReport one = TestFeeds.load(store, "nvd-one", FeedKind.NVD, TestFeeds.resource("nvd-api2-single-entry.json", tmp));
            assertThat(one.records()).isEqualTo(1);
            assertThat(one.warnings()).isEmpty();
            // NVD's zone-less timestamps are UTC
            assertThat(store.nvd("CVE-2022-1576").orElseThrow().published()).isEqualTo(java.time.Instant.parse("2022-07-11T13:15:08.503Z"));
        }
    }

    @Test
    void kevAndEpss() throws IOException {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            Path kev = TestFeeds.resource("known_exploited_vulnerabilities.json", tmp);
            assertThat(FeedFormats.detect(kev)).isEqualTo(FeedKind.KEV);
            assertThat(TestFeeds.load(store, "kev", FeedKind.KEV, kev).records()).isEqualTo(1404);
            var log4shell = store.kev("CVE-2021-44228").orElseThrow();
            assertThat(log4shell.vendorProject()).isEqualTo("Apache");
            assertThat(log4shell.dateAdded()).isEqualTo(LocalDate.of(2021, 12, 10));
            assertThat(log4shell.dueDate()).isEqualTo(LocalDate.of(2021, 12, 24));
            assertThat(store.kev("CVE-1999-0001")).isEmpty();

            Path epss = TestFeeds.resource("epss-sample.csv", tmp);
            assertThat(FeedFormats.detect(epss)).isEqualTo(FeedKind.EPSS);
            assertThat(TestFeeds.load(store, "epss", FeedKind.EPSS, epss).records()).isEqualTo(5);
            var e = store.epss("CVE-1999-0005").orElseThrow();
            assertThat(e.score()).isEqualTo(0.91963);
            assertThat(e.percentile()).isEqualTo(0.99214);
            assertThat(e.modelVersion()).isEqualTo("v2023.03.01");
            assertThat(e.scoreDate()).isEqualTo(LocalDate.of(2025, 2, 20));
        }
    }

    @Test
    void ubuntuUpstreamBecomesAnAliasAndReleaseIsParsed() throws IOException {
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "osv-Ubuntu", FeedKind.OSV, TestFeeds.resource("ubuntu-osv-UBUNTU-CVE-2021-3782.json", tmp));
            List<Advisory> wayland = store.findByPackage("deb", "wayland");
            assertThat(wayland).singleElement().satisfies(a -> {
                assertThat(a.aliases()).containsExactly("CVE-2021-3782");
                assertThat(a.related()).contains("USN-5614-1");
                assertThat(a.affected()).extracting(AffectedPackage::distroRelease).contains("16.04", "18.04");
                assertThat(a.severities()).contains(new Severity("ubuntu", Severity.SeverityType.RATING, "medium", null));
            });
        }
    }
}
