package dev.warden.core.advisory;

import java.util.List;

/**
 * An OSV range: a type and its events in the order the advisory gives them (the OSV schema's
 * evaluation algorithm sorts them by version; that needs the version scheme, which lives in match).
 *
 * @param repo GIT ranges only: the repository URL; null otherwise
 */
public record Range(RangeType type, String repo, List<Event> events) {

    public Range {
        events = List.copyOf(events);
    }

    public enum RangeType { ECOSYSTEM, SEMVER, GIT }

    public enum EventKind {
        INTRODUCED, FIXED, LAST_AFFECTED, LIMIT;

        /** OSV field name: {@code last_affected}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One event; {@code version} is {@code "0"} for "introduced at the beginning of time". */
    public record Event(EventKind kind, String version) {}
}
