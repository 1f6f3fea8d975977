package dev.warden.catalog.secret;

import java.util.HashSet;
import java.util.List;

/**
 * The rules a secret scan runs and the allow-lists that apply to all of them (or to the rules they name).
 *
 * @param source where the rules come from, for messages: {@code built-in} or the config file's path
 */
public record SecretRuleSet(List<SecretRule> rules, List<SecretAllowlist> allowlists, String source) {
    public SecretRuleSet {
        rules = List.copyOf(rules);
        allowlists = List.copyOf(allowlists);
        var ids = new HashSet<String>();
        for (SecretRule r : rules) {
            if (!ids.add(r.id())) throw new IllegalArgumentException("two rules have the id '" + r.id() + "'");
        }
    }

    /** Warden's own rules (docs/secrets.md), nothing allowed. */
    public static SecretRuleSet builtin() {
        return new SecretRuleSet(SecretRules.builtin(), List.of(), "built-in");
    }
}
