package dev.warden.match.range;

import java.util.List;

/**
 * Whether a version is affected, and what in the advisory could not be used to decide it (an event
 * version the scheme rejects, say), so the caller can warn naming the record.
 */
public record Verdict(boolean affected, List<String> problems) {

    public Verdict {
        problems = List.copyOf(problems);
    }

    static Verdict of(boolean affected) {
        return new Verdict(affected, List.of());
    }
}
