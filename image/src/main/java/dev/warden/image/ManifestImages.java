package dev.warden.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.HistoryEntry;
import dev.warden.core.ImageInfo.ImageConfig;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an {@link ImageSource} from a manifest and the blobs it names: the part shared by OCI
 * layouts, archives and registries.
 */
public final class ManifestImages {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final Set<String> CONFIG_TYPES = Set.of(
            "application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json");
    static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    static final Set<String> MANIFEST_TYPES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

    /**
     * Index, manifest and config documents are read into a tree by Jackson's streaming parser, not an
     * {@code ObjectMapper}: setting up data binding took a tenth of a second of a fresh JVM's main thread
     * (bench/second-image.sh), and these documents need only the tree.
     */
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ManifestImages() {}

    /**
     * An image from an already digest-verified image manifest (OCI or Docker schema 2). Reads and
     * verifies the config; reads no layer until {@link ImageSource#files()}.
     *
     * @param onClose released when the source is closed (a registry connection, an open archive), or null
     */
    public static ImageSource fromManifest(String reference, String manifestDigest, byte[] manifestJson,
            BlobStore blobs, SourceOptions options, Closeable onClose) throws IOException {
        String where = reference + ": manifest " + (manifestDigest == null ? "" : manifestDigest);
        if (manifestJson.length > options.limits().maxManifestBytes()) {
            throw new WardenException(where + ": larger than the limit of " + options.limits().maxManifestBytes() + " bytes");
        }
        JsonNode manifest = parse(manifestJson, where);
        String mediaType = manifest.path("mediaType").asText("");
        if (manifest.has("manifests") || INDEX_TYPES.contains(mediaType)) {
            throw new WardenException(where + ": is an index of several images, not an image manifest");
        }
        if (manifest.path("schemaVersion").asInt(0) != 2 || !(mediaType.isEmpty() || MANIFEST_TYPES.contains(mediaType))) {
            throw new WardenException(where + ": unsupported manifest (schemaVersion "
                    + manifest.path("schemaVersion").asText("?") + ", media type '" + Digests.abbreviate(mediaType)
                    + "'): expected an OCI or Docker schema 2 image manifest");
        }
        JsonNode configDescriptor = manifest.path("config");
        String configType = configDescriptor.path("mediaType").asText("");
        if (!CONFIG_TYPES.contains(configType)) {
            throw new WardenException(where + ": config media type '" + Digests.abbreviate(configType)
                    + "' is not a container image config (an artifact?)");
        }
        String configDigest = Digests.require(configDescriptor.path("digest").asText(null), where + ": config");
        long configSize = configDescriptor.path("size").asLong(-1);
        byte[] config = readBlob(blobs, configDigest, configSize, options.limits().maxConfigBytes(),
                reference + ": config " + configDigest);

        JsonNode layerNodes = manifest.path("layers");
        if (!layerNodes.isArray()) {
            throw new WardenException(where + ": has no layers array");
        }
        List<LayerInfo> layers = new ArrayList<>();
        for (JsonNode layer : layerNodes) {
            String what = where + ": layer " + (layers.size() + 1);
            String type = layer.path("mediaType").asText(null);
            LayerMediaTypes.compression(type, what);
            layers.add(new LayerInfo(Digests.require(layer.path("digest").asText(null), what), null, type,
                    layer.path("size").asLong(-1), -1));
        }
        return fromParts(reference, manifestDigest, configDigest, config, layers, strings(manifest.path("annotations")),
                blobs, options, onClose);
    }

    /**
     * An image from its verified config and its layers (whose diff_ids are taken from the config):
     * the common ground of manifests and docker-save archives, which have no manifest.
     */
    static ImageSource fromParts(String reference, String manifestDigest, String configDigest, byte[] configJson,
            List<LayerInfo> layers, Map<String, String> annotations, BlobStore blobs, SourceOptions options,
            Closeable onClose) {
        String where = reference + ": config " + configDigest;
        if (layers.size() > options.limits().maxLayers()) {
            throw new WardenException(reference + ": " + layers.size() + " layers, more than the limit of "
                    + options.limits().maxLayers());
        }
        JsonNode config = parse(configJson, where);
        List<String> diffIds = new ArrayList<>();
        for (JsonNode d : config.path("rootfs").path("diff_ids")) {
            diffIds.add(Digests.require(d.asText(null), where + ": rootfs.diff_ids"));
        }
        if (diffIds.size() != layers.size()) {
            throw new WardenException(where + ": lists " + diffIds.size() + " diff_ids but the image has "
                    + layers.size() + " layers");
        }
        List<LayerInfo> withDiffIds = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerInfo l = layers.get(i);
            withDiffIds.add(new LayerInfo(l.digest(), diffIds.get(i), l.mediaType(), l.size(), -1));
        }
        Platform platform = config.hasNonNull("os") || config.hasNonNull("architecture")
                ? new Platform(config.path("os").asText(""), config.path("architecture").asText(""),
                        emptyToNull(config.path("variant").asText("")))
                : null;
        requirePlatform(platform, options.platform(), reference);
        ImageInfo info = new ImageInfo(reference, manifestDigest, configDigest, platform, imageConfig(config),
                withDiffIds, annotations);
        return new ManifestImage(info, blobs, options, onClose);
    }

    /**
     * Picks the manifest for {@code wanted} (null = linux/amd64, or the only one) from an OCI image
     * index or Docker manifest list; {@code where} names the input in error messages.
     */
    public static ManifestDescriptor selectPlatform(byte[] indexJson, Platform wanted, String where) {
        JsonNode index = parse(indexJson, where);
        JsonNode manifests = index.path("manifests");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new WardenException(where + ": index lists no manifests");
        }
        List<ManifestDescriptor> images = new ArrayList<>();
        for (JsonNode m : manifests) {
            JsonNode p = m.path("platform");
            Platform platform = p.isObject()
                    ? new Platform(p.path("os").asText(""), p.path("architecture").asText(""), emptyToNull(p.path("variant").asText("")))
                    : null;
            String type = m.path("mediaType").asText("");
            // Attestations and signatures ride along in indexes as "unknown/unknown" platforms.
            if (platform != null && platform.os().equals("unknown")) {
                continue;
            }
            images.add(new ManifestDescriptor(type, Digests.require(m.path("digest").asText(null), where + ": manifests[]"),
                    m.path("size").asLong(-1), platform));
        }
        if (wanted == null) {
            if (images.size() == 1) {
                return images.getFirst();
            }
            wanted = new Platform("linux", "amd64", null);
        }
        ManifestDescriptor best = null;
        for (ManifestDescriptor d : images) {
            Platform p = d.platform();
            if (p == null || !p.os().equals(wanted.os()) || !p.architecture().equals(wanted.architecture())) {
                continue;
            }
            if (wanted.variant() == null || wanted.variant().equals(p.variant())) {
                if (best == null || (wanted.variant() == null && p.variant() == null)) {
                    best = d;
                }
            }
        }
        if (best == null) {
            List<String> available = images.stream().map(d -> String.valueOf(d.platform())).toList();
            throw new WardenException(where + ": no image for platform " + wanted + " (available: "
                    + String.join(", ", available) + "); choose one with --platform");
        }
        return best;
    }

    /**
     * Refuses a single-platform image whose config names another platform than the one asked for: without an index
     * there is nothing to choose from, and silently reading an arm64 image for an amd64 request gives wrong answers.
     * A variant is only compared when the user named one; a config without os/architecture cannot be checked.
     */
    static void requirePlatform(Platform actual, Platform wanted, String reference) {
        if (wanted == null || actual == null) {
            return;
        }
        boolean same = actual.os().equals(wanted.os()) && actual.architecture().equals(wanted.architecture())
                && (wanted.variant() == null || wanted.variant().equals(actual.variant()));
        if (!same) {
            throw new WardenException(reference + ": image is for platform " + actual + ", not the requested " + wanted
                    + " (--platform), and it has no other platform");
        }
    }

    /** {@code image} with the attestations found beside its manifest (for the sources that read them). */
    public static ImageSource withAttestations(ImageSource image, AttestationFinder.Found found) {
        if (image instanceof ManifestImage m) {
            m.attach(found);
        }
        return image;
    }

    /**
     * The image with the names its layout's index.json or archive gives it ({@code org.opencontainers.image.ref.name},
     * containerd's full name), which reports name the image by: the manifest itself does not carry them.
     */
    static ImageSource named(ImageSource image, Map<String, String> naming) {
        if (image instanceof ManifestImage m && !naming.isEmpty()) {
            m.name(naming);
        }
        return image;
    }

    /** A manifest named by an index. */
    public record ManifestDescriptor(String mediaType, String digest, long size, Platform platform) {}

    /** Reads a small blob whole, verified against its digest and refused beyond {@code limit}. */
    static byte[] readBlob(BlobStore blobs, String digest, long size, long limit, String what) throws IOException {
        if (size > limit) {
            throw new WardenException(what + ": " + size + " bytes, larger than the limit of " + limit + " bytes");
        }
        try (InputStream in = blobs.open(digest, size)) {
            return Streams.readLimited(in, limit, what);
        }
    }

    static JsonNode parse(byte[] json, String where) {
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                throw new WardenException(where + ": not a JSON document");
            }
            return node(parser, first);
        } catch (JsonProcessingException e) {
            throw new WardenException(where + ": invalid JSON (" + Digests.abbreviate(e.getOriginalMessage()) + ")", e);
        } catch (IOException e) {
            throw new WardenException(where + ": unreadable JSON (" + Digests.abbreviate(e.getMessage()) + ")", e);
        }
    }

    /**
     * The value starting at {@code token}, as data binding's tree would have it (a repeated name keeps its last value,
     * what follows the document is not read). Nesting is bounded by the parser's own limit (1,000 levels).
     */
    private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "unexpected end of input");
        }
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, node(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(node(parser, t));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new JsonParseException(parser, "unexpected " + token);
        }
    }

    private static ImageConfig imageConfig(JsonNode config) {
        JsonNode c = config.path("config");
        List<HistoryEntry> history = new ArrayList<>();
        for (JsonNode h : config.path("history")) {
            history.add(new HistoryEntry(h.path("created").asText(""), h.path("created_by").asText(""),
                    h.path("comment").asText(""), h.path("empty_layer").asBoolean(false)));
        }
        List<String> ports = new ArrayList<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        return new ImageConfig(c.path("User").asText(""), list(c.path("Env")), list(c.path("Entrypoint")),
                list(c.path("Cmd")), c.path("WorkingDir").asText(""), strings(c.path("Labels")), ports,
                config.path("created").asText(""), history, list(c.path("Healthcheck").path("Test")));
    }

    private static List<String> list(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            values.add(v.asText());
        }
        return values;
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
