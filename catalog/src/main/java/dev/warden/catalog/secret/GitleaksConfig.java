package dev.warden.catalog.secret;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.warden.core.SafeText;
import dev.warden.core.WardenException;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads secret rules written in gitleaks' configuration format (TOML; github.com/gitleaks/gitleaks, config/):
 * {@code [[rules]]} with {@code id}, {@code description}, {@code regex}, {@code secretGroup}, {@code entropy},
 * {@code keywords}, {@code path}, {@code tags} and their allow-lists ({@code [rules.allowlist]} or
 * {@code [[rules.allowlists]]}: {@code condition}, {@code regexTarget}, {@code regexes}, {@code paths},
 * {@code stopwords}); the global {@code [allowlist]} or {@code [[allowlists]]} (with {@code targetRules}); and
 * {@code [extend] useDefault = true}, which adds Warden's built-in rules (less {@code disabledRules}).
 *
 * <p>Strict where gitleaks would silently scan less: an unknown key, a composite rule ({@code [[rules.required]]}) or
 * {@code [extend] path} is refused with one line naming the file and the rule. {@code commits} in an allow-list is
 * accepted and never matches: an image has no commits.
 */
public final class GitleaksConfig {
    private GitleaksConfig() {}

    private static final Set<String> TOP = Set.of("title", "description", "minVersion", "extend", "rules", "allowlist", "allowlists");
    private static final Set<String> RULE = Set.of("id", "description", "regex", "secretGroup", "entropy", "keywords",
            "path", "tags", "allowlist", "allowlists", "required", "skipReport");
    private static final Set<String> ALLOWLIST = Set.of("description", "condition", "regexTarget", "regexes", "paths",
            "stopwords", "commits", "targetRules");
    private static final Set<String> EXTEND = Set.of("useDefault", "path", "disabledRules", "url");

    /** Severity of a user's rule: gitleaks' format has none, and a leaked secret the team asked to find is high. */
    static final SeverityLevel SEVERITY = SeverityLevel.HIGH;

    /** @throws WardenException (exit 2) naming {@code file} and what is wrong */
    public static SecretRuleSet load(Path file) {
        String where = "secret config " + file;
        try {
            if (!Files.isRegularFile(file)) throw new WardenException(where + ": not found (or not a file)");
            if (Files.size(file) > SecretLimits.MAX_CONFIG_BYTES) {
                throw new WardenException(where + ": larger than " + SecretLimits.MAX_CONFIG_BYTES + " bytes");
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new WardenException(where + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static SecretRuleSet parse(byte[] toml, String source) {
        String where = "secret config " + source;
        JsonNode root;
        try {
            var factory = TomlFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16).maxStringLength((int) SecretLimits.MAX_CONFIG_BYTES).build()).build();
            root = new TomlMapper(factory).readTree(toml);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage() == null ? "unreadable TOML" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new WardenException(where + ": not valid TOML: " + SafeText.quote(message), e);
        } catch (IOException e) {
            throw new WardenException(where + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return read(root, source);
        } catch (IllegalArgumentException e) {
            throw new WardenException(where + ": " + e.getMessage(), e);
        }
    }

    private static SecretRuleSet read(JsonNode root, String source) {
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the file holds no TOML table");
        known(root, TOP, "");
        List<SecretRule> rules = new ArrayList<>();
        JsonNode extend = root.get("extend");
        if (extend != null) {
            known(extend, EXTEND, "[extend]");
            if (extend.has("path") || extend.has("url")) {
                throw new IllegalArgumentException("[extend] path/url is not supported: put the rules in one file (or use useDefault)");
            }
            if (bool(extend.get("useDefault"), "[extend] useDefault")) {
                Set<String> disabled = new HashSet<>(strings(extend.get("disabledRules"), "[extend] disabledRules"));
                for (SecretRule r : SecretRules.builtin()) {
                    if (!disabled.remove(r.id())) rules.add(r);
                }
                if (!disabled.isEmpty()) {
                    throw new IllegalArgumentException("[extend] disabledRules: no built-in rule " + disabled.stream().sorted().map(d -> "'" + SafeText.quote(d) + "'").toList()
                            + " (the built-in ids are in docs/secrets.md)");
                }
            }
        }
        JsonNode ruleNodes = root.get("rules");
        if (ruleNodes != null && !ruleNodes.isArray()) throw new IllegalArgumentException("rules must be an array of tables ([[rules]])");
        int index = 0;
        Set<String> ids = new HashSet<>(rules.stream().map(SecretRule::id).toList());
        if (ruleNodes != null) {
            if (ruleNodes.size() + rules.size() > SecretLimits.MAX_CUSTOM_RULES) {
                throw new IllegalArgumentException("more than " + SecretLimits.MAX_CUSTOM_RULES + " rules");
            }
            for (JsonNode r : ruleNodes) {
                SecretRule rule = rule(r, index++);
                if (!ids.add(rule.id())) {
                    throw new IllegalArgumentException("rule '" + SafeText.quote(rule.id()) + "': two rules have this id"
                            + (SecretRules.builtin().stream().anyMatch(b -> b.id().equals(rule.id())) ? " (a built-in rule's: add it to [extend] disabledRules to replace it)" : ""));
                }
                rules.add(rule);
            }
        }
        if (root.has("allowlist") && root.has("allowlists")) {
            throw new IllegalArgumentException("both [allowlist] and [[allowlists]]: use one");
        }
        if (rules.isEmpty()) throw new IllegalArgumentException("no rules: give [[rules]] or [extend] useDefault = true");
        List<SecretAllowlist> global = new ArrayList<>();
        if (root.has("allowlist")) global.add(allowlist(root.get("allowlist"), "[allowlist]", true, ids));
        JsonNode lists = root.get("allowlists");
        if (lists != null) {
            if (!lists.isArray()) throw new IllegalArgumentException("allowlists must be an array of tables ([[allowlists]])");
            int i = 0;
            for (JsonNode a : lists) global.add(allowlist(a, "[[allowlists]] #" + (++i), true, ids));
        }
        global.removeIf(a -> a == null);
        return new SecretRuleSet(rules, global, source);
    }

    private static SecretRule rule(JsonNode r, int index) {
        String at = "[[rules]] #" + (index + 1);
        if (!r.isObject()) throw new IllegalArgumentException(at + ": not a table");
        String id = text(r.get("id"), at + " id");
        if (id == null || id.isBlank()) throw new IllegalArgumentException(at + ": a rule needs an id");
        if (id.length() > 100 || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(at + ": id '" + SafeText.quote(id) + "' must be letters, digits, '.', '_' and '-' (at most 100)");
        }
        at = "rule '" + id + "'";
        known(r, RULE, at);
        if (r.has("required")) {
            throw new IllegalArgumentException(at + ": composite rules ([[rules.required]]) are not supported");
        }
        String description = text(r.get("description"), at + " description");
        String regex = text(r.get("regex"), at + " regex");
        String path = text(r.get("path"), at + " path");
        if (regex == null && path == null) throw new IllegalArgumentException(at + ": a rule needs a regex or a path");
        Pattern pattern = regex == null ? null : pattern(regex, at + " regex");
        Pattern pathPattern = path == null ? null : pattern(path, at + " path");
        int secretGroup = -1;
        if (r.has("secretGroup")) {
            JsonNode g = r.get("secretGroup");
            if (!g.isIntegralNumber() || g.asInt() < 0) throw new IllegalArgumentException(at + ": secretGroup must be a whole number, 0 or more");
            secretGroup = g.asInt() == 0 ? -1 : g.asInt(); // 0 in gitleaks means "not set"
            if (pattern != null && secretGroup > pattern.matcher("").groupCount()) {
                throw new IllegalArgumentException(at + ": secretGroup " + secretGroup + " but the regex has "
                        + pattern.matcher("").groupCount() + " groups");
            }
        }
        double entropy = 0;
        if (r.has("entropy")) {
            JsonNode e = r.get("entropy");
            if (!e.isNumber() || e.asDouble() < 0 || e.asDouble() > 8) throw new IllegalArgumentException(at + ": entropy must be a number from 0 to 8");
            entropy = e.asDouble();
        }
        List<String> keywords = strings(r.get("keywords"), at + " keywords").stream().map(k -> k.toLowerCase(Locale.ROOT))
                .filter(k -> !k.isEmpty()).distinct().toList();
        List<String> tags = strings(r.get("tags"), at + " tags");
        List<SecretAllowlist> allowlists = new ArrayList<>();
        if (r.has("allowlist") && r.has("allowlists")) throw new IllegalArgumentException(at + ": both allowlist and allowlists: use one");
        if (r.has("allowlist")) allowlists.add(allowlist(r.get("allowlist"), at + " allowlist", false, Set.of()));
        if (r.has("allowlists")) {
            if (!r.get("allowlists").isArray()) throw new IllegalArgumentException(at + ": allowlists must be an array of tables");
            int i = 0;
            for (JsonNode a : r.get("allowlists")) allowlists.add(allowlist(a, at + " allowlists #" + (++i), false, Set.of()));
        }
        allowlists.removeIf(a -> a == null);
        String category = tags.isEmpty() ? "Custom" : tags.get(0);
        return new SecretRule(id, category, SEVERITY, description == null || description.isBlank() ? id : description,
                keywords, pattern, secretGroup, null, false, entropy, null, pathPattern, allowlists, true);
    }

    /** An allow-list, or null when it holds nothing that can match in an image (commits alone). */
    private static SecretAllowlist allowlist(JsonNode a, String at, boolean global, Set<String> ruleIds) {
        if (!a.isObject()) throw new IllegalArgumentException(at + ": not a table");
        known(a, ALLOWLIST, at);
        String condition = text(a.get("condition"), at + " condition");
        boolean all;
        if (condition == null || condition.equalsIgnoreCase("OR")) {
            all = false;
        } else if (condition.equalsIgnoreCase("AND")) {
            all = true;
        } else {
            throw new IllegalArgumentException(at + ": condition must be OR or AND, got '" + SafeText.quote(condition) + "'");
        }
        String target = text(a.get("regexTarget"), at + " regexTarget");
        SecretAllowlist.Target regexTarget = switch (target == null ? "secret" : target.toLowerCase(Locale.ROOT)) {
            case "secret" -> SecretAllowlist.Target.SECRET;
            case "match" -> SecretAllowlist.Target.MATCH;
            case "line" -> SecretAllowlist.Target.LINE;
            default -> throw new IllegalArgumentException(at + ": regexTarget must be secret, match or line, got '" + SafeText.quote(target) + "'");
        };
        List<Pattern> regexes = strings(a.get("regexes"), at + " regexes").stream().map(x -> pattern(x, at + " regexes")).toList();
        List<Pattern> paths = strings(a.get("paths"), at + " paths").stream().map(x -> pattern(x, at + " paths")).toList();
        List<String> stopwords = strings(a.get("stopwords"), at + " stopwords");
        List<String> commits = strings(a.get("commits"), at + " commits");
        Set<String> targets = new LinkedHashSet<>(strings(a.get("targetRules"), at + " targetRules"));
        if (!global && !targets.isEmpty()) throw new IllegalArgumentException(at + ": targetRules belongs in a global [[allowlists]]");
        for (String t : targets) {
            if (!ruleIds.contains(t)) throw new IllegalArgumentException(at + ": targetRules names no rule '" + SafeText.quote(t) + "'");
        }
        if (regexes.isEmpty() && paths.isEmpty() && stopwords.isEmpty()) {
            if (commits.isEmpty()) throw new IllegalArgumentException(at + ": an allowlist needs regexes, paths or stopwords");
            return null; // commits only: nothing in an image is a commit
        }
        if (all && !commits.isEmpty()) {
            return null; // every condition must hold, and a commit never does in an image
        }
        return new SecretAllowlist(text(a.get("description"), at + " description"), all, regexTarget, regexes, paths,
                stopwords, targets);
    }

    private static Pattern pattern(String regex, String at) {
        if (regex.length() > SecretLimits.MAX_REGEX_CHARS) {
            throw new IllegalArgumentException(at + ": longer than " + SecretLimits.MAX_REGEX_CHARS + " characters");
        }
        try {
            return Re2Patterns.compile(regex);
        } catch (IllegalArgumentException | StackOverflowError e) {
            throw new IllegalArgumentException(at + ": " + (e instanceof StackOverflowError ? "nested too deeply" : e.getMessage()));
        }
    }

    private static void known(JsonNode node, Set<String> keys, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException((at.isEmpty() ? "" : at + ": ") + "unknown key '" + SafeText.quote(key)
                        + "' (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode node, String at) {
        if (node == null) return null;
        if (!node.isTextual()) throw new IllegalArgumentException(at + ": expected a string");
        return node.asText();
    }

    private static boolean bool(JsonNode node, String at) {
        if (node == null) return false;
        if (!node.isBoolean()) throw new IllegalArgumentException(at + ": expected true or false");
        return node.asBoolean();
    }

    private static List<String> strings(JsonNode node, String at) {
        if (node == null) return List.of();
        if (!node.isArray()) throw new IllegalArgumentException(at + ": expected a list of strings");
        if (node.size() > SecretLimits.MAX_LIST_ENTRIES) throw new IllegalArgumentException(at + ": more than " + SecretLimits.MAX_LIST_ENTRIES + " entries");
        List<String> values = new ArrayList<>();
        for (JsonNode v : node) {
            if (!v.isTextual()) throw new IllegalArgumentException(at + ": expected a list of strings");
            values.add(v.asText());
        }
        return values;
    }
}
