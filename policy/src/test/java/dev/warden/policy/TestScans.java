package dev.warden.policy;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
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
import java.util.List;
import java.util.Map;

/** Small scan results built in code for the policy tests: an image (user, labels), packages and findings. */
final class TestScans {
    static final Instant SCANNED = Instant.parse("2026-11-28T00:00:00Z");

    static final Package LIBC = pkg("deb", "libc6", "2.36-9", List.of("LGPL-2.1-or-later"));
    static final Package JACKSON = pkg("maven", "jackson-databind", "2.9.0", List.of("Apache-2.0"));

    private TestScans() {}

    static Package pkg(String type, String name, String version, List<String> licenses) {
        String purl = "pkg:" + type + "/" + (type.equals("deb") ? "debian/" : "") + name + "@" + version;
        return new Package(name, type, type.equals("deb") ? "debian" : null, name, version, purl, licenses, List.of(),
                type.equals("deb") ? new SourcePackage(name, version) : null, type, null, Map.of());
    }

    /** An image scan: {@code user} is the config's User, {@code labels} its labels. */
    static ScanResult image(String user, Map<String, String> labels, List<Package> packages, List<Finding> findings) {
        var config = new ImageInfo.ImageConfig(user, List.of(), List.of(), List.of(), "", labels, List.of(), "", List.of());
        var image = new ImageInfo("oci-dir:///tmp/app:1", "sha256:abc", null, new ImageInfo.Platform("linux", "amd64", null),
                config, List.of(), Map.of());
        return scan(image, packages, findings, Map.of());
    }

    /** A scan of an SBOM: no image config. {@code feeds} are the database's feed counts. */
    static ScanResult sbomOnly(List<Package> packages, List<Finding> findings, Map<String, Long> feeds) {
        return scan(null, packages, findings, feeds);
    }

    static ScanResult scan(ImageInfo image, List<Package> packages, List<Finding> findings, Map<String, Long> feeds) {
        var sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian 12"), packages, List.of());
        return new ScanResult(sbom, findings, new ScanResult.DatabaseInfo("test", SCANNED, feeds), SCANNED, List.of());
    }

    static Finding finding(String id, Package pkg, SeverityLevel level, boolean fixable, Instant published) {
        Rating rating = new Rating(level, null, null, "test", "RATING");
        return new Finding(id, List.of(), pkg, pkg.name(), pkg.version(), "Debian:12",
                fixable ? AffectedStatus.FIXED : AffectedStatus.AFFECTED, fixable ? List.of("9") : List.of(), rating,
                List.of(rating), null, null, id, "", List.of(), List.of(id), published, null);
    }

    static Finding withEpss(Finding f, double score) {
        return new Finding(f.id(), f.aliases(), f.pkg(), f.matchedName(), f.matchedVersion(), f.ecosystem(), f.status(),
                f.fixedVersions(), f.severity(), f.ratings(), f.kev(), new EpssEntry(f.id(), score, 0.9, "v2025.03.14", null),
                f.title(), f.description(), f.references(), f.advisoryIds(), f.published(), f.vex());
    }

    static Finding withKev(Finding f) {
        return new Finding(f.id(), f.aliases(), f.pkg(), f.matchedName(), f.matchedVersion(), f.ecosystem(), f.status(),
                f.fixedVersions(), f.severity(), f.ratings(), new KevEntry(f.id(), "v", "p", "n", LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-02-01"), "patch", "Unknown", ""), f.epss(), f.title(), f.description(), f.references(),
                f.advisoryIds(), f.published(), f.vex());
    }

    static Finding suppressed(Finding f) {
        var statement = new VexStatement(f.id(), List.of(), List.of(f.pkg().purl()), List.of(), VexStatus.NOT_AFFECTED,
                "vulnerable_code_not_present", null, null, Instant.parse("2025-01-01T00:00:00Z"), "test.json");
        return f.withVex(new VexDecision(statement, f.pkg().purl()));
    }
}
