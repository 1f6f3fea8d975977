package dev.warden.server;

import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AdvisoryLookup;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The advisory store as many images' judgements in one re-judging call read it: each package's advisories, and each
 * CVE's KEV, EPSS and NVD entries, asked of the store once and then shared by every image holding it (a fleet's
 * images hold the same packages over and over). Lives for one call only, so it never serves a stale answer across
 * advisory changes; safe for the judging threads (the store itself serialises its queries).
 */
final class SharedAdvisories implements AdvisoryLookup {
    private final AdvisoryLookup store;
    private final Map<String, Map<String, List<Advisory>>> byPackage = new ConcurrentHashMap<>();
    private final Map<String, Optional<KevEntry>> kev = new ConcurrentHashMap<>();
    private final Map<String, Optional<EpssEntry>> epss = new ConcurrentHashMap<>();
    private final Map<String, Optional<NvdEntry>> nvd = new ConcurrentHashMap<>();
    private final Map<String, Optional<Advisory>> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Advisory>> byAlias = new ConcurrentHashMap<>();

    SharedAdvisories(AdvisoryLookup store) {
        this.store = store;
    }

    @Override
    public List<Advisory> findByPackage(String ecosystemOrPurlType, String name) {
        return findByPackages(ecosystemOrPurlType, List.of(name)).get(name);
    }

    @Override
    public Map<String, List<Advisory>> findByPackages(String ecosystemOrPurlType, Collection<String> names) {
        Map<String, List<Advisory>> known = byPackage.computeIfAbsent(ecosystemOrPurlType, t -> new ConcurrentHashMap<>());
        List<String> missing = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            if (!known.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            Map<String, List<Advisory>> read = store.findByPackages(ecosystemOrPurlType, missing);
            for (String name : missing) {
                known.putIfAbsent(name, List.copyOf(read.getOrDefault(name, List.of())));
            }
        }
        Map<String, List<Advisory>> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, known.get(name));
        }
        return out;
    }

    @Override
    public Optional<Advisory> findById(String id) {
        return byId.computeIfAbsent(id, store::findById);
    }

    @Override
    public List<Advisory> findByAlias(String id) {
        return byAlias.computeIfAbsent(id, i -> List.copyOf(store.findByAlias(i)));
    }

    @Override
    public Optional<KevEntry> kev(String cveId) {
        return Optional.ofNullable(kevs(List.of(cveId)).get(cveId));
    }

    @Override
    public Optional<EpssEntry> epss(String cveId) {
        return Optional.ofNullable(epssScores(List.of(cveId)).get(cveId));
    }

    @Override
    public Optional<NvdEntry> nvd(String cveId) {
        return Optional.ofNullable(nvds(List.of(cveId)).get(cveId));
    }

    @Override
    public Map<String, KevEntry> kevs(Collection<String> cveIds) {
        return each(cveIds, kev, store::kevs);
    }

    @Override
    public Map<String, EpssEntry> epssScores(Collection<String> cveIds) {
        return each(cveIds, epss, store::epssScores);
    }

    @Override
    public Map<String, NvdEntry> nvds(Collection<String> cveIds) {
        return each(cveIds, nvd, store::nvds);
    }

    /** The cached entries of {@code ids}, those not seen yet read in one batch; ids without an entry have no key. */
    private static <T> Map<String, T> each(Collection<String> ids, Map<String, Optional<T>> cache, Function<Collection<String>, Map<String, T>> read) {
        List<String> missing = ids.stream().distinct().filter(id -> !cache.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            Map<String, T> found = read.apply(missing);
            missing.forEach(id -> cache.putIfAbsent(id, Optional.ofNullable(found.get(id))));
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(ids)) {
            cache.get(id).ifPresent(e -> out.put(id, e));
        }
        return out;
    }
}
