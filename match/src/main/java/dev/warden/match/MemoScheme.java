package dev.warden.match;

import dev.warden.core.InvalidVersionException;
import dev.warden.core.VersionScheme;
import java.util.HashMap;
import java.util.Map;

/**
 * A version scheme that remembers its answers for the length of one match: advisories of one package
 * repeat the same versions (PyPA records list every affected release), so the same comparisons come up
 * again and again, and parsing is what costs. Not thread-safe; one per match.
 */
final class MemoScheme implements VersionScheme {

    /** Answers kept per match; past this the scheme is asked directly (memory stays bounded on huge SBOMs). */
    private static final int MAX_ENTRIES = 2_000_000;

    private final VersionScheme scheme;
    private final Map<String, Boolean> valid = new HashMap<>();
    private final Map<String, Map<String, Integer>> compared = new HashMap<>();
    private int entries;

    MemoScheme(VersionScheme scheme) {
        this.scheme = scheme;
    }

    @Override
    public String type() {
        return scheme.type();
    }

    @Override
    public boolean isValid(String version) {
        Boolean known = valid.get(version);
        if (known != null) {
            return known;
        }
        boolean answer = scheme.isValid(version);
        if (entries < MAX_ENTRIES) {
            valid.put(version, answer);
            entries++;
        }
        return answer;
    }

    /** @throws InvalidVersionException as the scheme does (invalid versions are not remembered) */
    @Override
    public int compare(String a, String b) {
        Map<String, Integer> byB = compared.get(a);
        Integer known = byB == null ? null : byB.get(b);
        if (known != null) {
            return known;
        }
        int answer = scheme.compare(a, b);
        if (entries < MAX_ENTRIES) {
            compared.computeIfAbsent(a, k -> new HashMap<>()).put(b, answer);
            entries++;
        }
        return answer;
    }
}
