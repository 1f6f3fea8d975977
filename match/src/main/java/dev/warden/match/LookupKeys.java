package dev.warden.match;

import dev.warden.core.Sbom;
import dev.warden.core.advisory.PackageNames;
import dev.warden.core.Package;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The (purl type, name) pairs the matcher asks the advisory store for when it matches an SBOM: OS packages by source
 * package, language packages by the name their ecosystem's advisories use, each normalised as the store normalises
 * on import. The advisory database's change log names packages the same way, so an index of these keys per stored
 * SBOM finds exactly the SBOMs a changed advisory can touch.
 */
public final class LookupKeys {
    /** One key; {@code name} normalised ({@link PackageNames}). */
    public record Key(String type, String name) {}

    private LookupKeys() {}

    public static Set<Key> of(Sbom sbom) {
        Set<Key> out = new LinkedHashSet<>();
        for (Candidate c : Candidates.of(sbom, warning -> { })) {
            out.add(new Key(c.lookupType(), PackageNames.normalise(c.lookupType(), c.name())));
        }
        return out;
    }

    /**
     * Each key with the packages matched through it: what an incremental re-evaluation needs to match again only the
     * packages a changed advisory names. A package matched through two keys (rpm: binary and source) is under both.
     */
    public static Map<Key, Set<Package>> packagesByKey(Sbom sbom) {
        Map<Key, Set<Package>> out = new LinkedHashMap<>();
        for (Candidate c : Candidates.of(sbom, warning -> { })) {
            out.computeIfAbsent(new Key(c.lookupType(), PackageNames.normalise(c.lookupType(), c.name())), k -> new LinkedHashSet<>()).add(c.pkg());
        }
        return out;
    }
}
