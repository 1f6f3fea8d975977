package dev.warden.catalog.secret;

import dev.warden.core.finding.SeverityLevel;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One kind of secret, as data: a regular expression run on each line, with cheap tests first so most lines cost
 * one {@code contains} per keyword.
 *
 * @param id              stable id, e.g. {@code github-pat}; policies allow-list by it
 * @param category        who issues the secret (AWS, GitHub...)
 * @param severity        how bad a leak is
 * @param title           for people
 * @param keywords        lower-case text one of which a line must contain before the pattern runs; none: every line
 * @param pattern         the secret's shape; group {@code secretGroup} is the secret (redacted, judged for entropy);
 *                        null for a rule that names files by their path alone ({@code path})
 * @param secretGroup     which group of {@code pattern} holds the secret; -1: the first group that matched anything
 *                        (gitleaks' rule when a rule gives no {@code secretGroup}), or the whole match without groups
 * @param context         when not null, the line must also match it (a JWT only next to "token", "bearer"...)
 * @param configFilesOnly only in config-like files ({@link SecretPaths#isConfigFile}): generic rules are too loose elsewhere
 * @param minEntropy      Shannon entropy (bits per character) the secret must reach; 0 for none
 * @param body            when not null, one of the next lines must match it (a private key's base64 body);
 *                        that line becomes the reported secret
 * @param path            when not null, only files whose absolute path this finds are scanned by the rule
 * @param allowlists      what makes a match of this rule no finding (gitleaks' {@code [[rules.allowlists]]})
 * @param untrusted       a user's rule (from {@code --secret-config}): its expressions run under the per-file step
 *                        budget ({@link SecretLimits#MAX_REGEX_STEPS_PER_FILE}), since a backtracking pattern could run
 *                        for hours on one line
 */
public record SecretRule(String id, String category, SeverityLevel severity, String title, List<String> keywords,
                         Pattern pattern, int secretGroup, Pattern context, boolean configFilesOnly, double minEntropy,
                         Pattern body, Pattern path, List<SecretAllowlist> allowlists, boolean untrusted) {
    public SecretRule {
        keywords = List.copyOf(keywords);
        allowlists = allowlists == null ? List.of() : List.copyOf(allowlists);
        if (keywords.stream().anyMatch(k -> !k.equals(k.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException(id + ": keywords are matched on the lower-cased line, so must be lower case");
        }
        if (pattern == null && path == null) throw new IllegalArgumentException(id + ": a rule needs a regex or a path");
    }

    /** A built-in rule: no path condition, no allow-list. */
    public SecretRule(String id, String category, SeverityLevel severity, String title, List<String> keywords,
            Pattern pattern, int secretGroup, Pattern context, boolean configFilesOnly, double minEntropy, Pattern body) {
        this(id, category, severity, title, keywords, pattern, secretGroup, context, configFilesOnly, minEntropy, body,
                null, List.of(), false);
    }

    /** A rule with no context, body or entropy condition, matching anywhere. */
    static SecretRule simple(String id, String category, SeverityLevel severity, String title, List<String> keywords, String regex) {
        return new SecretRule(id, category, severity, title, keywords, Pattern.compile(regex), 1, null, false, 0, null);
    }

    /** The rule reports files by path alone: no content pattern. */
    boolean pathOnly() {
        return pattern == null;
    }
}
