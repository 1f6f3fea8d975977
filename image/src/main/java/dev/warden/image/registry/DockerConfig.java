package dev.warden.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials stored by {@code docker login} in {@code ~/.docker/config.json}: {@code auths.<host>.auth}
 * (base64 of user:password) or {@code username}/{@code password}, else the credential helper docker would run
 * ({@code credHelpers.<host>}, else {@code credsStore}): {@code docker-credential-<name> get} with the server on standard
 * input, answering {@code {"Username", "Secret"}} (the docker-credential-helpers protocol).
 */
final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys docker login uses for Docker Hub. */
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;
    private final JsonNode root;
    /** Where {@code docker-credential-<name>} programs are looked for: the PATH, as docker does. */
    private final List<Path> helperDirs;

    private DockerConfig(Path file, JsonNode root, List<Path> helperDirs) {
        this.file = file;
        this.root = root;
        this.helperDirs = List.copyOf(helperDirs);
    }

    /** An empty config when {@code file} is null or does not exist; helpers are looked for on the PATH. */
    static DockerConfig load(Path file) {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                dirs.add(Path.of(dir));
            }
        }
        return load(file, dirs);
    }

    static DockerConfig load(Path file, List<Path> helperDirs) {
        if (file == null) {
            return new DockerConfig(null, JSON.createObjectNode(), helperDirs);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes((int) RegistryLimits.MAX_DOCKER_CONFIG_BYTES + 1);
            if (content.length > RegistryLimits.MAX_DOCKER_CONFIG_BYTES) {
                throw new WardenException(file + ": larger than " + RegistryLimits.MAX_DOCKER_CONFIG_BYTES + " bytes");
            }
            JsonNode root = JSON.readTree(content);
            if (root == null || !root.isObject()) {
                throw new WardenException(file + ": not a JSON object");
            }
            return new DockerConfig(file, root, helperDirs);
        } catch (NoSuchFileException e) {
            return new DockerConfig(null, JSON.createObjectNode(), helperDirs);
        } catch (IOException e) {
            throw new WardenException(file + ": cannot read docker config: " + Messages.clip(e.getMessage()), e);
        }
    }

    /** Credentials for {@code registry} (host[:port] as users write it, docker.io for Docker Hub). */
    Optional<Credentials> credentialsFor(String registry) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (keyMatches(e.getKey(), registry)) {
                return decode(e.getKey(), e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The credential helper docker would run for {@code registry}, if one is configured. */
    Optional<String> helperFor(String registry) {
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("credHelpers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (keyMatches(e.getKey(), registry)) {
                return Optional.of(e.getValue().asText());
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(store);
    }

    /**
     * Asks {@code docker-credential-<helper>} for {@code registry}'s credentials. Empty when the helper holds none
     * (it exits non-zero: "credentials not found"); a helper that is missing, hangs or answers nonsense is one line.
     */
    Optional<Credentials> credentialsFromHelper(String helper, String registry) {
        if (!helper.matches("[A-Za-z0-9._-]+")) {
            throw new WardenException(file + ": credential helper name '" + Messages.clip(helper) + "' is not a plain name");
        }
        String program = "docker-credential-" + helper;
        Path executable = helperDirs.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new WardenException(registry + ": the docker credential helper " + program
                        + " configured in " + file + " is not on the PATH; install it, or give --username and --password-stdin"));
        String server = registry.equals(RegistryReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
        try {
            Process p = new ProcessBuilder(executable.toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = p.getOutputStream()) {
                in.write(server.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the helper exited without reading the server (nothing stored, say): its exit status says the rest
            }
            byte[] answer = p.getInputStream().readNBytes((int) RegistryLimits.MAX_HELPER_ANSWER_BYTES + 1);
            if (!p.waitFor(RegistryLimits.HELPER_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new WardenException(registry + ": " + program + " did not answer in " + RegistryLimits.HELPER_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                return Optional.empty(); // "credentials not found in native keychain": anonymous, as docker does
            }
            if (answer.length > RegistryLimits.MAX_HELPER_ANSWER_BYTES) {
                throw new WardenException(registry + ": " + program + " answered more than " + RegistryLimits.MAX_HELPER_ANSWER_BYTES + " bytes");
            }
            JsonNode json = JSON.readTree(answer);
            String user = json == null ? "" : json.path("Username").asText("");
            String secret = json == null ? "" : json.path("Secret").asText("");
            return user.isEmpty() || secret.isEmpty() ? Optional.empty() : Optional.of(new Credentials(user, secret));
        } catch (IOException e) {
            throw new WardenException(registry + ": " + program + " failed: " + Messages.clip(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(registry + ": interrupted while asking " + program, e);
        }
    }

    /** Keys are host[:port], sometimes with a scheme and a path (https://index.docker.io/v1/). */
    static boolean keyMatches(String key, String registry) {
        if (registry.equals(RegistryReference.DOCKER_HUB) && key.equals(DOCKER_HUB_KEY)) {
            return true;
        }
        String k = key.toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int path = k.indexOf('/');
        if (path >= 0) {
            k = k.substring(0, path);
        }
        String r = registry.toLowerCase(Locale.ROOT);
        if (r.equals(RegistryReference.DOCKER_HUB)) {
            return k.equals("docker.io") || k.equals("index.docker.io") || k.equals(RegistryReference.DOCKER_HUB_API);
        }
        return k.equals(r);
    }

    private Optional<Credentials> decode(String key, JsonNode entry) {
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new WardenException(file + ": auths." + Messages.clip(key) + ".auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new WardenException(file + ": auths." + Messages.clip(key) + ".auth is not base64 of user:password");
            }
            return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (!user.isEmpty() && !password.isEmpty()) {
            return Optional.of(new Credentials(user, password));
        }
        return Optional.empty();
    }
}
