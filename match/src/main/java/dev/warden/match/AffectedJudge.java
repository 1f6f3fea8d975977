package dev.warden.match;

import dev.warden.core.VersionScheme;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Ecosystems;
import dev.warden.core.advisory.Range;
import dev.warden.match.range.OsvRanges;
import dev.warden.match.range.Verdict;
import dev.warden.match.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides whether one advisory entry affects one package. OSV entries (language and distro ecosystems
 * alike) are judged by {@link OsvRanges}; distro feed entries (Debian tracker, secdb) carry their own
 * status: not_affected never matches, fixed matches below the fixed version, and affected / will_not_fix /
 * fix_deferred / end_of_life match whatever the version, because the distro says the release's package
 * has no fix.
 */
final class AffectedJudge {

    /** Advisory sources whose entries carry the distro's judgement instead of (or besides) OSV ranges. */
    private static final Set<AffectedStatus> UNFIXED_BY_DISTRO =
            Set.of(AffectedStatus.WILL_NOT_FIX, AffectedStatus.FIX_DEFERRED, AffectedStatus.END_OF_LIFE);

    private final Candidate candidate;
    private final VersionScheme scheme;
    private final OsvRanges ranges;
    private final Optional<OsRelease> osRelease;

    AffectedJudge(Candidate candidate, VersionScheme scheme, Optional<OsRelease> osRelease) {
        this.candidate = candidate;
        this.scheme = scheme;
        this.ranges = new OsvRanges(scheme);
        this.osRelease = osRelease;
    }

    /**
     * The entries of {@code advisory} that affect the candidate (normally at most one).
     *
     * @throws dev.warden.core.InvalidVersionException when the scheme rejects the candidate's version
     */
    List<Hit> judge(Advisory advisory, Consumer<String> warn) {
        List<Hit> hits = new ArrayList<>();
        for (AffectedPackage entry : advisory.affected()) {
            if (!applies(entry)) {
                continue;
            }
            judge(advisory, entry, warn).ifPresent(hits::add);
        }
        return hits;
    }

    private boolean applies(AffectedPackage entry) {
        if (candidate.isOsPackage()) {
            return osRelease.isPresent() && osRelease.get().covers(entry);
        }
        // the store looks up by purl type; an OS ecosystem never judges a language package
        return !Ecosystems.isOsEcosystem(entry.ecosystem()) && candidate.lookupType().equals(entry.purlType());
    }

    private Optional<Hit> judge(Advisory advisory, AffectedPackage entry, Consumer<String> warn) {
        if (entry.status() == AffectedStatus.NOT_AFFECTED) {
            return Optional.empty();
        }
        boolean distroStatement = entry.ranges().isEmpty() && entry.versions().isEmpty();
        if (distroStatement) {
            if (candidate.isOsPackage() && entry.status() != AffectedStatus.FIXED) {
                scheme.compare(candidate.version(), candidate.version()); // an invalid version is reported, not matched
                return Optional.of(new Hit(candidate, advisory, entry, entry.status(), List.of()));
            }
            // an OSV entry with neither ranges nor versions affects nothing (OSV schema)
            return Optional.empty();
        }
        Verdict verdict = ranges.evaluate(entry, candidate.version());
        for (String problem : verdict.problems()) {
            warn.accept(advisory.id() + " (" + entry.ecosystem() + " " + entry.name() + "): " + problem);
        }
        if (!verdict.affected()) {
            return Optional.empty();
        }
        List<String> fixed = streamFixes(entry);
        AffectedStatus status = !fixed.isEmpty() ? AffectedStatus.FIXED
                : UNFIXED_BY_DISTRO.contains(entry.status()) ? entry.status() : AffectedStatus.AFFECTED;
        return Optional.of(new Hit(candidate, advisory, entry, status, fixed));
    }

    /**
     * The fix of the installed version's stream: in every range that includes the version, the lowest
     * {@code fixed} event above it. A range {@code [0, 1.2.5) [2.0, 2.0.3)} gives 2.0.3 to 2.0.1, not 1.2.5.
     */
    private List<String> streamFixes(AffectedPackage entry) {
        List<String> out = new ArrayList<>();
        String lastKnown = entry.extra().get(AffectedPackage.LAST_KNOWN_AFFECTED_RANGE);
        for (Range range : entry.ranges()) {
            if (range.type() == Range.RangeType.GIT) {
                continue;
            }
            VersionScheme s = range.type() == Range.RangeType.SEMVER ? VersionSchemes.semver() : scheme;
            if (!s.isValid(candidate.version())
                    || !ranges.evaluate(List.of(range), List.of(), lastKnown, candidate.version()).affected()) {
                continue;
            }
            range.events().stream()
                    .filter(e -> e.kind() == Range.EventKind.FIXED && s.isValid(e.version()))
                    .map(Range.Event::version)
                    .filter(v -> s.compare(v, candidate.version()) > 0)
                    .min(s::compare)
                    .filter(v -> !out.contains(v))
                    .ifPresent(out::add);
        }
        return out;
    }
}
