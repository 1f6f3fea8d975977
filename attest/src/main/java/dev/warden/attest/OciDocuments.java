package dev.warden.attest;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** OCI manifests and indexes as signatures use them: building, reading (bounded), and the tag names cosign uses. */
final class OciDocuments {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
    static final byte[] EMPTY_JSON = {'{', '}'};
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Nesting in these documents is a few levels; a deeper one is hostile. */
    private static final int MAX_DEPTH = 32;

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private OciDocuments() {}

    /** A manifest or index entry: digest, size, media type, and what kind of artifact it is. */
    record Descriptor(String mediaType, String digest, long size, String artifactType, Map<String, String> annotations) {}

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    /** cosign's signature tag: {@code sha256-HEX.sig}. */
    static String signatureTag(String digest) {
        return referrersTag(digest) + ".sig";
    }

    /** The distribution spec's referrers tag schema (and the stem of cosign's tags): {@code sha256-HEX}. */
    static String referrersTag(String digest) {
        return digest.replace(':', '-');
    }

    static byte[] emptyIndex() {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", OCI_INDEX).putArray("manifests");
        return write(index);
    }

    static JsonNode parse(byte[] content, String what) {
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new WardenException(what + ": not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new WardenException(what + ": not JSON (" + clip(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode descriptor(String mediaType, byte[] content) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType).put("digest", sha256(content)).put("size", content.length);
        return d;
    }

    /** The entries of an index's {@code manifests}, at most {@code max}; malformed entries refused. */
    static List<Descriptor> entries(byte[] index, int max, String what) {
        JsonNode manifests = parse(index, what).path("manifests");
        if (!manifests.isArray() && !manifests.isMissingNode() && !manifests.isNull()) {
            throw new WardenException(what + ": 'manifests' is not a list");
        }
        if (manifests.size() > max) {
            throw new WardenException(what + ": lists " + manifests.size() + " manifests, more than the limit of " + max);
        }
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode m : manifests) {
            out.add(descriptorOf(m, what));
        }
        return out;
    }

    static Descriptor descriptorOf(JsonNode m, String what) {
        String digest = m.path("digest").asText("");
        if (!DIGEST.matcher(digest).matches()) {
            throw new WardenException(what + ": an entry has an invalid or unsupported digest '" + clip(digest) + "'");
        }
        Map<String, String> annotations = new java.util.LinkedHashMap<>();
        m.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText("")));
        return new Descriptor(m.path("mediaType").asText(""), digest, m.path("size").asLong(-1),
                m.path("artifactType").asText(""), annotations);
    }

    /** Adds {@code entry} to an index (replacing one of the same digest) and returns the new index's bytes. */
    static byte[] withEntry(byte[] index, ObjectNode entry, int max, String what) {
        ObjectNode doc = (ObjectNode) parse(index, what);
        ArrayNode manifests = doc.withArray("manifests");
        for (int i = manifests.size() - 1; i >= 0; i--) {
            if (manifests.get(i).path("digest").asText("").equals(entry.path("digest").asText())) {
                manifests.remove(i);
            }
        }
        if (manifests.size() >= max) {
            throw new WardenException(what + ": already lists " + manifests.size() + " manifests, the limit");
        }
        manifests.add(entry);
        doc.put("schemaVersion", 2);
        doc.put("mediaType", OCI_INDEX);
        return write(doc);
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
