package dev.warden.match.version;

import io.github.nscuro.versatile.VersionFactory;
import io.github.nscuro.versatile.spi.Version;

/**
 * A scheme whose ordering comes from versatile-core, for the ecosystems where the tests prove it
 * agrees with the ecosystem's own implementation (maven, nuget, and composer with corrections).
 */
final class VersatileScheme extends ParsedScheme<Version> {

    private final String versatileName;

    /** @param versatileName versatile's scheme name (a {@code KnownVersioningSchemes} constant) */
    VersatileScheme(String type, String versatileName) {
        super(type);
        this.versatileName = versatileName;
    }

    @Override
    Version parseChecked(String version) {
        try {
            Version parsed = VersionFactory.forScheme(versatileName, version);
            // versatile parses some components only when comparing (a pre-release number beyond a long
            // fails there); comparing with a fresh copy walks every component now, so that a version
            // that passes here never fails in compare
            parsed.compareTo(VersionFactory.forScheme(versatileName, version));
            return parsed;
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
