package dev.warden.match;

import dev.warden.core.Package;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * rpm packages: matched as their source rpm (Red Hat's advisories) and also as the binary package with its own EVR,
 * since the OSV records of AlmaLinux and Rocky name binary packages; a package matched both ways meets its hits again
 * in {@link Matcher}.
 */
final class RpmMatcher implements EcosystemMatcher {
    @Override
    public Set<String> types() {
        return Set.of("rpm");
    }

    @Override
    public boolean osPackages() {
        return true;
    }

    @Override
    public List<Candidate> candidates(Package p, Consumer<String> warn) {
        Candidate source = DistroPackageMatcher.bySource(p);
        if (source.name().equals(p.name()) && source.version().equals(p.version())) {
            return List.of(source);
        }
        return List.of(source, new Candidate(p, "rpm", p.name(), p.version()));
    }
}
