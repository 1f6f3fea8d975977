package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Values for flags not given on the command line, as Trivy and Grype users expect: an environment variable
 * {@code WARDEN_<FLAG>} ({@code --exit-code} is {@code WARDEN_EXIT_CODE}), else a key of the config file (the flag's
 * name without dashes: {@code exit-code: true}, {@code severity: [critical, high]}). The command line wins over both,
 * the environment over the file, and the file over the built-in default.
 */
final class FlagDefaults implements CommandLine.IDefaultValueProvider {
    /** The config file looked for in the working directory when {@code --config} names none. */
    static final String DEFAULT_FILE = "warden.yaml";
    /** A config file is a handful of flags; anything bigger is not one. */
    static final long MAX_CONFIG_BYTES = 1 << 20;

    private final Map<String, String> env;
    private final Map<String, String> file;

    private FlagDefaults(Map<String, String> env, Map<String, String> file) {
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
    }

    /**
     * From {@code env} and the config file: {@code config} when given (it must exist), else {@code warden.yaml} in
     * {@code workDir} when there is one.
     */
    static FlagDefaults load(Map<String, String> env, Path config, Path workDir) {
        Path file = config != null ? config : workDir.resolve(DEFAULT_FILE);
        if (config == null && !Files.isRegularFile(file)) {
            return new FlagDefaults(env, Map.of());
        }
        return new FlagDefaults(env, read(file));
    }

    /** The value of {@code --config FILE} or {@code --config=FILE} in {@code args}, null when absent. */
    static Path configArgument(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    private static Map<String, String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new WardenException("config file " + file + ": no such file (relative to " + Path.of("").toAbsolutePath() + ")");
            }
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new WardenException("config file " + file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (root == null || root.isMissingNode() || root.isNull()) {
                return Map.of();
            }
            if (!root.isObject()) {
                throw new WardenException("config file " + file + ": expected flag: value lines (a YAML mapping)");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (var names = root.fieldNames(); names.hasNext(); ) {
                String key = names.next();
                JsonNode v = root.get(key);
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(item -> items.add(item.asText()));
                    out.put(key, String.join(",", items));
                } else if (v.isValueNode()) {
                    out.put(key, v.asText());
                } else {
                    throw new WardenException("config file " + file + ": '" + key + "' must be a value or a list");
                }
            }
            return out;
        } catch (IOException e) {
            throw new WardenException("config file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String name = option.longestName().substring(2);
        if (name.equals("help") || name.equals("version") || name.equals("config")) {
            return null;
        }
        String fromEnv = env.get("WARDEN_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return fromEnv != null ? fromEnv : file.get(name);
    }
}
