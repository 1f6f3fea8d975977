package dev.warden.core.advisory;

import java.util.List;
import java.util.Optional;

/**
 * Read side of the advisory store, the seam matchers code against (implemented by
 * {@code dev.warden.vulndb.AdvisoryStore}).
 */
public interface AdvisoryLookup {

    /**
     * Advisories with an affected entry for this package. {@code ecosystemOrPurlType} is a purl type
     * ({@code deb} gives Debian and Ubuntu entries, all releases) or an OSV base ecosystem ({@code Debian},
     * {@code PyPI}); {@code name} is normalised here with {@link PackageNames#normalise}. Each returned
     * advisory carries only the affected entries for that package. Withdrawn advisories are included
     * (their {@code withdrawn} is set) so the caller can say why it skipped them.
     */
    List<Advisory> findByPackage(String ecosystemOrPurlType, String name);

    /**
     * {@link #findByPackage} for many names of one ecosystem at once (matching a whole SBOM); keys are the
     * names as given, each mapped to a possibly empty list. Stores override it with one query per batch.
     */
    default java.util.Map<String, List<Advisory>> findByPackages(String ecosystemOrPurlType, java.util.Collection<String> names) {
        java.util.Map<String, List<Advisory>> out = new java.util.LinkedHashMap<>();
        for (String name : names) {
            out.computeIfAbsent(name, n -> findByPackage(ecosystemOrPurlType, n));
        }
        return out;
    }

    /** The advisory with this id, or else one that lists it as an alias. */
    Optional<Advisory> findById(String id);

    /** Every advisory whose id or aliases contain {@code id} (a CVE is often named by several records). */
    List<Advisory> findByAlias(String id);

    Optional<KevEntry> kev(String cveId);

    Optional<EpssEntry> epss(String cveId);

    Optional<NvdEntry> nvd(String cveId);

    /** {@link #kev} for many CVE ids at once; ids absent from the feed have no key. Stores override it with batched queries. */
    default java.util.Map<String, KevEntry> kevs(java.util.Collection<String> cveIds) {
        return each(cveIds, this::kev);
    }

    /** {@link #epss} for many CVE ids at once; ids absent from the feed have no key. */
    default java.util.Map<String, EpssEntry> epssScores(java.util.Collection<String> cveIds) {
        return each(cveIds, this::epss);
    }

    /** {@link #nvd} for many CVE ids at once; ids absent from the feed have no key. */
    default java.util.Map<String, NvdEntry> nvds(java.util.Collection<String> cveIds) {
        return each(cveIds, this::nvd);
    }

    private static <T> java.util.Map<String, T> each(java.util.Collection<String> ids, java.util.function.Function<String, Optional<T>> one) {
        java.util.Map<String, T> out = new java.util.LinkedHashMap<>();
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            one.apply(id).ifPresent(e -> out.put(id, e));
        }
        return out;
    }
}
