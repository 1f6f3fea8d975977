package dev.warden.report;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scans built by hand for the format tests (the CLI tests use real matching on real images). The values are
 * modelled on real advisories but are test data: what the tests check is how each format carries them.
 */
final class SampleScans {
    private SampleScans() {}

    static final String LAYER = "sha256:" + "ab".repeat(32);

    static Package deb(String name, String version, String source, String sourceVersion) {
        return new Package("pkg-deb-" + name, "deb", "debian", name, version,
                "pkg:deb/debian/" + name + "@" + version.replace("+", "%2B") + "?arch=amd64&distro=debian-12",
                List.of("GPL-2.0-or-later"), List.of(new Location("/var/lib/dpkg/status", LAYER)),
                new SourcePackage(source, sourceVersion), "dpkg", null, Map.of());
    }

    static Package go(String module, String version, String binary) {
        return new Package("pkg-go-" + module + "@" + binary, "golang", null, module, version,
                "pkg:golang/" + module + "@" + version, List.of(), List.of(new Location(binary, LAYER)), null, "go-binary", null, Map.of());
    }

    static Finding finding(String id, Package p, SeverityLevel level, Double score, String vector, AffectedStatus status,
                           List<String> fixed, String title) {
        Rating rating = new Rating(level, score, vector, score == null ? "debian-tracker" : "nvd",
                score == null ? "RATING" : vector != null && vector.startsWith("CVSS:4") ? "CVSS_V4" : "CVSS_V3");
        return new Finding(id, List.of(), p, p.source() == null ? p.name() : p.source().name(),
                p.source() == null ? p.version() : p.source().version(), p.type().equals("deb") ? "Debian:12" : "Go", status, fixed,
                rating, List.of(rating), null, null, title, title + ". Longer description of " + id + ".",
                List.of("https://security-tracker.debian.org/tracker/" + id), List.of(id), Instant.parse("2024-04-17T00:00:00Z"), null);
    }

    static VexStatement statement(String vuln, VexStatus status, String justification) {
        return new VexStatement(vuln, List.of(), List.of("pkg:oci/demo"), List.of(), status, justification,
                status == VexStatus.NOT_AFFECTED ? "The vulnerable iconv charset is not used" : null,
                status == VexStatus.AFFECTED ? "Upgrade when the image is rebuilt" : null,
                Instant.parse("2025-01-02T03:04:05Z"), "vex/demo.openvex.json#https://openvex.dev/docs/demo-1");
    }

    /** Seven findings over four packages: every severity, fixed and unfixed, a KEV entry, one suppressed, one annotated. */
    static ScanResult mixed() {
        Package libc = deb("libc6", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4");
        Package libcBin = deb("libc-bin", "2.36-9+deb12u4", "glibc", "2.36-9+deb12u4");
        Package tar = deb("tar", "1.34+dfsg-1.2", "tar", "1.34+dfsg-1.2");
        Package stdlib = go("stdlib", "v1.19.8", "/usr/bin/skopeo");
        Package spaced = go("github.com/opencontainers/umoci", "v0.4.7", "/opt/my tools/umoci:v1");
        List<Finding> findings = new ArrayList<>();
        Finding iconv = finding("CVE-2024-2961", libc, SeverityLevel.HIGH, 8.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:H",
                AffectedStatus.FIXED, List.of("2.36-9+deb12u6"), "glibc: Out of bounds write in iconv may lead to remote code execution");
        findings.add(new Finding(iconv.id(), List.of("GHSA-xxxx-2961"), iconv.pkg(), iconv.matchedName(), iconv.matchedVersion(),
                iconv.ecosystem(), iconv.status(), iconv.fixedVersions(), iconv.severity(), iconv.ratings(),
                new KevEntry("CVE-2024-2961", "GNU", "glibc", "GNU glibc iconv OOB write", LocalDate.parse("2025-05-01"),
                        LocalDate.parse("2025-05-22"), "Apply mitigations per vendor instructions.", "Unknown", ""),
                new EpssEntry("CVE-2024-2961", 0.91, 0.99, "v2023.03.01", LocalDate.parse("2025-08-01")),
                iconv.title(), iconv.description(), iconv.references(), iconv.advisoryIds(), iconv.published(), null));
        findings.add(finding("CVE-2023-4911", libcBin, SeverityLevel.CRITICAL, 9.8, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
                AffectedStatus.FIXED, List.of("2.36-9+deb12u3"), "glibc: buffer overflow in ld.so leading to privilege escalation")
                .withVex(new VexDecision(statement("CVE-2023-4911", VexStatus.NOT_AFFECTED, "vulnerable_code_not_in_execute_path"),
                        "pkg:deb/debian/libc-bin")));
        findings.add(finding("CVE-2010-4756", libc, SeverityLevel.NEGLIGIBLE, null, null, AffectedStatus.WILL_NOT_FIX, List.of(),
                "glibc: glob implementation can cause excessive CPU and memory consumption"));
        findings.add(finding("CVE-2005-2541", tar, SeverityLevel.LOW, null, null, AffectedStatus.AFFECTED, List.of(),
                "tar: does not properly warn the user when extracting setuid or setgid files | pipes"));
        findings.add(finding("CVE-2023-29406", stdlib, SeverityLevel.MEDIUM, 6.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N",
                AffectedStatus.FIXED, List.of("1.19.11", "1.20.6"), "net/http: insufficient sanitization of Host header")
                .withVex(new VexDecision(statement("CVE-2023-29406", VexStatus.AFFECTED, null), "pkg:golang/stdlib")));
        findings.add(finding("GO-2023-1571", stdlib, SeverityLevel.UNKNOWN, null, null, AffectedStatus.FIXED,
                List.of("1.19.10"), "Denial of service via crafted HTTP/2 stream in net/http and golang.org/x/net"));
        findings.add(finding("CVE-2021-29136", spaced, SeverityLevel.MEDIUM, 5.5, "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N",
                AffectedStatus.FIXED, List.of("0.4.7-0.20210416144120-c6d4f4c8ad2b"), "umoci: overwriting of host files via malicious layer"));
        findings.sort(java.util.Comparator.comparing(Severities::level));
        Sbom sbom = new Sbom(new ImageInfo("oci-dir:///tmp/demo:latest", "sha256:" + "cd".repeat(32), "sha256:" + "ef".repeat(32),
                new ImageInfo.Platform("linux", "amd64", null), ImageInfo.ImageConfig.EMPTY, List.of(), Map.of()),
                new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"), List.of(libc, libcBin, tar, stdlib, spaced), List.of());
        return new ScanResult(sbom, findings, new ScanResult.DatabaseInfo("/home/u/.warden/db/warden.db",
                Instant.parse("2026-11-28T00:00:00Z"), Map.of("osv", 242L, "kev", 1404L)), Instant.parse("2026-11-28T21:00:00Z"),
                List.of("version 'x' of pkg foo is not valid"));
    }

    /** {@code n} unfixed low findings in one package: for truncation. */
    static ScanResult many(int n) {
        Package tar = deb("tar", "1.34+dfsg-1.2", "tar", "1.34+dfsg-1.2");
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            findings.add(finding(String.format("CVE-2020-%05d", i), tar, SeverityLevel.LOW, null, null, AffectedStatus.AFFECTED, List.of(), "t" + i));
        }
        Sbom sbom = new Sbom(new ImageInfo("fs:///tmp/rootfs", null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of()),
                null, List.of(tar), List.of());
        return new ScanResult(sbom, findings, null, Instant.parse("2026-11-28T21:00:00Z"), List.of());
    }
}
