package dev.warden.match.version;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;

/**
 * A scheme that parses each version into a value {@code V} and orders the values; the length limit
 * and the "valid = parses" rule live here once.
 */
abstract class ParsedScheme<V> implements VersionScheme {

    private final String type;

    ParsedScheme(String type) {
        this.type = type;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final int compare(String a, String b) {
        return Integer.signum(compareParsed(parse(a), parse(b)));
    }

    @Override
    public final boolean isValid(String version) {
        try {
            parse(version);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    /** Parses a version, refusing null, empty and over-long strings before the scheme sees them. */
    final V parse(String version) {
        if (version == null || version.isEmpty()) {
            throw invalid(version, "empty");
        }
        if (version.length() > VersionLimits.MAX_LENGTH) {
            throw invalid(version, "longer than " + VersionLimits.MAX_LENGTH + " characters");
        }
        return parseChecked(version);
    }

    /** Parses a non-empty version within the length limit; throws {@link #invalid} when the scheme rejects it. */
    abstract V parseChecked(String version);

    abstract int compareParsed(V a, V b);

    final InvalidVersionException invalid(String version, String reason) {
        return new InvalidVersionException(type, version, reason);
    }
}
