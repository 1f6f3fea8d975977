package dev.warden.match.version;

import dev.warden.core.VersionScheme;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Ecosystems;
import io.github.nscuro.versatile.version.KnownVersioningSchemes;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The version scheme of each purl type. Which implementation backs each type, and the evidence for
 * it, is in docs/versions.md: versatile-core where the reference tests show it agrees with the
 * ecosystem's own tool, Warden's own code where it does not or has no scheme.
 */
public final class VersionSchemes {

    private static final Map<String, VersionScheme> BY_TYPE = Stream.of(
                    new VersatileScheme("maven", KnownVersioningSchemes.SCHEME_MAVEN),
                    new VersatileScheme("nuget", KnownVersioningSchemes.SCHEME_NUGET),
                    new ComposerScheme(),
                    new DebScheme(),
                    new RpmScheme(),
                    new ApkScheme(),
                    SemVerScheme.npm(),
                    new Pep440Scheme(),
                    new GemScheme(),
                    new GenericScheme(),
                    SemVerScheme.cargo(),
                    SemVerScheme.golang())
            .collect(Collectors.toUnmodifiableMap(VersionScheme::type, Function.identity()));

    /** Plain SemVer 2.0.0 for OSV's SEMVER ranges (a leading {@code v} allowed, as Go writes it). */
    private static final VersionScheme SEMVER = SemVerScheme.semver();

    private VersionSchemes() {}

    /** The scheme of OSV SEMVER ranges: SemVer 2.0.0 precedence; not a purl type, so not in {@link #types()}. */
    public static VersionScheme semver() {
        return SEMVER;
    }

    /** The scheme for a purl type ({@code deb}, {@code pypi}...; case-insensitive), empty when Warden has none. */
    public static Optional<VersionScheme> forType(String purlType) {
        return purlType == null ? Optional.empty()
                : Optional.ofNullable(BY_TYPE.get(purlType.toLowerCase(Locale.ROOT)));
    }

    /**
     * The scheme for a purl type or an OSV ecosystem name, release suffix allowed ({@code deb},
     * {@code Debian}, {@code Debian:12}, {@code PyPI}, {@code crates.io}); empty when Warden has none.
     */
    public static Optional<VersionScheme> forEcosystem(String typeOrEcosystem) {
        if (typeOrEcosystem == null) {
            return Optional.empty();
        }
        return forType(typeOrEcosystem).or(() -> forType(Ecosystems.purlType(typeOrEcosystem)));
    }

    /** Like {@link #forType} but an unknown type is the user's error. */
    public static VersionScheme require(String purlType) {
        return forType(purlType).orElseThrow(() -> new WardenException(
                "unknown ecosystem '" + purlType + "': expected one of " + String.join(", ", types())));
    }

    /** Every purl type with a scheme, sorted. */
    public static Set<String> types() {
        return new TreeSet<>(BY_TYPE.keySet());
    }
}
