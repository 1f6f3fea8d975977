package dev.warden.catalog.secret;

import static dev.warden.core.finding.SeverityLevel.CRITICAL;
import static dev.warden.core.finding.SeverityLevel.HIGH;
import static dev.warden.core.finding.SeverityLevel.MEDIUM;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Warden's built-in rules: tokens whose shape names their issuer (so a match is rarely anything else), private
 * keys with a body, JWTs beside a word that says what they are, and password-like assignments only in config
 * files with a random-looking value. docs/secrets.md lists them.
 */
public final class SecretRules {
    private SecretRules() {}

    /** Not a letter, digit, '_' or '-' before or after: a token inside a longer word is not that token. */
    private static final String START = "(?<![A-Za-z0-9_-])";
    private static final String END = "(?![A-Za-z0-9_-])";

    public static List<SecretRule> builtin() {
        return List.of(
                SecretRule.simple("aws-access-key-id", "AWS", CRITICAL, "AWS access key ID",
                        List.of("akia", "asia", "abia", "acca", "a3t"),
                        "(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Za-z0-9])"),
                SecretRule.simple("aws-secret-access-key", "AWS", CRITICAL, "AWS secret access key",
                        List.of("aws_secret", "awssecret"),
                        "(?i)(?<![A-Za-z0-9])aws_?secret_?(?:access_?)?key[\"']?\\s{0,5}[:=]\\s{0,5}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"),
                SecretRule.simple("github-pat", "GitHub", CRITICAL, "GitHub token (personal, OAuth, app or refresh)",
                        List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
                        START + "(gh[pousr]_[A-Za-z0-9]{36,251})" + END),
                SecretRule.simple("github-fine-grained-pat", "GitHub", CRITICAL, "GitHub fine-grained personal access token",
                        List.of("github_pat_"),
                        START + "(github_pat_[A-Za-z0-9_]{82})" + END),
                SecretRule.simple("gitlab-pat", "GitLab", CRITICAL, "GitLab personal access token",
                        List.of("glpat-"),
                        START + "(glpat-[A-Za-z0-9_-]{20,200})" + END),
                SecretRule.simple("slack-token", "Slack", HIGH, "Slack token",
                        List.of("xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"),
                        START + "(xox[baprs]-[0-9A-Za-z-]{10,250})" + END),
                SecretRule.simple("slack-webhook-url", "Slack", HIGH, "Slack webhook URL",
                        List.of("hooks.slack.com"),
                        "https?://hooks\\.slack\\.com/(?:services|workflows)/([A-Za-z0-9+/]{40,120})"),
                SecretRule.simple("stripe-secret-key", "Stripe", CRITICAL, "Stripe live secret or restricted key",
                        List.of("sk_live_", "rk_live_"),
                        START + "((?:sk|rk)_live_[0-9A-Za-z]{24,99})" + END),
                SecretRule.simple("google-api-key", "Google", HIGH, "Google API key",
                        List.of("aiza"),
                        START + "(AIza[0-9A-Za-z_-]{35})" + END),
                SecretRule.simple("npm-access-token", "npm", CRITICAL, "npm access token",
                        List.of("npm_"),
                        START + "(npm_[A-Za-z0-9]{36})" + END),
                SecretRule.simple("pypi-upload-token", "PyPI", HIGH, "PyPI upload token",
                        List.of("pypi-age"),
                        START + "(pypi-AgE[A-Za-z0-9_-]{50,1000})" + END),
                // a BEGIN line alone is documentation (or a PEM parser's source); a key has a base64 body after it
                new SecretRule("private-key", "AsymmetricPrivateKey", HIGH, "Private key", List.of("private key"),
                        Pattern.compile("-----BEGIN ((?:[A-Z0-9]{1,20} ){0,3})PRIVATE KEY(?: BLOCK)?-----"), 0, null,
                        false, 0, Pattern.compile("[A-Za-z0-9+/=]{40,}")),
                // "eyJ" is base64 of '{"': every JSON blob encoded looks like this, so a word must say it is a token
                new SecretRule("jwt", "JWT", MEDIUM, "JSON Web Token", List.of("eyj"),
                        Pattern.compile(START + "(eyJ[A-Za-z0-9_-]{10,2000}\\.eyJ[A-Za-z0-9_-]{10,4000}\\.[A-Za-z0-9_-]{10,1000})" + END),
                        1, Pattern.compile("(?i)jwt|token|bearer|auth|secret|session|api[_-]?key|password"), false, 0, null),
                new SecretRule("generic-password", "Generic", HIGH, "Password or secret assigned in a config file",
                        List.of("password", "passwd", "secret", "api_key", "apikey", "api-key", "token"),
                        // not after '-': "--password=..." is a command line in documentation; ':' needs a quote
                        // before it (JSON) or a space after it (YAML), so "arn:...:secret:name" is no assignment
                        Pattern.compile("(?i)(?<![A-Za-z0-9-])((?:[A-Za-z0-9_.][A-Za-z0-9_.-]{0,40}?)?(?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token))"
                                + "(?:[\"']\\s{0,5}:\\s{0,5}|\\s{0,5}:\\s{1,5}|\\s{0,5}=\\s{0,5})[\"']?([^\\s\"'#;,<>]{10,200})"),
                        2, null, true, GENERIC_MIN_ENTROPY, null));
    }

    /**
     * Bits per character a generic value must reach: words and placeholders ("changeme123", "mypassword")
     * stay under it, generated passwords and keys lie above. Random base64 of 16 characters gives about 3.7.
     */
    public static final double GENERIC_MIN_ENTROPY = 3.3;
}
