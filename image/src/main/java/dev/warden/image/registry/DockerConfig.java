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
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials stored by {@code docker login} in {@code ~/.docker/config.json}: {@code auths.<host>.auth}
 * (base64 of user:password) or {@code username}/{@code password}. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) run external programs and are not supported; {@link #helperFor}
 * says when one was configured so the error can tell the user.
 */
final class DockerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys docker login uses for Docker Hub. */
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;
    private final JsonNode root;

    private DockerConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** An empty config when {@code file} is null or does not exist. */
    static DockerConfig load(Path file) {
        if (file == null) {
            return new DockerConfig(null, JSON.createObjectNode());
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
            return new DockerConfig(file, root);
        } catch (NoSuchFileException e) {
            return new DockerConfig(null, JSON.createObjectNode());
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
