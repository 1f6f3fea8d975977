package dev.warden.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A SLSA v1 provenance predicate (slsa.dev/spec/v1.0/provenance) from the build facts a user supplies: who built
 * (builder id), how ({@code buildType} and its external parameters) and from what ({@code resolvedDependencies}:
 * source commits, base images by digest). Warden did not run the build, so it vouches for nothing but the signature:
 * the facts are the signer's claims, checked only for shape.
 *
 * @param builderId          the builder's URI (required by SLSA), e.g. {@code https://ci.example.com/runners/linux}
 * @param buildType          a URI naming the shape of {@code externalParameters}
 * @param externalParameters what the user or trigger chose (repository, ref, Dockerfile path, build arguments)
 * @param dependencies       materials: {@code pkg:docker/debian@bookworm}, {@code git+https://...@refs/heads/main}
 * @param invocationId       the CI run's id or URL, may be null
 * @param startedOn          RFC 3339, may be null
 * @param finishedOn         RFC 3339, may be null
 */
public record SlsaProvenance(String builderId, String buildType, Map<String, String> externalParameters,
                             List<Dependency> dependencies, String invocationId, String startedOn, String finishedOn) {

    /** The build type when the user names none: facts given on Warden's command line or in its build-facts file. */
    public static final String DEFAULT_BUILD_TYPE = "https://warden.dev/provenance/build-facts/v1";

    /** Build facts files are a few lines; a bigger one is not one. */
    static final long MAX_FACTS_BYTES = 256 << 10;
    /** Parameters and dependencies: a real build has tens. */
    static final int MAX_ENTRIES = 1_000;

    private static final Pattern DIGEST = Pattern.compile("(sha256|sha512|sha1|gitCommit):([0-9a-f]{40,128})");

    /**
     * One resolved dependency.
     *
     * @param digest algorithm to lower-case hex, e.g. {@code sha256 -> 6b86b2...}
     */
    public record Dependency(String uri, Map<String, String> digest) {
        public Dependency {
            if (uri == null || uri.isBlank()) throw new WardenException("provenance: a dependency needs a uri");
            digest = Map.copyOf(digest == null ? Map.of() : digest);
        }

        /** {@code URI@ALG:HEX} (the digest after the last '@'), or a bare URI. */
        public static Dependency parse(String text) {
            int at = text.lastIndexOf('@');
            if (at > 0) {
                var m = DIGEST.matcher(text.substring(at + 1));
                if (m.matches()) {
                    return new Dependency(text.substring(0, at), Map.of(m.group(1), m.group(2)));
                }
            }
            return new Dependency(text, Map.of());
        }
    }

    public SlsaProvenance {
        if (builderId == null || builderId.isBlank()) {
            throw new WardenException("provenance: the builder id is required (--builder-id URI or \"builderId\" in the build facts)");
        }
        uri(builderId, "builder id");
        buildType = buildType == null || buildType.isBlank() ? DEFAULT_BUILD_TYPE : buildType;
        uri(buildType, "build type");
        externalParameters = Map.copyOf(externalParameters == null ? Map.of() : externalParameters);
        dependencies = List.copyOf(dependencies == null ? List.of() : dependencies);
        if (externalParameters.size() > MAX_ENTRIES || dependencies.size() > MAX_ENTRIES) {
            throw new WardenException("provenance: more than " + MAX_ENTRIES + " parameters or dependencies");
        }
        instant(startedOn, "startedOn");
        instant(finishedOn, "finishedOn");
    }

    /** The predicate: {@code buildDefinition} and {@code runDetails}, keys in the spec's order. */
    public ObjectNode predicate() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode predicate = json.createObjectNode();
        ObjectNode definition = predicate.putObject("buildDefinition");
        definition.put("buildType", buildType);
        ObjectNode external = definition.putObject("externalParameters");
        new java.util.TreeMap<>(externalParameters).forEach(external::put);
        var resolved = definition.putArray("resolvedDependencies");
        for (Dependency d : dependencies) {
            ObjectNode entry = resolved.addObject().put("uri", d.uri());
            if (!d.digest().isEmpty()) {
                ObjectNode digest = entry.putObject("digest");
                new java.util.TreeMap<>(d.digest()).forEach(digest::put);
            }
        }
        ObjectNode run = predicate.putObject("runDetails");
        run.putObject("builder").put("id", builderId);
        if (invocationId != null || startedOn != null || finishedOn != null) {
            ObjectNode metadata = run.putObject("metadata");
            if (invocationId != null) metadata.put("invocationId", invocationId);
            if (startedOn != null) metadata.put("startedOn", startedOn);
            if (finishedOn != null) metadata.put("finishedOn", finishedOn);
        }
        return predicate;
    }

    private static final Set<String> KEYS = Set.of("builderId", "buildType", "externalParameters", "resolvedDependencies",
            "invocationId", "startedOn", "finishedOn");

    /**
     * A build facts file: {@code {"builderId", "buildType", "externalParameters": {K: V}, "resolvedDependencies":
     * [{"uri", "digest": {"sha256": HEX}} or "URI@sha256:HEX"], "invocationId", "startedOn", "finishedOn"}}.
     */
    public static SlsaProvenance read(Path file) {
        String where = "build facts " + file;
        JsonNode doc;
        try {
            if (!Files.isRegularFile(file)) throw new WardenException(where + ": not found (or not a file)");
            if (Files.size(file) > MAX_FACTS_BYTES) throw new WardenException(where + ": larger than " + MAX_FACTS_BYTES + " bytes");
            JsonMapper mapper = JsonMapper.builder().build();
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
            doc = mapper.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new WardenException(where + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new WardenException(where + ": cannot read: " + e.getMessage(), e);
        }
        if (doc == null || !doc.isObject()) throw new WardenException(where + ": expected a JSON object");
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new WardenException(where + ": unknown key '" + key + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode external = doc.path("externalParameters");
        if (!external.isMissingNode()) {
            if (!external.isObject()) throw new WardenException(where + ": externalParameters must be an object of strings");
            external.properties().forEach(e -> {
                if (!e.getValue().isTextual()) throw new WardenException(where + ": externalParameters." + e.getKey() + " must be a string");
                parameters.put(e.getKey(), e.getValue().asText());
            });
        }
        List<Dependency> dependencies = new ArrayList<>();
        JsonNode resolved = doc.path("resolvedDependencies");
        if (!resolved.isMissingNode()) {
            if (!resolved.isArray()) throw new WardenException(where + ": resolvedDependencies must be a list");
            for (JsonNode d : resolved) {
                if (d.isTextual()) {
                    dependencies.add(Dependency.parse(d.asText()));
                } else if (d.isObject() && d.path("uri").isTextual()) {
                    Map<String, String> digest = new LinkedHashMap<>();
                    d.path("digest").properties().forEach(e -> digest.put(e.getKey(), e.getValue().asText()));
                    dependencies.add(new Dependency(d.path("uri").asText(), digest));
                } else {
                    throw new WardenException(where + ": a resolved dependency is \"URI@sha256:HEX\" or {\"uri\", \"digest\"}");
                }
            }
        }
        try {
            return new SlsaProvenance(text(doc, "builderId", where), text(doc, "buildType", where), parameters, dependencies,
                    text(doc, "invocationId", where), text(doc, "startedOn", where), text(doc, "finishedOn", where));
        } catch (WardenException e) {
            throw new WardenException(where + ": " + e.getMessage().replaceFirst("^provenance: ", ""));
        }
    }

    /** The same facts with the command line's values put over the file's (null or empty: keep the file's). */
    public SlsaProvenance overriddenBy(String builderId, String buildType, Map<String, String> parameters,
            List<Dependency> more, String invocationId, String startedOn, String finishedOn) {
        Map<String, String> allParameters = new LinkedHashMap<>(externalParameters);
        allParameters.putAll(parameters);
        List<Dependency> allDependencies = new ArrayList<>(dependencies);
        allDependencies.addAll(more);
        return new SlsaProvenance(builderId != null ? builderId : this.builderId, buildType != null ? buildType : this.buildType,
                allParameters, allDependencies, invocationId != null ? invocationId : this.invocationId,
                startedOn != null ? startedOn : this.startedOn, finishedOn != null ? finishedOn : this.finishedOn);
    }

    private static String text(JsonNode doc, String key, String where) {
        JsonNode v = doc.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new WardenException(where + ": " + key + " must be a string");
        return v.asText();
    }

    private static void uri(String text, String what) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) throw new WardenException("provenance: the " + what + " '" + text + "' is not an absolute URI");
        } catch (URISyntaxException e) {
            throw new WardenException("provenance: the " + what + " '" + text + "' is not a URI (" + e.getReason() + ")");
        }
    }

    private static void instant(String text, String what) {
        if (text == null) return;
        try {
            Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new WardenException("provenance: " + what + " '" + text + "' is not an RFC 3339 time such as 2026-12-07T17:00:00Z");
        }
    }
}
