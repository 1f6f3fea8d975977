package dev.warden.match;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.VersionScheme;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AdvisoryLookup;
import dev.warden.core.finding.Finding;
import dev.warden.core.progress.WorkProgress;
import dev.warden.match.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches an SBOM's packages against the advisory database: OS packages by source package and distro
 * release, language packages by ecosystem and normalised name, each advisory entry judged by the
 * package's version scheme (docs/matching.md). One lookup per ecosystem for the whole SBOM.
 */
public final class Matcher {

    /** Most warnings kept per match; an SBOM of broken versions must not make a report of warnings. */
    static final int MAX_WARNINGS = 1_000;

    private final AdvisoryLookup lookup;
    /** Told how many packages there are to match and of each one matched. */
    private final WorkProgress progress;

    public Matcher(AdvisoryLookup lookup) {
        this(lookup, WorkProgress.NONE);
    }

    public Matcher(AdvisoryLookup lookup, WorkProgress progress) {
        this.lookup = lookup;
        this.progress = progress;
    }

    public MatchResult match(Sbom sbom) {
        Warnings warnings = new Warnings();
        List<Candidate> candidates = Candidates.of(sbom, warnings::add);
        Optional<OsRelease> osRelease = OsRelease.of(sbom.distro());
        if (osRelease.isEmpty() && candidates.stream().anyMatch(Candidate::isOsPackage)) {
            warnings.add("OS packages not matched: the image's distro ("
                    + (sbom.distro() == null ? "none found" : sbom.distro().id() + " " + sbom.distro().versionId())
                    + ") is unknown to Warden's advisory feeds or has no release number");
        }
        Map<String, List<Candidate>> byType = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (!c.isOsPackage() || osRelease.isPresent()) {
                byType.computeIfAbsent(c.lookupType(), t -> new ArrayList<>()).add(c);
            }
        }
        progress.toMatch(byType.values().stream().mapToLong(List::size).sum());
        FindingAssembler assembler = new FindingAssembler(lookup, warnings::add);
        List<Finding> findings = new ArrayList<>();
        // every package's hits first, so KEV, EPSS and NVD are read with one batched query per feed, not per CVE
        List<Map.Entry<VersionScheme, List<Hit>>> toAssemble = new ArrayList<>();
        Set<String> withdrawnSeen = new LinkedHashSet<>();
        for (var entry : byType.entrySet()) {
            String type = entry.getKey();
            VersionScheme scheme = new MemoScheme(VersionSchemes.require(type));
            Set<String> names = new LinkedHashSet<>();
            entry.getValue().forEach(c -> names.add(c.name()));
            Map<String, List<Advisory>> advisories = lookup.findByPackages(type, names);
            // a package may be matched through two candidates (rpm: binary and source); its hits meet here
            Map<Package, List<Hit>> hitsByPackage = new LinkedHashMap<>();
            for (Candidate c : entry.getValue()) {
                progress.matched(1);
                List<Hit> hits = new ArrayList<>();
                AffectedJudge judge = new AffectedJudge(c, scheme, osRelease);
                try {
                    for (Advisory a : advisories.getOrDefault(c.name(), List.of())) {
                        if (a.isWithdrawn()) {
                            withdrawnSeen.add(a.id());
                            continue;
                        }
                        hits.addAll(judge.judge(a, warnings::add));
                    }
                } catch (InvalidVersionException e) {
                    warnings.add(c.pkg().purl() + ": version '" + c.version() + "' is not a valid " + type + " version ("
                            + e.getMessage() + "); not matched");
                    continue;
                }
                hitsByPackage.computeIfAbsent(c.pkg(), k -> new ArrayList<>()).addAll(hits);
            }
            hitsByPackage.forEach((pkg, hits) -> {
                if (!hits.isEmpty()) {
                    toAssemble.add(Map.entry(scheme, hits));
                }
            });
        }
        assembler.prefetch(FindingAssembler.advisoriesOf(toAssemble.stream().flatMap(e -> e.getValue().stream()).toList())
                .stream().flatMap(a -> a.allIds().stream()).toList());
        toAssemble.forEach(e -> findings.addAll(assembler.findings(e.getKey(), e.getValue())));
        if (!withdrawnSeen.isEmpty()) {
            warnings.add(withdrawnSeen.size() + " withdrawn advisor" + (withdrawnSeen.size() == 1 ? "y" : "ies")
                    + " skipped (" + String.join(", ", withdrawnSeen.stream().limit(5).toList())
                    + (withdrawnSeen.size() > 5 ? ", ..." : "") + ")");
        }
        findings.sort(Comparator.comparing((Finding f) -> f.severity().level())
                .thenComparing(f -> f.pkg().purl())
                .thenComparing(Finding::id));
        return new MatchResult(findings, warnings.list());
    }

    /** Warnings in order, each once, at most {@link #MAX_WARNINGS}. */
    private static final class Warnings {
        private final Set<String> seen = new LinkedHashSet<>();
        private int dropped;

        void add(String warning) {
            if (seen.size() < MAX_WARNINGS) {
                seen.add(warning);
            } else if (!seen.contains(warning)) {
                dropped++;
            }
        }

        List<String> list() {
            List<String> out = new ArrayList<>(seen);
            if (dropped > 0) {
                out.add(dropped + " more warnings not shown");
            }
            return out;
        }
    }
}
