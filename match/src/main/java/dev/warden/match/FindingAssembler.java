package dev.warden.match;

import dev.warden.core.VersionScheme;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AdvisoryLookup;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges the hits of one package into one finding per vulnerability: advisories that share any id
 * (its own or an alias) are the same vulnerability, named by its CVE when it has one. Enrichment (KEV,
 * EPSS, NVD) is looked up once per CVE per match.
 */
final class FindingAssembler {

    /** Longest title taken from the start of a description when the advisory has no summary. */
    private static final int MAX_TITLE = 160;

    private final AdvisoryLookup lookup;
    private final Map<String, Optional<KevEntry>> kev = new HashMap<>();
    private final Map<String, Optional<EpssEntry>> epss = new HashMap<>();
    private final Map<String, Optional<NvdEntry>> nvd = new HashMap<>();

    private final java.util.function.Consumer<String> warn;

    FindingAssembler(AdvisoryLookup lookup, java.util.function.Consumer<String> warn) {
        this.lookup = lookup;
        this.warn = warn;
    }

    /** Reads KEV, EPSS and NVD for the CVEs among {@code ids} in one batch per feed (instead of one query per CVE later). */
    void prefetch(java.util.Collection<String> ids) {
        List<String> cves = ids.stream().filter(FindingAssembler::isCve).filter(c -> !kev.containsKey(c)).distinct().toList();
        if (cves.isEmpty()) {
            return;
        }
        Map<String, KevEntry> kevs = lookup.kevs(cves);
        Map<String, EpssEntry> scores = lookup.epssScores(cves);
        Map<String, NvdEntry> nvds = lookup.nvds(cves);
        for (String c : cves) {
            kev.put(c, Optional.ofNullable(kevs.get(c)));
            epss.put(c, Optional.ofNullable(scores.get(c)));
            nvd.put(c, Optional.ofNullable(nvds.get(c)));
        }
    }

    /** One finding per vulnerability among the hits of one package (through any of its candidates). */
    List<Finding> findings(VersionScheme scheme, List<Hit> hits) {
        List<Finding> out = new ArrayList<>();
        for (List<Hit> group : groupByVulnerability(hits)) {
            out.add(finding(scheme, group));
        }
        return out;
    }

    /** Union-find over ids: two advisories naming a common id are one vulnerability. Keeps first-seen order. */
    static List<List<Hit>> groupByVulnerability(List<Hit> hits) {
        Map<String, String> parent = new HashMap<>();
        for (Hit h : hits) {
            List<String> ids = h.advisory().allIds();
            for (String id : ids) {
                parent.putIfAbsent(id, id);
            }
            for (String id : ids.subList(1, ids.size())) {
                union(parent, ids.get(0), id);
            }
        }
        Map<String, List<Hit>> groups = new LinkedHashMap<>();
        for (Hit h : hits) {
            groups.computeIfAbsent(find(parent, h.advisory().id()), k -> new ArrayList<>()).add(h);
        }
        return List.copyOf(groups.values());
    }

    private static String find(Map<String, String> parent, String id) {
        String root = id;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        for (String at = id; !at.equals(root); ) {
            String next = parent.get(at);
            parent.put(at, root);
            at = next;
        }
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    private Finding finding(VersionScheme scheme, List<Hit> hits) {
        Set<String> ids = new LinkedHashSet<>();
        hits.forEach(h -> ids.addAll(h.advisory().allIds()));
        String primary = primaryId(ids);
        List<String> aliases = new ArrayList<>(new TreeSet<>(ids));
        aliases.remove(primary);
        List<String> cves = new ArrayList<>(new TreeSet<>(ids.stream().filter(FindingAssembler::isCve).toList()));

        List<NvdEntry> nvdEntries = cves.stream().map(c -> nvd.computeIfAbsent(c, lookup::nvd)).flatMap(Optional::stream).toList();
        List<Rating> ratings = Ratings.of(hits, nvdEntries, warn);
        KevEntry kevEntry = cves.stream().map(c -> kev.computeIfAbsent(c, lookup::kev)).flatMap(Optional::stream).findFirst().orElse(null);
        EpssEntry epssEntry = cves.stream().map(c -> epss.computeIfAbsent(c, lookup::epss)).flatMap(Optional::stream)
                .max(Comparator.comparingDouble(EpssEntry::score)).orElse(null);

        Hit lead = hits.stream().filter(h -> h.status() == AffectedStatus.FIXED).findFirst().orElse(hits.get(0));
        Candidate candidate = lead.candidate();
        List<String> fixed = fixedVersions(scheme, hits);
        AffectedStatus status = status(hits, fixed);

        List<Advisory> advisories = advisoriesOf(hits);
        String title = advisories.stream().map(Advisory::summary).filter(s -> !s.isBlank()).findFirst()
                .orElseGet(() -> advisories.stream().map(Advisory::details).filter(s -> !s.isBlank()).findFirst()
                        .or(() -> nvdEntries.stream().map(NvdEntry::description).filter(Objects::nonNull).filter(s -> !s.isBlank()).findFirst())
                        .map(FindingAssembler::firstLine).orElse(""));
        String description = advisories.stream().map(Advisory::details).filter(s -> !s.isBlank()).findFirst()
                .or(() -> nvdEntries.stream().map(NvdEntry::description).filter(Objects::nonNull).filter(s -> !s.isBlank()).findFirst())
                .orElse("");
        List<String> references = advisories.stream().flatMap(a -> a.references().stream()).distinct().toList();
        List<String> advisoryIds = advisories.stream().map(Advisory::id).distinct().toList();
        Instant published = advisories.stream().map(Advisory::published).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);

        return new Finding(primary, aliases, candidate.pkg(), candidate.name(), candidate.version(), lead.entry().ecosystem(),
                status, fixed, Ratings.choose(ratings), ratings, kevEntry, epssEntry, title, description, references,
                advisoryIds, published, null);
    }

    /**
     * The advisories of {@code hits}, each once, in first-seen order. An advisory is known by its feed and id: equality
     * of the records would hash every affected entry for every hit, and one record of 100,000 entries made matching a
     * four-package image take minutes.
     */
    static List<Advisory> advisoriesOf(List<Hit> hits) {
        Map<String, Advisory> byKey = new LinkedHashMap<>();
        for (Hit h : hits) {
            byKey.putIfAbsent(h.advisory().source() + "\u0000" + h.advisory().id(), h.advisory());
        }
        return List.copyOf(byKey.values());
    }

    /** A CVE when there is one (the lowest, when advisories alias several), else a GHSA, else the first id. */
    static String primaryId(Set<String> ids) {
        return ids.stream().filter(FindingAssembler::isCve).min(Comparator.naturalOrder())
                .or(() -> ids.stream().filter(i -> i.startsWith("GHSA-")).min(Comparator.naturalOrder()))
                .orElse(ids.iterator().next());
    }

    /**
     * A fix (from any advisory) makes the finding fixed. Without one, the distro's own judgement
     * (will_not_fix, fix_deferred, end_of_life) wins over a plain affected from a mirror of it.
     */
    private static AffectedStatus status(List<Hit> hits, List<String> fixed) {
        if (!fixed.isEmpty()) {
            return AffectedStatus.FIXED;
        }
        return hits.stream().map(Hit::status).filter(s -> s != AffectedStatus.AFFECTED && s != AffectedStatus.FIXED)
                .findFirst().orElse(AffectedStatus.AFFECTED);
    }

    private static List<String> fixedVersions(VersionScheme scheme, List<Hit> hits) {
        Set<String> all = new LinkedHashSet<>();
        hits.forEach(h -> all.addAll(h.fixedVersions()));
        List<String> valid = new ArrayList<>(all.stream().filter(scheme::isValid).toList());
        valid.sort(scheme::compare);
        // one spelling per version (PyPI 1.0 and 1.0.0)
        List<String> out = new ArrayList<>();
        for (String v : valid) {
            if (out.isEmpty() || scheme.compare(out.get(out.size() - 1), v) != 0) {
                out.add(v);
            }
        }
        all.stream().filter(v -> !scheme.isValid(v)).forEach(out::add);
        return out;
    }

    private static boolean isCve(String id) {
        return id.startsWith("CVE-");
    }

    /** The first sentence of a description (feeds hard-wrap their text), cut to {@link #MAX_TITLE}. */
    static String firstLine(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        int stop = flat.indexOf(". ");
        String sentence = stop > 0 ? flat.substring(0, stop + 1) : flat;
        return sentence.length() <= MAX_TITLE ? sentence : sentence.substring(0, MAX_TITLE - 3) + "...";
    }
}
