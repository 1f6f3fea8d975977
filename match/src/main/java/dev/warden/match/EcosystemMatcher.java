package dev.warden.match;

import dev.warden.core.Package;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How one ecosystem's packages are looked up in the advisory store: the purl types it takes, and for a package the
 * name and version its advisories use. One implementation per ecosystem, as Grype keeps one matcher per ecosystem
 * ({@code grype/matcher/}); {@link Candidates} asks the one for each package's type. A new ecosystem is one class here
 * and one entry in {@link #ALL}, beside a version scheme for its type.
 */
interface EcosystemMatcher {
    /** Every matcher; each purl type belongs to one. */
    List<EcosystemMatcher> ALL = List.of(
            new DistroPackageMatcher(),
            new RpmMatcher(),
            new JavaMatcher(),
            new GoMatcher(),
            new LanguageNameMatcher());

    /** The purl types this matcher takes. */
    Set<String> types();

    /**
     * Whether its packages are OS packages: matched by source package and the image's distro release (never by
     * ranges alone), and left to their OS package when a language package's files belong to one.
     */
    boolean osPackages();

    /** What {@code p} (of one of {@link #types}, with a version) is matched as; empty when it cannot be. */
    List<Candidate> candidates(Package p, Consumer<String> warn);

    /** The matcher of {@code type}, or null for a type Warden has no advisories for (generic, github...). */
    static EcosystemMatcher of(String type) {
        for (EcosystemMatcher m : ALL) {
            if (m.types().contains(type)) {
                return m;
            }
        }
        return null;
    }

    /** Whether {@code type} is an OS package type. */
    static boolean isOsType(String type) {
        EcosystemMatcher m = of(type);
        return m != null && m.osPackages();
    }
}
