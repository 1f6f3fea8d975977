package dev.warden.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The container images a SLSA provenance statement says the build consumed: v0.2 {@code predicate.materials[]} and
 * v1 {@code predicate.buildDefinition.resolvedDependencies[]} entries whose URI is {@code pkg:docker/...} (BuildKit) or
 * {@code docker-image://...}. BuildKit lists its Dockerfile frontend image among them; those are left out.
 */
public final class Provenance {
    /** Images a build pulls: BuildKit lists one per FROM and the frontend; more than this is not a real build. */
    static final int MAX_MATERIALS = 10_000;
    /** Frontend images that run the build but are not part of the image. */
    private static final List<String> FRONTENDS = List.of("docker.io/docker/dockerfile", "docker.io/docker/dockerfile-upstream");

    /** An image the build used: registry reference without digest ({@code docker.io/library/debian:12}), and its digest. */
    public record Material(String name, String digest) {}

    private Provenance() {}

    /** Images named by a statement, or by the DSSE envelope around one (cosign). */
    public static List<Material> images(byte[] statementOrEnvelope, String where) {
        JsonNode doc = ManifestImages.parse(statementOrEnvelope, where);
        if (doc.has("payload") && doc.has("payloadType")) {
            try {
                doc = ManifestImages.parse(Base64.getDecoder().decode(doc.path("payload").asText("")), where + ": DSSE payload");
            } catch (IllegalArgumentException e) {
                throw new WardenException(where + ": DSSE payload is not base64");
            }
        }
        JsonNode predicate = doc.path("predicate");
        JsonNode entries = predicate.has("materials") ? predicate.path("materials")
                : predicate.path("buildDefinition").path("resolvedDependencies");
        if (entries.size() > MAX_MATERIALS) {
            throw new WardenException(where + ": " + entries.size() + " materials, more than the limit of " + MAX_MATERIALS);
        }
        // A gateway frontend named by the build request (args.source, e.g. docker/dockerfile:1) runs the build too.
        JsonNode args = predicate.has("invocation") ? predicate.path("invocation").path("parameters").path("args")
                : predicate.path("buildDefinition").path("externalParameters").path("request").path("args");
        List<String> frontends = new ArrayList<>(FRONTENDS);
        if (args.path("source").isTextual()) {
            frontends.add(repository(args.path("source").asText()));
        }
        List<Material> images = new ArrayList<>();
        for (JsonNode entry : entries) {
            Material m = material(entry.path("uri").asText(""), entry.path("digest").path("sha256").asText(""));
            if (m != null && !frontends.contains(repository(m.name()))) {
                images.add(m);
            }
        }
        return images;
    }

    /**
     * The repository of an image reference, the way docker reads a short name: {@code debian:12} is
     * {@code docker.io/library/debian}, {@code docker/dockerfile:1} is {@code docker.io/docker/dockerfile}.
     */
    static String repository(String reference) {
        String ref = reference;
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            ref = ref.substring(0, colon);
        }
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            ref = "docker.io/" + (slash < 0 ? "library/" : "") + ref;
        }
        return ref;
    }

    /** {@code pkg:docker/NS/NAME@VERSION?repository_url=HOST} or {@code docker-image://REF[@sha256:...]}; null for other URIs. */
    static Material material(String uri, String sha256) {
        String digest = sha256.matches("[0-9a-f]{64}") ? "sha256:" + sha256 : null;
        if (uri.startsWith("pkg:docker/")) {
            String rest = uri.substring("pkg:docker/".length());
            String registry = "docker.io";
            int query = rest.indexOf('?');
            if (query >= 0) {
                for (String q : rest.substring(query + 1).split("&")) {
                    if (q.startsWith("repository_url=")) {
                        registry = java.net.URLDecoder.decode(q.substring("repository_url=".length()), StandardCharsets.UTF_8);
                    }
                }
                rest = rest.substring(0, query);
            }
            int at = rest.indexOf('@');
            String path = java.net.URLDecoder.decode(at < 0 ? rest : rest.substring(0, at), StandardCharsets.UTF_8);
            String version = at < 0 ? "" : java.net.URLDecoder.decode(rest.substring(at + 1), StandardCharsets.UTF_8);
            if (registry.equals("docker.io") && !path.contains("/")) {
                path = "library/" + path;
            }
            if (version.startsWith("sha256:")) {
                return new Material(registry + "/" + path, digest != null ? digest : version);
            }
            return new Material(registry + "/" + path + (version.isEmpty() ? "" : ":" + version), digest);
        }
        if (uri.startsWith("docker-image://")) {
            String ref = uri.substring("docker-image://".length());
            int at = ref.indexOf("@sha256:");
            if (at >= 0) {
                digest = ref.substring(at + 1);
                ref = ref.substring(0, at);
            }
            return new Material(ref, digest);
        }
        return null;
    }
}
