package dev.warden.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.AtomicFile;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's active policy file and approved VEX, cached under {@code WARDEN_HOME/server-cache/HOST_PORT/} with
 * their ETags, so that {@code scan|policy|quickview --server URL} judge as the server does, and still can offline
 * (the cache is used and its age said).
 */
public final class ServerCache {
    /** What to judge with: the policy file (empty: none published, the default set) and the VEX document. */
    public record Synced(Optional<Path> policyFile, Path vexFile, Instant fetchedAt, boolean fromCacheOnly) {}

    private final Path dir;
    private final ObjectMapper json;

    public ServerCache(Path home, ServerClient client, ObjectMapper json) {
        this.dir = home.resolve("server-cache").resolve(folderName(client));
        this.json = json;
    }

    private static String folderName(ServerClient client) {
        var uri = client.base();
        return (uri.getHost() + "_" + (uri.getPort() < 0 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort())
                + uri.getPath().replace('/', '_')).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public Path dir() {
        return dir;
    }

    /** Brings the cache up to date from the server; when the server cannot be reached, the cache as it is, with a notice. */
    public Synced sync(ServerClient client, Consumer<String> notices) {
        JsonNode state = readState();
        try {
            ServerClient.Fetched policy = client.fetch("/api/v1/policy", state.path("policyEtag").isTextual() && Files.exists(policyPath())
                    ? state.path("policyEtag").asText() : null);
            ServerClient.Fetched vex = client.fetch("/api/v1/vex/openvex", state.path("vexEtag").isTextual() && Files.exists(vexPath())
                    ? state.path("vexEtag").asText() : null);
            ObjectNode next = json.createObjectNode();
            Files.createDirectories(dir);
            if (policy.status() == 200) {
                AtomicFile.write(policyPath(), out -> out.write(policy.body()));
                next.put("policyEtag", policy.etag());
            } else if (policy.status() == 304) {
                next.put("policyEtag", state.path("policyEtag").asText());
            } else {
                Files.deleteIfExists(policyPath()); // none published: the default set, as on the server
            }
            if (vex.status() == 200) {
                AtomicFile.write(vexPath(), out -> out.write(vex.body()));
                next.put("vexEtag", vex.etag());
            } else if (vex.status() == 304) {
                next.put("vexEtag", state.path("vexEtag").asText());
            } else {
                throw new WardenException("server " + client.base() + " has no VEX export (GET /api/v1/vex/openvex answered 404)");
            }
            Instant now = Instant.now();
            next.put("fetchedAt", now.toString());
            AtomicFile.write(statePath(), out -> out.write(json.writeValueAsBytes(next)));
            return new Synced(Files.exists(policyPath()) ? Optional.of(policyPath()) : Optional.empty(), vexPath(), now, false);
        } catch (ServerClient.ServerUnreachable e) {
            if (!state.has("fetchedAt") || !Files.exists(vexPath())) {
                throw new WardenException(e.getMessage() + "; and nothing is cached from it yet under " + dir);
            }
            Instant fetched = Instant.parse(state.path("fetchedAt").asText());
            notices.accept(e.getMessage() + "; using its policy and VEX cached " + age(Duration.between(fetched, Instant.now())) + " ago ("
                    + fetched + ")");
            return new Synced(Files.exists(policyPath()) ? Optional.of(policyPath()) : Optional.empty(), vexPath(), fetched, true);
        } catch (IOException e) {
            throw new WardenException("cannot write the server cache " + dir + ": " + e.getMessage(), e);
        }
    }

    static String age(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return Math.max(0, d.toMinutes()) + " min";
    }

    private JsonNode readState() {
        try {
            if (Files.isRegularFile(statePath())) {
                JsonNode n = json.readTree(statePath().toFile());
                if (n != null && n.isObject()) {
                    return n;
                }
            }
        } catch (IOException e) {
            // an unreadable state is no state: everything is fetched again
        }
        return json.createObjectNode();
    }

    private Path policyPath() {
        return dir.resolve("policy.yaml");
    }

    private Path vexPath() {
        return dir.resolve("vex.openvex.json");
    }

    private Path statePath() {
        return dir.resolve("state.json");
    }
}
