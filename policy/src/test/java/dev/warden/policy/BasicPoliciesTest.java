package dev.warden.policy;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BasicPoliciesTest {

    private static final Set<SeverityLevel> CRITICAL_HIGH = Set.of(SeverityLevel.CRITICAL, SeverityLevel.HIGH);

    @Test
    void severityBasedCountsOnlyFixableCriticalAndHighThatAreNotSuppressed() {
        var unfixedCritical = finding("CVE-2000-0001", SeverityLevel.CRITICAL, List.of(), null);
        var fixedMedium = finding("CVE-2000-0002", SeverityLevel.MEDIUM, List.of("2"), null);
        var suppressedHigh = finding("CVE-2000-0003", SeverityLevel.HIGH, List.of("2"), null)
                .withVex(new VexDecision(statement("CVE-2000-0003", VexStatus.NOT_AFFECTED), "pkg:deb/debian/libc6"));
        assertEquals(PolicyStatus.COMPLIANT,
                BasicPolicies.severityBased(scan(config("app"), unfixedCritical, fixedMedium, suppressedHigh), CRITICAL_HIGH, true).status());

        var underInvestigation = finding("CVE-2000-0004", SeverityLevel.HIGH, List.of("2"), null)
                .withVex(new VexDecision(statement("CVE-2000-0004", VexStatus.UNDER_INVESTIGATION), "pkg:deb/debian/libc6"));
        PolicyResult violated = BasicPolicies.severityBased(scan(config("app"), unfixedCritical, underInvestigation), CRITICAL_HIGH, true);
        assertEquals(PolicyStatus.VIOLATED, violated.status());
        assertEquals(List.of(new PolicyResult.Violation("CVE-2000-0004 in libc6", "high, fixed in 2")), violated.violations());
        assertEquals(2, BasicPolicies.severityBased(scan(config("app"), unfixedCritical, underInvestigation), CRITICAL_HIGH, false)
                .violations().size());
        assertEquals(20, violated.weight());
    }

    @Test
    void highProfileIsKevOrCuratedAndVexSuppressesIt() {
        var kev = finding("CVE-2024-2961", SeverityLevel.HIGH, List.of(), new KevEntry("CVE-2024-2961", "GNU", "glibc", "iconv",
                LocalDate.parse("2025-05-01"), LocalDate.parse("2025-05-22"), "patch", "Unknown", ""));
        var curated = finding("CVE-2014-0160", SeverityLevel.HIGH, List.of(), null);
        var plain = finding("CVE-2000-0001", SeverityLevel.LOW, List.of(), null);
        Set<String> list = Set.of("CVE-2014-0160");
        assertEquals(PolicyStatus.COMPLIANT, BasicPolicies.highProfile(scan(config("app"), plain), list).status());
        var violated = BasicPolicies.highProfile(scan(config("app"), kev, curated, plain), list);
        assertEquals(List.of(new PolicyResult.Violation("CVE-2024-2961 in libc6", "in CISA KEV"),
                new PolicyResult.Violation("CVE-2014-0160 in libc6", "on the curated list")), violated.violations());
        var suppressed = kev.withVex(new VexDecision(statement("CVE-2024-2961", VexStatus.FIXED), "pkg:deb/debian/libc6"));
        assertEquals(PolicyStatus.COMPLIANT, BasicPolicies.highProfile(scan(config("app"), suppressed), list).status());
    }

    @Test
    void nonRootUserFromTheImageConfig() {
        assertEquals(PolicyStatus.COMPLIANT, BasicPolicies.nonRoot(scan(config("1000:1000"))).status());
        assertEquals(PolicyStatus.COMPLIANT, BasicPolicies.nonRoot(scan(config("nobody"))).status());
        for (String root : List.of("", "root", "0", "0:0", "root:root", " ")) {
            assertEquals(PolicyStatus.VIOLATED, BasicPolicies.nonRoot(scan(config(root))).status(), "user '" + root + "'");
        }
        PolicyResult noData = BasicPolicies.nonRoot(scan(null));
        assertEquals(PolicyStatus.NO_DATA, noData.status());
        assertEquals("image configuration (SBOMs and root filesystems carry no image config, so no default user)", noData.missingData());
    }

    @Test
    void sourcesWithoutAnImageConfigAreNoDataNotRoot() {
        // what fs:// (DirectorySource) and sbom:// (the SBOM readers) give: no config digest, the empty config
        var image = new ImageInfo("fs:///srv/root", null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        var sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian 12"), List.of(LIBC), List.of());
        var result = BasicPolicies.nonRoot(new ScanResult(sbom, List.of(), null, Instant.parse("2026-11-28T00:00:00Z"), List.of()));
        assertEquals(PolicyStatus.NO_DATA, result.status());
        assertEquals(List.of(), result.violations());
        // an image's config with an empty user is root, config digest and all
        var real = new ImageInfo("oci-dir:///tmp/x:latest", null, "sha256:" + "c".repeat(64), null, ImageInfo.ImageConfig.EMPTY,
                List.of(), Map.of());
        var realSbom = new Sbom(real, sbom.distro(), List.of(LIBC), List.of());
        assertEquals(PolicyStatus.VIOLATED, BasicPolicies.nonRoot(new ScanResult(realSbom, List.of(), null,
                Instant.parse("2026-11-28T00:00:00Z"), List.of())).status());
    }

    private static ImageInfo.ImageConfig config(String user) {
        return new ImageInfo.ImageConfig(user, List.of(), List.of(), List.of(), "", Map.of(), List.of(), "", List.of());
    }

    private static ScanResult scan(ImageInfo.ImageConfig config, Finding... findings) {
        var image = new ImageInfo("oci-dir:///tmp/x:latest", null, "sha256:" + "c".repeat(64), null, config, List.of(), Map.of());
        var sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian 12"), List.of(LIBC), List.of());
        return new ScanResult(sbom, List.of(findings), null, Instant.parse("2026-11-28T00:00:00Z"), List.of());
    }

    private static final Package LIBC = new Package("libc6", "deb", "debian", "libc6", "1",
            "pkg:deb/debian/libc6@1", List.of(), List.of(), new SourcePackage("glibc", "1"), "dpkg", null, Map.of());

    private static Finding finding(String id, SeverityLevel level, List<String> fixed, KevEntry kev) {
        Rating rating = new Rating(level, null, null, "debian-tracker", "RATING");
        return new Finding(id, List.of(), LIBC, "glibc", "1", "Debian:12", fixed.isEmpty() ? AffectedStatus.AFFECTED : AffectedStatus.FIXED,
                fixed, rating, List.of(rating), kev, null, id, id, List.of(), List.of(id), Instant.parse("2024-01-01T00:00:00Z"), null);
    }

    private static VexStatement statement(String vuln, VexStatus status) {
        return new VexStatement(vuln, List.of(), List.of("pkg:deb/debian/libc6"), List.of(), status,
                status == VexStatus.NOT_AFFECTED ? "vulnerable_code_not_present" : null, null, null,
                Instant.parse("2025-01-01T00:00:00Z"), "test.json");
    }
}
