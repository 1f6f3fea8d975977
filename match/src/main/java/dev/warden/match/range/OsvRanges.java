package dev.warden.match.range;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.Range;
import dev.warden.core.advisory.Range.EventKind;
import dev.warden.match.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a version falls in an OSV {@code affected} entry, as the OSV schema's evaluation
 * section says: affected when the version is listed in {@code versions}, or when an ECOSYSTEM or
 * SEMVER range includes it. A range's events are sorted by version ({@code introduced: "0"} lowest)
 * and walked in order: at or above {@code introduced} sets affected, at or above {@code fixed} or
 * above {@code last_affected} clears it; with {@code limit} events the version must also be below one
 * of them ({@code "*"} is no limit). GIT ranges need commit history and are ignored; OSV exporters list
 * the versions such ranges cover in {@code versions}.
 *
 * <p>Choices beyond the schema text, documented in docs/versions.md: when events of one range share a
 * version, {@code introduced} sorts first (an empty range, not an unfixable one); a listed version also
 * matches a spelling its scheme calls equal ({@code 1.0} and {@code 1.0.0} in PyPI); GHSA's
 * {@code last_known_affected_version_range} bounds a range only when that range has no
 * {@code fixed} or {@code last_affected} event; a range with an event version the scheme rejects is
 * not used and reported in {@link Verdict#problems()}.
 */
public final class OsvRanges {

    private static final String INTRODUCED_AT_START = "0";
    private static final String NO_LIMIT = "*";

    private final VersionScheme ecosystem;
    private final VersionScheme semver;

    /** @param ecosystem the scheme of the package's ecosystem, for ECOSYSTEM ranges and {@code versions} */
    public OsvRanges(VersionScheme ecosystem) {
        this.ecosystem = ecosystem;
        this.semver = VersionSchemes.semver();
    }

    /**
     * @throws InvalidVersionException when the ecosystem's scheme rejects {@code version} itself
     */
    public Verdict evaluate(AffectedPackage affected, String version) {
        return evaluate(affected.ranges(), affected.versions(),
                affected.extra().get(AffectedPackage.LAST_KNOWN_AFFECTED_RANGE), version);
    }

    /**
     * @param lastKnownAffectedRange GHSA's {@code database_specific.last_known_affected_version_range}, or null
     * @throws InvalidVersionException when the ecosystem's scheme rejects {@code version} itself
     */
    public Verdict evaluate(List<Range> ranges, List<String> versions, String lastKnownAffectedRange, String version) {
        if (!ecosystem.isValid(version)) {
            ecosystem.compare(version, version); // throws the scheme's own message
        }
        List<String> problems = new ArrayList<>();
        if (listed(versions, version)) {
            return Verdict.of(true);
        }
        for (Range range : ranges) {
            if (range.type() == Range.RangeType.GIT) {
                continue;
            }
            VersionScheme scheme = range.type() == Range.RangeType.SEMVER ? semver : ecosystem;
            if (!scheme.isValid(version)) {
                problems.add("version '" + version + "' is not " + scheme.type() + " for a " + range.type() + " range");
                continue;
            }
            if (includes(scheme, range.events(), version, problems)
                    && withinLastKnownAffected(range, lastKnownAffectedRange, version, problems)) {
                return new Verdict(true, problems);
            }
        }
        return new Verdict(false, problems);
    }

    /** Every {@code fixed} version of the ECOSYSTEM and SEMVER ranges, lowest first, each once. */
    public List<String> fixedVersions(List<Range> ranges) {
        Set<String> fixed = new LinkedHashSet<>();
        for (Range range : ranges) {
            if (range.type() != Range.RangeType.GIT) {
                range.events().stream().filter(e -> e.kind() == EventKind.FIXED).map(Range.Event::version).forEach(fixed::add);
            }
        }
        List<String> valid = new ArrayList<>(fixed.stream().filter(ecosystem::isValid).toList());
        valid.sort(ecosystem::compare);
        fixed.stream().filter(v -> !ecosystem.isValid(v)).forEach(valid::add);
        return List.copyOf(valid);
    }

    private boolean listed(List<String> versions, String version) {
        for (String v : versions) {
            if (v.equals(version) || (ecosystem.isValid(v) && ecosystem.compare(v, version) == 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean includes(VersionScheme scheme, List<Range.Event> events, String version, List<String> problems) {
        for (Range.Event e : events) {
            boolean start = e.kind() == EventKind.INTRODUCED && e.version().equals(INTRODUCED_AT_START);
            boolean open = e.kind() == EventKind.LIMIT && e.version().equals(NO_LIMIT);
            if (!start && !open && !scheme.isValid(e.version())) {
                problems.add(e.kind().id() + " '" + e.version() + "' is not a valid " + scheme.type() + " version; range ignored");
                return false;
            }
        }
        List<Range.Event> sorted = new ArrayList<>(events.stream().filter(e -> e.kind() != EventKind.LIMIT).toList());
        sorted.sort(eventOrder(scheme));
        boolean affected = false;
        for (Range.Event e : sorted) {
            switch (e.kind()) {
                case INTRODUCED -> {
                    if (e.version().equals(INTRODUCED_AT_START) || scheme.compare(version, e.version()) >= 0) {
                        affected = true;
                    }
                }
                case FIXED -> {
                    if (scheme.compare(version, e.version()) >= 0) {
                        affected = false;
                    }
                }
                case LAST_AFFECTED -> {
                    if (scheme.compare(version, e.version()) > 0) {
                        affected = false;
                    }
                }
                case LIMIT -> throw new IllegalStateException("limits are filtered out above");
            }
        }
        List<String> limits = events.stream().filter(e -> e.kind() == EventKind.LIMIT).map(Range.Event::version).toList();
        boolean belowALimit = limits.isEmpty()
                || limits.stream().anyMatch(l -> l.equals(NO_LIMIT) || scheme.compare(version, l) < 0);
        return affected && belowALimit;
    }

    /** By version, {@code introduced: "0"} lowest; on equal versions {@code introduced} first. */
    private static Comparator<Range.Event> eventOrder(VersionScheme scheme) {
        return (a, b) -> {
            boolean a0 = a.kind() == EventKind.INTRODUCED && a.version().equals(INTRODUCED_AT_START);
            boolean b0 = b.kind() == EventKind.INTRODUCED && b.version().equals(INTRODUCED_AT_START);
            if (a0 || b0) {
                return Boolean.compare(b0, a0);
            }
            int c = scheme.compare(a.version(), b.version());
            if (c != 0) {
                return c;
            }
            return Boolean.compare(b.kind() == EventKind.INTRODUCED, a.kind() == EventKind.INTRODUCED);
        };
    }

    private boolean withinLastKnownAffected(Range range, String lastKnown, String version, List<String> problems) {
        if (lastKnown == null || lastKnown.isBlank()) {
            return true;
        }
        boolean hasFix = range.events().stream().anyMatch(e -> e.kind() == EventKind.FIXED || e.kind() == EventKind.LAST_AFFECTED);
        if (hasFix) {
            return true;
        }
        try {
            List<VersionConstraint> constraints = VersionConstraint.parseGithubRange(lastKnown);
            for (VersionConstraint c : constraints) {
                if (!ecosystem.isValid(c.version())) {
                    problems.add("last_known_affected_version_range '" + lastKnown + "' has an invalid version; not applied");
                    return true;
                }
            }
            return VersionConstraint.all(constraints, ecosystem, version);
        } catch (WardenException e) {
            problems.add(e.getMessage() + "; not applied");
            return true;
        }
    }
}
