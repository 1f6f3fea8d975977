package dev.warden.match;

import dev.warden.core.Package;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ecosystems whose advisories name a package as its registry does, compared by the package's own version (Grype's
 * "stock" matchers): npm and Composer with their scope or vendor ({@code @babel/core}, {@code symfony/http-kernel}),
 * PyPI, RubyGems, crates.io and NuGet by name alone.
 */
final class LanguageNameMatcher implements EcosystemMatcher {
    /** The types whose names carry their namespace with a slash. */
    private static final Set<String> SLASHED = Set.of("npm", "composer");

    @Override
    public Set<String> types() {
        return Set.of("npm", "composer", "pypi", "gem", "cargo", "nuget");
    }

    @Override
    public boolean osPackages() {
        return false;
    }

    @Override
    public List<Candidate> candidates(Package p, Consumer<String> warn) {
        String name = SLASHED.contains(p.type()) ? slashed(p) : p.name();
        return List.of(new Candidate(p, p.type(), name, p.version()));
    }

    /** {@code namespace/name}, or the name alone without a namespace. */
    static String slashed(Package p) {
        return p.namespace() == null || p.namespace().isBlank() ? p.name() : p.namespace() + "/" + p.name();
    }
}
