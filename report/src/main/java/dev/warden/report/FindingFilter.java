package dev.warden.report;

import dev.warden.core.WardenException;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Ecosystems;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which findings a report keeps ({@code --severity}, {@code --only-fixed}, {@code --only-unfixed},
 * {@code --ignore-status}, {@code --ecosystem}). Suppressed findings are filtered like any other, so the
 * counts of what VEX hid follow the same filters.
 *
 * @param severities      levels kept; empty keeps all
 * @param fix             keep all, only fixable, or only unfixable findings
 * @param ignoredStatuses affected-statuses dropped ({@code will_not_fix}...)
 * @param ecosystems      purl types ({@code deb}, {@code golang}) or OSV ecosystem names ({@code Debian}, {@code Go})
 *                        kept; empty keeps all
 */
public record FindingFilter(Set<SeverityLevel> severities, Fix fix, Set<AffectedStatus> ignoredStatuses, Set<String> ecosystems) {

    public enum Fix { ANY, FIXABLE_ONLY, UNFIXABLE_ONLY }

    public static final FindingFilter NONE = new FindingFilter(Set.of(), Fix.ANY, Set.of(), Set.of());

    public FindingFilter {
        severities = Set.copyOf(severities);
        ignoredStatuses = Set.copyOf(ignoredStatuses);
        ecosystems = ecosystems.stream().map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean accepts(Finding f) {
        if (!severities.isEmpty() && !severities.contains(Severities.level(f))) {
            return false;
        }
        if (fix == Fix.FIXABLE_ONLY && !f.fixable() || fix == Fix.UNFIXABLE_ONLY && f.fixable()) {
            return false;
        }
        if (f.status() != null && ignoredStatuses.contains(f.status())) {
            return false;
        }
        return ecosystems.isEmpty()
                || f.pkg() != null && f.pkg().type() != null && ecosystems.contains(f.pkg().type().toLowerCase(Locale.ROOT))
                || f.ecosystem() != null && ecosystems.contains(Ecosystems.base(f.ecosystem()).toLowerCase(Locale.ROOT));
    }

    public List<Finding> apply(List<Finding> findings) {
        return findings.stream().filter(this::accepts).toList();
    }

    public ScanResult apply(ScanResult scan) {
        return scan.withFindings(apply(scan.findings()));
    }

    /** {@code critical}, {@code HIGH}, {@code moderate}...; a word that names no level is bad input. */
    /** One severity for a gate such as {@code --fail-on}; {@code flag} names the option in the error. */
    public static SeverityLevel parseThreshold(String flag, String word) {
        if (word.contains(",")) {
            throw new WardenException(flag + " takes one severity, got '" + word + "'");
        }
        return parseSeverities(List.of(word.strip())).iterator().next();
    }

    public static Set<SeverityLevel> parseSeverities(List<String> words) {
        Set<SeverityLevel> out = EnumSet.noneOf(SeverityLevel.class);
        for (String w : words) {
            try {
                out.add(SeverityLevel.parse(w));
            } catch (IllegalArgumentException e) {
                throw new WardenException("unknown severity '" + w + "': expected one of "
                        + Arrays.stream(SeverityLevel.values()).map(SeverityLevel::id).collect(Collectors.joining(", ")));
            }
        }
        return out;
    }

    /** {@code will_not_fix}, {@code fix_deferred}...; also accepted with dashes ({@code will-not-fix}). */
    public static Set<AffectedStatus> parseStatuses(List<String> words) {
        Set<AffectedStatus> out = EnumSet.noneOf(AffectedStatus.class);
        for (String w : words) {
            try {
                out.add(AffectedStatus.fromId(w.trim().replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new WardenException("unknown status '" + w + "': expected one of "
                        + Arrays.stream(AffectedStatus.values()).map(AffectedStatus::id).collect(Collectors.joining(", ")));
            }
        }
        return out;
    }

    /**
     * Purl types in any case ({@code deb}, {@code golang}) or OSV ecosystem names as OSV spells them
     * ({@code Debian}, {@code Go}, {@code PyPI}); anything else is bad input, so a typo cannot silently pass a CI gate.
     */
    public static Set<String> parseEcosystems(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            String e = w.trim();
            if (!Ecosystems.isPurlType(e) && Ecosystems.purlType(e) == null) {
                throw new WardenException("unknown ecosystem '" + w + "': expected a package URL type (deb, rpm, apk, "
                        + "golang, pypi, npm, maven...) or an OSV ecosystem name (Debian, Go, PyPI...)");
            }
            out.add(e);
        }
        return out;
    }
}
