package dev.warden.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.Catalog;
import dev.warden.catalog.os.DpkgCataloger;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.TestImages;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debootstrap bookworm image against Debian Security Tracker entries and OSV {@code Debian:12}
 * records built here from the image's own source packages: every status, binNMU ({@code +b1}) binaries,
 * epochs, {@code ~} versions, a source whose name and version differ from its binaries'. Which versions
 * are affected is decided by {@code dpkg --compare-versions}; which binaries a source has by dpkg-query.
 */
@Tag("live") // a debootstrap root against dpkg-query
class DebianMatchingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tracker entry: what the distro says for bookworm (or another release), and the status it means. */
    record TrackerCase(String cve, String source, String release, String status, String fixedVersion, String urgency,
                       String nodsaReason, AffectedStatus meaning) {}

    /** source name -> source version, and source name -> its binaries, as dpkg-query reads the image. */
    static Map<String, String> sourceVersions = new HashMap<>();
    static Map<String, Set<String>> binaries = new HashMap<>();
    static MatchResult result;
    static List<TrackerCase> cases;
    static String kevCve;

    @BeforeAll
    static void matchTheImage(@TempDir Path dir) throws Exception {
        Path rootfs = TestImages.debootstrapRootfs();
        String query = TestStores.run(null, "Debian package dpkg", "dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"),
                "-W", "-f", "${Package}\t${source:Package}\t${source:Version}\n");
        for (String line : TestStores.lines(query)) {
            String[] f = line.split("\t");
            sourceVersions.put(f[1], f[2]);
            binaries.computeIfAbsent(f[1], k -> new TreeSet<>()).add(f[0]);
        }
        kevCve = JSON.readTree(TestStores.resource("advisories/known_exploited_vulnerabilities.json").toFile())
                .path("vulnerabilities").get(0).path("cveID").asText();
        cases = List.of(
                // binNMU: the binaries are 1.0.8-5+b1, the source 1.0.8-5; the tracker speaks of the source
                new TrackerCase("CVE-2099-0001", "bzip2", "bookworm", "resolved", "1.0.8-5+b1", "low", null, AffectedStatus.FIXED),
                new TrackerCase("CVE-2099-0002", "bzip2", "bookworm", "resolved", "1.0.8-5", "low", null, AffectedStatus.FIXED),
                // epoch: 1:2.66-4+deb12u3 is above 2.66-5, below 1:2.66-4+deb12u4
                new TrackerCase("CVE-2099-0003", "libcap2", "bookworm", "resolved", "2.66-5", "medium", null, AffectedStatus.FIXED),
                new TrackerCase("CVE-2099-0004", "libcap2", "bookworm", "resolved", "1:2.66-4+deb12u4", "medium", null, AffectedStatus.FIXED),
                // tilde: 252.39-1~deb12u2 is below 252.39-1
                new TrackerCase("CVE-2099-0005", "systemd", "bookworm", "resolved", "252.39-1", "high", null, AffectedStatus.FIXED),
                new TrackerCase("CVE-2099-0006", "systemd", "bookworm", "resolved", "252.39-1~deb12u2", "high", null, AffectedStatus.FIXED),
                new TrackerCase("CVE-2099-0007", "systemd", "bookworm", "resolved", "0", "high", null, AffectedStatus.NOT_AFFECTED),
                new TrackerCase("CVE-2099-0008", "util-linux", "bookworm", "open", null, "low", null, AffectedStatus.AFFECTED),
                new TrackerCase("CVE-2099-0009", "pam", "bookworm", "open", null, "unimportant", null, AffectedStatus.WILL_NOT_FIX),
                new TrackerCase("CVE-2099-0010", "glibc", "bookworm", "open", null, "low", "ignored", AffectedStatus.WILL_NOT_FIX),
                new TrackerCase("CVE-2099-0011", "gnutls28", "bookworm", "open", null, "medium", "postponed", AffectedStatus.FIX_DEFERRED),
                new TrackerCase("CVE-2099-0012", "e2fsprogs", "bookworm", "open", null, "end-of-life", null, AffectedStatus.END_OF_LIFE),
                new TrackerCase("CVE-2099-0013", "xz-utils", "bullseye", "open", null, "high", null, AffectedStatus.AFFECTED),
                new TrackerCase("CVE-2099-0014", "nettle", "bookworm", "undetermined", null, "not yet assigned", null, AffectedStatus.AFFECTED),
                // real ids: KEV, EPSS and NVD enrichment
                new TrackerCase(kevCve, "apt", "bookworm", "open", null, "not yet assigned", null, AffectedStatus.AFFECTED),
                new TrackerCase("CVE-1999-0001", "gmp", "bookworm", "open", null, "high", null, AffectedStatus.AFFECTED),
                new TrackerCase("CVE-2022-1576", "libxcrypt", "bookworm", "open", null, "not yet assigned", null, AffectedStatus.AFFECTED));

        ObjectNode tracker = JSON.createObjectNode();
        for (TrackerCase c : cases) {
            ObjectNode release = ((ObjectNode) tracker.with(c.source()).with(c.cve()).put("description", "test entry " + c.cve())
                    .with("releases")).putObject(c.release());
            release.put("status", c.status()).put("urgency", c.urgency());
            if (c.fixedVersion() != null) {
                release.put("fixed_version", c.fixedVersion());
            }
            if (c.nodsaReason() != null) {
                release.put("nodsa", "Minor issue").put("nodsa_reason", c.nodsaReason());
            }
        }
        Path trackerFile = dir.resolve("tracker.json");
        JSON.writeValue(trackerFile.toFile(), tracker);

        Path osv = Files.createDirectories(dir.resolve("osv"));
        // the same vulnerability as tracker case 4, as osv.dev publishes Debian: one finding, both records kept
        osvRecord(osv, "DEBIAN-CVE-2099-0004", "CVE-2099-0004", "Debian:12", "libcap2", "1:2.66-4+deb12u4", false);
        osvRecord(osv, "DEBIAN-CVE-2099-0101", null, "Debian:12", "acl", "2.3.1-3+deb12u1", false);
        osvRecord(osv, "DEBIAN-CVE-2099-0102", null, "Debian:11", "acl", "2.3.1-4", false);
        osvRecord(osv, "DEBIAN-CVE-2099-0103", null, "Debian:12", "nettle", null, false);
        osvRecord(osv, "DEBIAN-CVE-2099-0104", null, "Debian:12", "lz4", null, true);

        Sbom sbom;
        try (ImageSource source = ImageSources.open("fs://" + rootfs.toAbsolutePath(), SourceOptions.defaults(dir.resolve("cache")))) {
            sbom = new Catalog(List.of(new DpkgCataloger()), dir).run(source.info(), source.files());
        }
        try (AdvisoryStore store = TestStores.open(dir)) {
            TestStores.load(store, "debian-tracker", FeedKind.DEBIAN_TRACKER, trackerFile);
            TestStores.load(store, "osv-Debian", FeedKind.OSV, osv);
            TestStores.load(store, "kev", FeedKind.KEV, TestStores.resource("advisories/known_exploited_vulnerabilities.json"));
            TestStores.load(store, "epss", FeedKind.EPSS, TestStores.resource("advisories/epss-sample.csv"));
            TestStores.load(store, "nvd", FeedKind.NVD, TestStores.resource("advisories/nvd-api2-single-entry.json"));
            result = new Matcher(store).match(sbom);
        }
    }

    private static void osvRecord(Path dir, String id, String alias, String ecosystem, String pkg, String fixed, boolean withdrawn) throws Exception {
        ObjectNode r = JSON.createObjectNode().put("schema_version", "1.6.0").put("id", id).put("modified", "2026-11-01T00:00:00Z");
        if (alias != null) {
            r.putArray("aliases").add(alias);
        }
        if (withdrawn) {
            r.put("withdrawn", "2026-11-02T00:00:00Z");
        }
        ObjectNode affected = r.putArray("affected").addObject();
        affected.putObject("package").put("ecosystem", ecosystem).put("name", pkg);
        ArrayNode events = affected.putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events");
        events.addObject().put("introduced", "0");
        if (fixed != null) {
            events.addObject().put("fixed", fixed);
        }
        JSON.writeValue(dir.resolve(id + ".json").toFile(), r);
    }

    /** dpkg's own answer to "installed < fixed". */
    private static boolean dpkgLess(String installed, String fixed) {
        try {
            Process p = new ProcessBuilder("dpkg", "--compare-versions", installed, "lt", fixed).start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            throw new AssertionError("the test needs dpkg", e);
        }
    }

    /** Binary name -> status of the findings with this id. */
    private static Map<String, AffectedStatus> findings(String id) {
        return result.findings().stream().filter(f -> f.id().equals(id))
                .collect(Collectors.toMap(f -> f.pkg().name(), Finding::status, (a, b) -> {
                    throw new AssertionError("two findings of " + id + " for one package");
                }, LinkedHashMap::new));
    }

    private static Map<String, AffectedStatus> allBinaries(String source, AffectedStatus status) {
        assertThat(binaries).as("the image has source package " + source).containsKey(source);
        Map<String, AffectedStatus> out = new LinkedHashMap<>();
        binaries.get(source).forEach(b -> out.put(b, status));
        return out;
    }

    @Test
    void everyTrackerEntryGivesTheStatusTheTrackerMeans() {
        List<String> checked = new ArrayList<>();
        for (TrackerCase c : cases) {
            Map<String, AffectedStatus> expected;
            if (!c.release().equals("bookworm") || c.meaning() == AffectedStatus.NOT_AFFECTED) {
                expected = Map.of();
            } else if (c.meaning() == AffectedStatus.FIXED) {
                boolean affected = dpkgLess(sourceVersions.get(c.source()), c.fixedVersion());
                expected = affected ? allBinaries(c.source(), AffectedStatus.FIXED) : Map.of();
            } else {
                expected = allBinaries(c.source(), c.meaning());
            }
            assertThat(findings(c.cve())).as(c.toString()).containsExactlyInAnyOrderEntriesOf(expected);
            checked.add(c.cve() + " " + expected.size());
        }
        System.out.println("Debian tracker cases: " + checked);
        // the cases are not vacuous: binNMU, epoch and tilde cases go both ways
        assertThat(findings("CVE-2099-0001")).isNotEmpty();
        assertThat(findings("CVE-2099-0002")).isEmpty();
        assertThat(findings("CVE-2099-0003")).isEmpty();
        assertThat(findings("CVE-2099-0004")).isNotEmpty();
        assertThat(findings("CVE-2099-0005")).isNotEmpty();
        assertThat(findings("CVE-2099-0006")).isEmpty();
    }

    @Test
    void findingsNameTheBinaryAndCompareTheSource() {
        for (Finding f : result.findings().stream().filter(f -> f.id().equals("CVE-2099-0001")).toList()) {
            assertThat(f.matchedName()).isEqualTo("bzip2");
            assertThat(f.matchedVersion()).isEqualTo(sourceVersions.get("bzip2"));
            assertThat(f.pkg().name()).isNotEqualTo("bzip2").isIn(binaries.get("bzip2"));
            assertThat(f.pkg().version()).endsWith("+b1");
            assertThat(f.fixedVersions()).containsExactly("1.0.8-5+b1");
            assertThat(f.fixable()).isTrue();
            assertThat(f.ecosystem()).isEqualTo("Debian:12");
            assertThat(f.severity().level()).isEqualTo(SeverityLevel.LOW);
            assertThat(f.severity().source()).isEqualTo("debian-tracker");
        }
    }

    @Test
    void osvDebianRecordsMatchTheirReleaseOnlyAndMergeWithTheTracker() {
        boolean aclAffected = dpkgLess(sourceVersions.get("acl"), "2.3.1-3+deb12u1");
        assertThat(findings("DEBIAN-CVE-2099-0101")).isEqualTo(aclAffected ? allBinaries("acl", AffectedStatus.FIXED) : Map.of());
        assertThat(findings("DEBIAN-CVE-2099-0102")).as("a Debian:11 record").isEmpty();
        assertThat(findings("DEBIAN-CVE-2099-0103")).isEqualTo(allBinaries("nettle", AffectedStatus.AFFECTED));
        assertThat(findings("DEBIAN-CVE-2099-0104")).as("withdrawn").isEmpty();
        assertThat(result.warnings()).anyMatch(w -> w.contains("withdrawn") && w.contains("DEBIAN-CVE-2099-0104"));
        for (Finding f : result.findings().stream().filter(f -> f.id().equals("CVE-2099-0004")).toList()) {
            assertThat(f.advisoryIds()).containsExactlyInAnyOrder("CVE-2099-0004", "DEBIAN-CVE-2099-0004");
            assertThat(f.aliases()).containsExactly("DEBIAN-CVE-2099-0004");
            assertThat(f.fixedVersions()).containsExactly("1:2.66-4+deb12u4");
        }
    }

    @Test
    void severityKevEpssAndNvdEnrichment() {
        List<Finding> kev = result.findings().stream().filter(f -> f.id().equals(kevCve)).toList();
        assertThat(kev).isNotEmpty().allSatisfy(f -> {
            assertThat(f.kev()).isNotNull();
            assertThat(f.kev().dueDate()).isNotNull();
        });
        List<Finding> epss = result.findings().stream().filter(f -> f.id().equals("CVE-1999-0001")).toList();
        assertThat(epss).isNotEmpty().allSatisfy(f -> {
            assertThat(f.epss()).isNotNull();
            assertThat(f.epss().score()).isEqualTo(0.00383);
            assertThat(f.severity().level()).as("the distro's urgency comes first").isEqualTo(SeverityLevel.HIGH);
        });
        List<Finding> nvd = result.findings().stream().filter(f -> f.id().equals("CVE-2022-1576")).toList();
        assertThat(nvd).isNotEmpty().allSatisfy(f -> {
            assertThat(f.severity().source()).as("no distro rating: NVD's").isNotEqualTo("debian-tracker");
            assertThat(f.severity().score()).isNotNull();
            assertThat(f.severity().vector()).startsWith("CVSS:3");
            assertThat(f.description()).isNotBlank();
        });
        assertThat(result.findings().stream().filter(f -> f.id().equals("CVE-2099-0009")))
                .allSatisfy(f -> assertThat(f.severity().level()).isEqualTo(SeverityLevel.NEGLIGIBLE));
    }
}
