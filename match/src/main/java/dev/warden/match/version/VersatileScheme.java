package dev.warden.match.version;

import io.github.nscuro.versatile.VersionFactory;
import io.github.nscuro.versatile.spi.Version;

/**
 * A scheme whose ordering comes from versatile-core, for the ecosystems where the tests prove it
 * agrees with the ecosystem's own implementation (deb, rpm, maven, golang, nuget, composer, generic).
 */
final class VersatileScheme extends ParsedScheme<Version> {

    /** Checks a scheme needs before versatile sees a version. */
    interface Syntax {
        /** Why the ecosystem rejects {@code version}, or null when it accepts it. */
        String problem(String version);
    }

    private final String versatileName;
    private final Syntax syntax;
    private final boolean strip;

    /** @param versatileName versatile's scheme name (a {@code KnownVersioningSchemes} constant) */
    VersatileScheme(String type, String versatileName) {
        this(type, versatileName, v -> null, false);
    }

    /**
     * @param syntax what the ecosystem's own parser refuses beyond versatile's checks
     * @param strip  whether the ecosystem ignores surrounding whitespace (dpkg does)
     */
    VersatileScheme(String type, String versatileName, Syntax syntax, boolean strip) {
        super(type);
        this.versatileName = versatileName;
        this.syntax = syntax;
        this.strip = strip;
    }

    @Override
    Version parseChecked(String raw) {
        String version = strip ? raw.strip() : raw;
        String problem = syntax.problem(version);
        if (problem != null) {
            throw invalid(raw, problem);
        }
        try {
            return VersionFactory.forScheme(versatileName, version);
        } catch (RuntimeException e) {
            // versatile reports most rejections as its InvalidVersionException, but number overflow and
            // similar surface as other runtime exceptions: every one means "this scheme rejects it"
            throw invalid(version, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    @Override
    int compareParsed(Version a, Version b) {
        return a.compareTo(b);
    }
}
