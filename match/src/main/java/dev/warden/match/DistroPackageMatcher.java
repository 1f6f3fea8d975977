package dev.warden.match;

import dev.warden.core.Package;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Debian and Alpine packages: their advisories (Debian's tracker, Alpine's secdb, OSV's Debian and Alpine records)
 * name the source package and its version, so a binary package is matched as its source (a fix is released per
 * source package). A package without a recorded source is its own source.
 */
final class DistroPackageMatcher implements EcosystemMatcher {
    @Override
    public Set<String> types() {
        return Set.of("deb", "apk");
    }

    @Override
    public boolean osPackages() {
        return true;
    }

    @Override
    public List<Candidate> candidates(Package p, Consumer<String> warn) {
        return List.of(bySource(p));
    }

    static Candidate bySource(Package p) {
        boolean hasSource = p.source() != null && p.source().name() != null && !p.source().name().isBlank();
        String name = hasSource ? p.source().name() : p.name();
        String version = hasSource && p.source().version() != null && !p.source().version().isBlank()
                ? p.source().version() : p.version();
        return new Candidate(p, p.type(), name, version);
    }
}
