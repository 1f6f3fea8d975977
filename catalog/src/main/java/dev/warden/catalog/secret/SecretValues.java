package dev.warden.catalog.secret;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * What is judged of a candidate secret's value, wherever it was found (a file's lines in {@link SecretScanner}, the
 * config's ENV and labels in {@link ConfigSecrets}): the value a match holds, whether it only stands for a secret,
 * its entropy, and the redacted form that is all Warden keeps of it.
 */
final class SecretValues {
    private SecretValues() {}

    /** First four characters and {@code *****}: enough to find the secret in the file, too little to use it. */
    static String redact(String secret) {
        return secret.substring(0, Math.min(4, secret.length())) + "*****";
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        int[] counts = new int[256];
        for (int i = 0; i < s.length(); i++) {
            counts[s.charAt(i) & 0xff]++;
        }
        double bits = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / s.length();
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bits;
    }

    /** Values that stand for a secret without being one: AWS's documented example keys, templates, variables. */
    static boolean placeholder(String secret, boolean generic) {
        String lower = secret.toLowerCase(Locale.ROOT);
        if (lower.contains("example")) return true;
        if (!generic) return false;
        if (secret.startsWith("$") || secret.startsWith("%") || secret.startsWith("{") || secret.startsWith("/")
                || secret.startsWith("!") || secret.contains("${") || secret.contains("{{") || secret.contains("$(")) {
            return true;
        }
        for (int i = 0; i < secret.length(); i++) {
            if (EXPRESSION_CHARACTERS.indexOf(secret.charAt(i)) >= 0) return true; // a regex or template, not a value
        }
        for (String word : PLACEHOLDER_WORDS) {
            if (lower.contains(word)) return true;
        }
        return false;
    }

    private static final String EXPRESSION_CHARACTERS = "[](){}\\|";

    private static final List<String> PLACEHOLDER_WORDS = List.of("changeme", "change_me", "change-me", "placeholder",
            "xxxx", "****", "dummy", "redacted", "sample", "your_", "your-", "yourpass", "secret_here", "password_here");

    /**
     * The secret in a match: group {@code group}; for -1 (a gitleaks rule without {@code secretGroup}) the first group
     * that matched something, or the whole match when the pattern has no group.
     */
    static String secretOf(Matcher m, int group) {
        if (group >= 0) return m.group(group);
        for (int g = 1; g <= m.groupCount(); g++) {
            String s = m.group(g);
            if (s != null && !s.isEmpty()) return s;
        }
        return m.group();
    }
}
