package dev.warden.policy;

import dev.warden.core.Secret;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The policy types that need nothing but the scan result. Suppressed (VEX) findings never violate.
 * Weights follow Docker Scout's score: vulnerabilities 20, high-profile 20, non-root 5.
 */
public final class BasicPolicies {

    private BasicPolicies() {}

    /** Scout's default "no fixable critical or high vulnerabilities". */
    public static PolicyResult severityBased(ScanResult scan, Set<SeverityLevel> severities, boolean fixableOnly) {
        return severityBased(scan, severities, fixableOnly, 0, Set.of());
    }

    /**
     * Severity-based with Scout's other parameters. A finding counts once it has been published for at least
     * {@code minAgeDays} days before the scan; a finding without a publication date counts (fail closed: an
     * unknown age must not hide a vulnerability). {@code packageTypes} (purl types) limits the packages judged;
     * empty means all.
     */
    public static PolicyResult severityBased(ScanResult scan, Set<SeverityLevel> severities, boolean fixableOnly,
                                             int minAgeDays, Set<String> packageTypes) {
        Instant now = scan.scannedAt() == null ? Instant.now() : scan.scannedAt();
        Instant newest = now.minus(Duration.ofDays(minAgeDays));
        var violations = new ArrayList<PolicyResult.Violation>();
        for (Finding f : scan.findings()) {
            if (f.suppressed() || !severities.contains(f.severity().level()) || (fixableOnly && !f.fixable())) {
                continue;
            }
            if (!packageTypes.isEmpty() && !packageTypes.contains(f.pkg().type())) continue;
            if (minAgeDays > 0 && f.published() != null && f.published().isAfter(newest)) continue;
            violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(),
                    f.severity().level().id() + (f.fixable() ? ", fixed in " + String.join(", ", f.fixedVersions()) : "")));
        }
        return result("no-fixable-critical-high", "No fixable critical or high vulnerabilities", "vulnerabilities",
                violations, 20);
    }

    /** Known exploited vulnerabilities (CISA KEV) plus a curated CVE list. */
    public static PolicyResult highProfile(ScanResult scan, Set<String> curated) {
        return highProfile(scan, curated, true);
    }

    /** {@code kev} false judges the curated list alone. */
    public static PolicyResult highProfile(ScanResult scan, Set<String> curated, boolean kev) {
        var violations = new ArrayList<PolicyResult.Violation>();
        for (Finding f : scan.findings()) {
            if (f.suppressed()) continue;
            if (kev && f.kev() != null) {
                violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(), "in CISA KEV"));
            } else if (f.allIds().stream().anyMatch(curated::contains)) {
                violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(), "on the curated list"));
            }
        }
        if (violations.isEmpty() && kev && !hasFeed(scan, "kev") && scan.findings().stream().noneMatch(f -> f.kev() != null)) {
            return new PolicyResult("no-high-profile", "No high-profile vulnerabilities", "high-profile", PolicyStatus.NO_DATA,
                    List.of(), "the CISA KEV catalogue (the advisory database has no KEV feed: warden db update)", 20);
        }
        return result("no-high-profile", "No high-profile vulnerabilities", "high-profile", violations, 20);
    }

    /**
     * Ours: no finding more likely to be exploited than {@code max} (FIRST EPSS probability). No data when no
     * finding has a score and the advisory database holds no EPSS feed: then "no finding above max" proves nothing.
     */
    public static PolicyResult maxEpss(ScanResult scan, double max) {
        boolean scored = scan.findings().stream().anyMatch(f -> f.epss() != null);
        boolean feed = hasFeed(scan, "epss");
        if (!scored && !feed) {
            return new PolicyResult("max-epss", "No vulnerabilities with EPSS above " + max, "epss", PolicyStatus.NO_DATA,
                    List.of(), "EPSS scores (no finding has one and the advisory database has no EPSS feed: warden db update)", 0);
        }
        var violations = new ArrayList<PolicyResult.Violation>();
        for (Finding f : scan.findings()) {
            if (!f.suppressed() && f.epss() != null && f.epss().score() > max) {
                violations.add(new PolicyResult.Violation(f.id() + " in " + f.pkg().name(),
                        String.format(Locale.ROOT, "EPSS %.5f > %s", f.epss().score(), max)));
            }
        }
        return result("max-epss", "No vulnerabilities with EPSS above " + max, "epss", violations, 0);
    }

    /** Ours: no secrets found in the image's files, nothing allowed. */
    public static PolicyResult secrets(ScanResult scan) {
        return secrets(scan, List.of(), Set.of());
    }

    /**
     * Ours: no secrets found in the image's files, except those in a file matching an {@code allowPaths} glob
     * ({@code *} within a path segment, {@code **} across) or found by a rule in {@code allowRules}. Files never
     * scanned (an SBOM source) give no data: "none found" would prove nothing.
     */
    public static PolicyResult secrets(ScanResult scan, List<String> allowPaths, Set<String> allowRules) {
        if (!scan.sbom().secrets().scanned()) {
            return new PolicyResult("no-secrets", "No secrets", "secrets", PolicyStatus.NO_DATA, List.of(),
                    "secret scan results (the image's files were not scanned: an SBOM source has none)", 0);
        }
        List<java.util.regex.Pattern> allowed = allowPaths.stream().map(ImagePolicies::glob).toList();
        var violations = new ArrayList<PolicyResult.Violation>();
        for (Secret s : scan.sbom().secrets().secrets()) {
            if (allowRules.contains(s.ruleId()) || allowed.stream().anyMatch(p -> p.matcher(s.path()).matches())) continue;
            violations.add(new PolicyResult.Violation(s.path() + ":" + s.line(), s.ruleId() + " (" + s.severity().id() + "), "
                    + (s.layerDiffId().isEmpty() ? "" : "layer " + s.layerDiffId() + ", ")
                    + (s.removedLater() ? "removed by a later layer but still in this one, " : "") + "match " + s.match()));
        }
        return result("no-secrets", "No secrets", "secrets", violations, 0);
    }

    /**
     * The image's configured user: empty, root or 0 runs as root. A source without an image config (an SBOM, a root
     * filesystem: both read as {@link dev.warden.core.ImageInfo.ImageConfig#EMPTY}, with no config digest) cannot say
     * which user runs it: no data, never "violated" (an empty user there is absence, not root).
     */
    public static PolicyResult nonRoot(ScanResult scan) {
        var image = scan.sbom().image();
        if (image == null || image.config() == null
                || (image.configDigest() == null && image.config().equals(dev.warden.core.ImageInfo.ImageConfig.EMPTY))) {
            return new PolicyResult("default-non-root", "Default non-root user", "non-root", PolicyStatus.NO_DATA,
                    List.of(), "image configuration (SBOMs and root filesystems carry no image config, so no default user)", 5);
        }
        String user = image.config().user() == null ? "" : image.config().user().strip();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        var violations = name.isEmpty() || name.equals("root") || name.equals("0")
                ? List.of(new PolicyResult.Violation("user '" + user + "'", "the image runs as root by default"))
                : List.<PolicyResult.Violation>of();
        return result("default-non-root", "Default non-root user", "non-root", violations, 5);
    }

    /**
     * Whether the advisory database holds records of a feed. The scan names feeds, not their kinds: the EPSS feed
     * is "epss", the bundled snapshot "snapshot-epss-sample". An unknown database (null) counts as having it, so a
     * result built without database information is judged on the findings alone.
     */
    private static boolean hasFeed(ScanResult scan, String kind) {
        return scan.database() == null
                || scan.database().feeds().entrySet().stream().anyMatch(e -> e.getKey().contains(kind) && e.getValue() > 0);
    }

    private static PolicyResult result(String id, String name, String type, List<PolicyResult.Violation> v, int weight) {
        return new PolicyResult(id, name, type, v.isEmpty() ? PolicyStatus.COMPLIANT : PolicyStatus.VIOLATED, v, "", weight);
    }
}
