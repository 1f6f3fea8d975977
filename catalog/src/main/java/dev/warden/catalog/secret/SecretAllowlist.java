package dev.warden.catalog.secret;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What is not a secret although a rule matched it, in gitleaks' terms ({@code [allowlist]}, {@code [[allowlists]]},
 * {@code [[rules.allowlists]]}): a file's path, a regular expression on the secret (or the whole match, or the line),
 * or a stop word the secret contains. With {@code all} (gitleaks' {@code condition = "AND"}) every kind given must
 * match; otherwise any one does.
 *
 * @param target      what {@code regexes} are matched against
 * @param targetRules the rule ids this global list applies to; empty: every rule
 */
public record SecretAllowlist(String description, boolean all, Target target, List<Pattern> regexes, List<Pattern> paths,
                              List<String> stopwords, Set<String> targetRules) {
    /** gitleaks' {@code regexTarget}: {@code secret} (the default), {@code match} or {@code line}. */
    public enum Target { SECRET, MATCH, LINE }

    public SecretAllowlist {
        regexes = List.copyOf(regexes);
        paths = List.copyOf(paths);
        stopwords = stopwords.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        targetRules = Set.copyOf(targetRules);
        if (regexes.isEmpty() && paths.isEmpty() && stopwords.isEmpty()) {
            throw new IllegalArgumentException("an allowlist needs regexes, paths or stopwords");
        }
    }

    boolean appliesTo(String ruleId) {
        return targetRules.isEmpty() || targetRules.contains(ruleId);
    }

    /**
     * Whether this list allows a finding. {@code matcher} runs an expression on a text (under the caller's step
     * budget for a user's rules).
     */
    boolean allows(String path, String line, String match, String secret, Matching matcher) {
        String text = switch (target) {
            case SECRET -> secret;
            case MATCH -> match;
            case LINE -> line;
        };
        Boolean byPath = paths.isEmpty() ? null : paths.stream().anyMatch(p -> matcher.find(p, path));
        Boolean byRegex = regexes.isEmpty() ? null : regexes.stream().anyMatch(p -> matcher.find(p, text));
        Boolean byStopword = stopwords.isEmpty() ? null
                : stopwords.stream().anyMatch(secret.toLowerCase(Locale.ROOT)::contains);
        List<Boolean> checks = java.util.stream.Stream.of(byPath, byRegex, byStopword).filter(java.util.Objects::nonNull).toList();
        return all ? checks.stream().allMatch(b -> b) : checks.stream().anyMatch(b -> b);
    }

    /** Whether the path alone allows everything in the file (a path-only list, or any-of with a matching path). */
    boolean allowsFile(String path, Matching matcher) {
        if (paths.isEmpty()) return false;
        boolean pathMatches = paths.stream().anyMatch(p -> matcher.find(p, path));
        return pathMatches && (!all || (regexes.isEmpty() && stopwords.isEmpty()));
    }

    /** Runs a pattern's {@code find} on a text. */
    @FunctionalInterface
    interface Matching {
        boolean find(Pattern pattern, String text);
    }

}
