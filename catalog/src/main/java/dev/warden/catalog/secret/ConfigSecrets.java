package dev.warden.catalog.secret;

import dev.warden.core.ConfigurationFacts.ConfigSecret;
import dev.warden.core.ImageInfo.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets in an image config's environment and labels: everyone who pulls the image reads them ({@code docker
 * inspect}), and every container started from it inherits the environment. A variable or label counts when its value
 * has a token's shape (the secret scanner's rules, run on {@code NAME=value} as on a config file's line), when the
 * value is a URL with a password in it, or when its name says it holds a secret ({@code DB_PASSWORD}, {@code
 * API_TOKEN}) and the value is a literal, not a placeholder, a flag or a path to a file holding the secret.
 */
public final class ConfigSecrets {

    /**
     * Names that say a secret. Not a bare {@code KEY} ({@code GPG_KEY} holds a public key's fingerprint), {@code PWD}
     * (the shell's working folder) or {@code AUTH} ({@code org.opencontainers.image.authors}).
     */
    static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)password|passwd|passphrase|secret|token|api[_.-]?key|private[_.-]?key|access[_.-]?key|credential");

    /** Docker's convention for secrets mounted as files ({@code POSTGRES_PASSWORD_FILE=/run/secrets/db}): no secret. */
    private static final Pattern REFERENCE_NAME = Pattern.compile("(?i).*[_.-](?:file|path|dir|location|url|uri|length|min|max|enabled|required)$");

    /** Values that switch a feature rather than hold a secret ({@code MYSQL_ALLOW_EMPTY_PASSWORD=yes}). */
    private static final Set<String> FLAGS = Set.of("yes", "no", "true", "false", "on", "off", "0", "1", "none", "null",
            "empty", "disabled", "enabled", "required", "optional");

    /** A password in a URL's user information: {@code postgres://app:s3cret@db/app}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]{0,20}://[^/\\s:@]{1,100}:([^/\\s@]{1,200})@");

    /** Values longer than this are cut before matching: a config is small, but a hostile one need not be. */
    static final int MAX_VALUE_CHARS = 8 << 10;

    private final List<SecretRule> rules;

    /**
     * {@code rules}: the value-shape rules. A user's rules ({@link SecretRule#untrusted()}) are skipped: the config is
     * judged again on the server from the pushed facts, with the built-in rules, and must give the same answer.
     */
    public ConfigSecrets(List<SecretRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** What {@code config}'s environment and labels give away, in order: environment first, then labels by name. */
    public List<ConfigSecret> find(ImageConfig config) {
        var found = new ArrayList<ConfigSecret>();
        for (String variable : config.env()) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                judge("ENV", variable.substring(0, eq), variable.substring(eq + 1), found);
            }
        }
        for (Map.Entry<String, String> label : new TreeMap<>(config.labels()).entrySet()) {
            judge("LABEL", label.getKey(), label.getValue() == null ? "" : label.getValue(), found);
        }
        return found;
    }

    private void judge(String where, String name, String value, List<ConfigSecret> found) {
        if (value.isBlank()) return;
        if (value.length() > MAX_VALUE_CHARS) value = value.substring(0, MAX_VALUE_CHARS);
        String line = name + "=" + value;
        String lower = line.toLowerCase(Locale.ROOT);
        for (SecretRule rule : rules) {
            if (rule.body() != null) continue; // a private key does not fit one variable's line the scanner reads
            if (rule.pattern() == null || rule.untrusted()) continue; // built-in rules only: see the constructor
            if (rule.keywords().stream().noneMatch(lower::contains)) continue;
            if (rule.context() != null && !rule.context().matcher(line).find()) continue;
            Matcher m = rule.pattern().matcher(line);
            while (m.find()) {
                String secret = SecretValues.secretOf(m, rule.secretGroup());
                if (secret == null || SecretValues.placeholder(secret, rule.configFilesOnly())) continue;
                if (rule.minEntropy() > 0 && SecretValues.entropy(secret) < rule.minEntropy()) continue;
                found.add(new ConfigSecret(where, name, rule.id(), SecretValues.redact(secret)));
                return;
            }
        }
        Matcher url = URL_PASSWORD.matcher(value);
        if (url.find() && !SecretValues.placeholder(url.group(1), true)) {
            found.add(new ConfigSecret(where, name, "url-password", SecretValues.redact(url.group(1))));
            return;
        }
        if (SECRET_NAME.matcher(name).find() && !REFERENCE_NAME.matcher(name).matches() && literal(value)) {
            found.add(new ConfigSecret(where, name, "secret-name", SecretValues.redact(value.strip())));
        }
    }

    /** A literal value: not a flag, a number of a few digits, a path, or a placeholder. */
    private static boolean literal(String value) {
        String v = value.strip();
        if (FLAGS.contains(v.toLowerCase(Locale.ROOT))) return false;
        if (v.length() < 4) return false; // "0", "30": lengths and switches, not passwords
        return !SecretValues.placeholder(v, true);
    }
}
