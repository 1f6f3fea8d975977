package dev.warden.server;

import dev.warden.core.SafeText;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a watch's registry credentials are, never the credentials: the server keeps this reference and reads the
 * secret only when a run opens the registry, so neither the database nor the API ever holds it.
 * <ul>
 *   <li>{@code env:NAME}: the server's environment variable NAME holds {@code USER:PASSWORD} (or {@code USER:TOKEN});</li>
 *   <li>{@code file:/abs/path}: the first line of that file holds {@code USER:PASSWORD};</li>
 *   <li>{@code docker}: the server user's {@code ~/.docker/config.json}, its {@code auths} and credential helpers;</li>
 *   <li>{@code docker:/abs/path/config.json}: that docker config file;</li>
 *   <li>none (null): anonymous.</li>
 * </ul>
 */
public sealed interface CredentialRef {
    /** A reference is short; more is a mistake (or a secret pasted where its reference belongs). */
    int MAX_CHARS = 512;
    /** A credentials file holds one line; a large file is the wrong file. */
    int MAX_FILE_BYTES = 16 * 1024;
    Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    /** The reference as stored; null for anonymous. */
    String text();

    /** No credentials. */
    record Anonymous() implements CredentialRef {
        @Override
        public String text() {
            return null;
        }
    }

    record Env(String name) implements CredentialRef {
        @Override
        public String text() {
            return "env:" + name;
        }
    }

    record File(Path path) implements CredentialRef {
        @Override
        public String text() {
            return "file:" + path;
        }
    }

    /** @param config null for the server user's default docker config */
    record Docker(Path config) implements CredentialRef {
        @Override
        public String text() {
            return config == null ? "docker" : "docker:" + config;
        }
    }

    /** A user name and password or token, read from where the reference points. */
    record Secret(String username, String password) {
        @Override
        public String toString() {
            return "Secret[" + username + ", ***]";
        }
    }

    static CredentialRef parse(String text) {
        if (text == null || text.isEmpty() || text.equals("none")) {
            return new Anonymous();
        }
        if (text.length() > MAX_CHARS) {
            throw new WardenException("credentials: a reference is at most " + MAX_CHARS + " characters (env:NAME, file:/path, docker)");
        }
        if (text.equals("docker")) {
            return new Docker(null);
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        return switch (scheme) {
            case "env" -> {
                if (!ENV_NAME.matcher(rest).matches()) {
                    throw new WardenException("credentials 'env:NAME': NAME must be an environment variable name, got '" + SafeText.quote(rest) + "'");
                }
                yield new Env(rest);
            }
            case "file" -> new File(absolute(rest, "file"));
            case "docker" -> new Docker(absolute(rest, "docker"));
            // the text is not repeated: a secret pasted here must not come back in an answer or a log
            default -> throw new WardenException("credentials must be a reference: env:NAME, file:/path, docker or docker:/path/config.json"
                    + " (the secret itself is never stored or shown)");
        };
    }

    private static Path absolute(String path, String scheme) {
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new WardenException("credentials '" + scheme + ":PATH': not a path: " + SafeText.quote(path));
        }
        if (!p.isAbsolute() || path.indexOf('\0') >= 0) {
            throw new WardenException("credentials '" + scheme + ":PATH': the path must be absolute, got '" + SafeText.quote(path) + "'");
        }
        return p.normalize();
    }

    /** Reads the secret now: null for {@link Anonymous} and {@link Docker} (the registry client reads docker's config). */
    default Secret read(Map<String, String> environment) {
        return switch (this) {
            case Anonymous a -> null;
            case Docker d -> null;
            case Env e -> {
                String value = environment.get(e.name());
                if (value == null || value.isEmpty()) {
                    throw new WardenException("credentials env:" + e.name() + ": the server's environment has no " + e.name());
                }
                yield split(value, "env:" + e.name());
            }
            case File f -> {
                if (!Files.isRegularFile(f.path())) {
                    throw new WardenException("credentials file:" + f.path() + ": no such file");
                }
                byte[] bytes;
                try (InputStream in = Files.newInputStream(f.path())) {
                    bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                } catch (IOException e) {
                    throw new WardenException("credentials file:" + f.path() + ": cannot be read: " + e.getMessage());
                }
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new WardenException("credentials file:" + f.path() + ": larger than " + MAX_FILE_BYTES + " bytes; it should hold one line USER:PASSWORD");
                }
                String line = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
                yield split(line, "file:" + f.path());
            }
        };
    }

    /** The docker config file the registry client should read, or null for none. */
    default Path dockerConfig(Path userDefault) {
        return this instanceof Docker d ? (d.config() == null ? userDefault : d.config()) : null;
    }

    private static Secret split(String value, String where) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new WardenException("credentials " + where + ": expected USER:PASSWORD (the password is not shown)");
        }
        return new Secret(value.substring(0, colon), value.substring(colon + 1));
    }
}
