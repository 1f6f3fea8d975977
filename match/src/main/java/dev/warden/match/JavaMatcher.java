package dev.warden.match;

import dev.warden.core.Package;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Maven packages: advisories name {@code groupId:artifactId}. A package whose group is unknown (a jar named only by
 * its file) is not matched: a guessed group would match another project's advisories.
 */
final class JavaMatcher implements EcosystemMatcher {
    @Override
    public Set<String> types() {
        return Set.of("maven");
    }

    @Override
    public boolean osPackages() {
        return false;
    }

    @Override
    public List<Candidate> candidates(Package p, Consumer<String> warn) {
        if (p.namespace() == null || p.namespace().isBlank()) {
            warn.accept(p.purl() + ": Maven package without a group id, not matched");
            return List.of();
        }
        return List.of(new Candidate(p, "maven", p.namespace() + ":" + p.name(), p.version()));
    }
}
