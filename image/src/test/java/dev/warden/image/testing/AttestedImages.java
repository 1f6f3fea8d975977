package dev.warden.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Adds supply-chain attestations to an OCI layout (one umoci made) the way the tools that make them store them:
 * BuildKit's attestation manifest in an image index (docs.docker.com "Attestation storage": a manifest per platform
 * annotated {@code vnd.docker.reference.type: attestation-manifest} and {@code vnd.docker.reference.digest}, platform
 * unknown/unknown, whose layers are in-toto statements annotated {@code in-toto.io/predicate-type}), OCI 1.1 referrers
 * (a manifest with a {@code subject}), and cosign's DSSE envelopes.
 */
public final class AttestedImages {
    public static final String SPDX = "https://spdx.dev/Document";
    public static final String CYCLONEDX = "https://cyclonedx.org/bom";
    public static final String SLSA_V02 = "https://slsa.dev/provenance/v0.2";
    public static final String SLSA_V1 = "https://slsa.dev/provenance/v1";
    public static final String IN_TOTO = "application/vnd.in-toto+json";
    public static final String DSSE = "application/vnd.dsse.envelope.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AttestedImages() {}

    /** A one-layer linux/amd64 image made by umoci in a new layout {@code dir/layout}, tagged {@code tag}; file /hello.txt. */
    public static Path smallLayout(Path dir, String tag) throws IOException {
        Path layout = dir.resolve("layout");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        TestImages.run(dir, "umoci", "init", "--layout", layout.toString());
        TestImages.run(dir, "umoci", "new", "--image", layout + ":" + tag);
        TestImages.run(dir, "umoci", "config", "--image", layout + ":" + tag, "--architecture", "amd64", "--os", "linux");
        Path tar = dir.resolve("layer.tar");
        TestImages.run(dir, "tar", "--numeric-owner", "-C", root.toString(), "-cf", tar.toString(), ".");
        TestImages.run(dir, "umoci", "raw", "add-layer", "--image", layout + ":" + tag, tar.toString());
        return layout;
    }

    /** An in-toto v0.1 statement about {@code subjectDigest}. */
    public static byte[] statement(String predicateType, String subjectDigest, JsonNode predicate) {
        ObjectNode s = JSON.createObjectNode().put("_type", "https://in-toto.io/Statement/v0.1").put("predicateType", predicateType);
        s.putArray("subject").addObject().put("name", "_").putObject("digest").put("sha256", hex(subjectDigest));
        s.set("predicate", predicate);
        return bytes(s);
    }

    /** A minimal SPDX 2.3 document. */
    public static ObjectNode spdxDocument() {
        return JSON.createObjectNode().put("spdxVersion", "SPDX-2.3").put("SPDXID", "SPDXRef-DOCUMENT").put("name", "fixture");
    }

    /** SLSA v0.2 provenance whose materials are {@code uri sha256hex} pairs, as BuildKit writes them. */
    public static ObjectNode provenanceV02(String... uriAndSha) {
        ObjectNode p = JSON.createObjectNode();
        p.putObject("builder").put("id", "https://example.invalid/builder");
        p.put("buildType", "https://mobyproject.org/buildkit@v1");
        ArrayNode materials = p.putArray("materials");
        for (int i = 0; i < uriAndSha.length; i += 2) {
            materials.addObject().put("uri", uriAndSha[i]).putObject("digest").put("sha256", uriAndSha[i + 1]);
        }
        return p;
    }

    /** SLSA v1 provenance: the same list as {@code buildDefinition.resolvedDependencies}. */
    public static ObjectNode provenanceV1(String... uriAndSha) {
        ObjectNode p = JSON.createObjectNode();
        ObjectNode def = p.putObject("buildDefinition").put("buildType", "https://mobyproject.org/buildkit@v1");
        ArrayNode deps = def.putArray("resolvedDependencies");
        for (int i = 0; i < uriAndSha.length; i += 2) {
            deps.addObject().put("uri", uriAndSha[i]).putObject("digest").put("sha256", uriAndSha[i + 1]);
        }
        p.putObject("runDetails").putObject("builder").put("id", "https://example.invalid/builder");
        return p;
    }

    /** A DSSE envelope around {@code statement}, as cosign attest stores it (signature left empty: nothing checks it). */
    public static byte[] dsse(byte[] statement) {
        ObjectNode e = JSON.createObjectNode().put("payloadType", IN_TOTO)
                .put("payload", Base64.getEncoder().encodeToString(statement));
        e.putArray("signatures").addObject().put("keyid", "").put("sig", "");
        return bytes(e);
    }

    /** Writes {@code content} to the layout's blobs; returns its descriptor. */
    public static ObjectNode writeBlob(Path layout, String mediaType, byte[] content) {
        String digest = sha256(content);
        try {
            Files.write(blobPath(layout, digest), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", content.length);
    }

    /** A layer descriptor for {@code statement} annotated with its predicate type under {@code annotationKey}. */
    public static ObjectNode statementLayer(Path layout, String mediaType, String annotationKey, String predicateType, byte[] statement) {
        ObjectNode d = writeBlob(layout, mediaType, statement);
        d.putObject("annotations").put(annotationKey, predicateType);
        return d;
    }

    /**
     * BuildKit's attestation manifest: an image manifest (config of os/architecture unknown) whose layers are the
     * statements. Returns the manifest's bytes (already written to the layout).
     */
    public static byte[] attestationManifest(Path layout, List<ObjectNode> layers) {
        ObjectNode config = JSON.createObjectNode().put("architecture", "unknown").put("os", "unknown");
        config.putObject("config");
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.path("digest").asText()));
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        m.set("config", writeBlob(layout, OCI_CONFIG, bytes(config)));
        m.putArray("layers").addAll(layers);
        byte[] manifest = bytes(m);
        writeBlob(layout, OCI_MANIFEST, manifest);
        return manifest;
    }

    /**
     * Adds tag {@code newTag}: an image index naming the image tagged {@code imageTag} (linux/amd64) and its BuildKit
     * attestation manifest. Returns the index digest.
     */
    public static String addBuildKitIndex(Path layout, String imageTag, String newTag, byte[] attestationManifest) {
        String image = manifestDigest(layout, imageTag);
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        ObjectNode img = manifests.addObject().put("mediaType", OCI_MANIFEST).put("digest", image)
                .put("size", size(layout, image));
        img.putObject("platform").put("architecture", "amd64").put("os", "linux");
        ObjectNode att = manifests.addObject().put("mediaType", OCI_MANIFEST).put("digest", sha256(attestationManifest))
                .put("size", attestationManifest.length);
        att.putObject("annotations").put("vnd.docker.reference.digest", image).put("vnd.docker.reference.type", "attestation-manifest");
        att.putObject("platform").put("architecture", "unknown").put("os", "unknown");
        ObjectNode d = writeBlob(layout, OCI_INDEX, bytes(index));
        tag(layout, d, newTag);
        return d.path("digest").asText();
    }

    /**
     * An OCI 1.1 referrer of {@code subjectDigest}: artifact type {@code artifactType}, an empty config, the given
     * layers, and the subject's descriptor. Returns the manifest bytes (written to the layout).
     */
    public static byte[] referrer(Path layout, String artifactType, String subjectDigest, List<ObjectNode> layers) {
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST).put("artifactType", artifactType);
        m.set("config", writeBlob(layout, OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8)));
        m.putArray("layers").addAll(layers);
        m.putObject("subject").put("mediaType", OCI_MANIFEST).put("digest", subjectDigest).put("size", size(layout, subjectDigest));
        byte[] manifest = bytes(m);
        writeBlob(layout, OCI_MANIFEST, manifest);
        return manifest;
    }

    /** Lists a manifest in index.json, untagged (how referrers sit in a layout) when {@code tag} is null. */
    public static void addToIndex(Path layout, byte[] manifest, String artifactType, String tag) {
        ObjectNode d = JSON.createObjectNode().put("mediaType", OCI_MANIFEST).put("digest", sha256(manifest)).put("size", manifest.length);
        if (artifactType != null) {
            d.put("artifactType", artifactType);
        }
        tag(layout, d, tag);
    }

    /** The referrers tag schema's index: the descriptors of {@code referrers}. */
    public static byte[] referrersIndex(List<byte[]> referrers, String artifactType) {
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (byte[] r : referrers) {
            manifests.addObject().put("mediaType", OCI_MANIFEST).put("digest", sha256(r)).put("size", r.length)
                    .put("artifactType", artifactType);
        }
        return bytes(index);
    }

    /** A cosign attestation manifest: DSSE envelopes annotated {@code predicateType}. Returns its bytes. */
    public static byte[] cosignManifest(Path layout, List<ObjectNode> envelopes) {
        ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
        m.set("config", writeBlob(layout, OCI_CONFIG, bytes(JSON.createObjectNode().put("architecture", "").put("os", ""))));
        m.putArray("layers").addAll(envelopes);
        byte[] manifest = bytes(m);
        writeBlob(layout, OCI_MANIFEST, manifest);
        return manifest;
    }

    /** The digest index.json gives for {@code tag}. */
    public static String manifestDigest(Path layout, String tag) {
        for (JsonNode m : readIndex(layout).path("manifests")) {
            if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return m.path("digest").asText();
            }
        }
        throw new AssertionError("no tag " + tag + " in " + layout);
    }

    public static Path blobPath(Path layout, String digest) {
        return layout.resolve("blobs/sha256").resolve(hex(digest));
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path layout, String digest) {
        try {
            return Files.size(blobPath(layout, digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode readIndex(Path layout) {
        try {
            return (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void tag(Path layout, ObjectNode descriptor, String tag) {
        ObjectNode index = readIndex(layout);
        if (tag != null) {
            descriptor.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        }
        index.withArray("manifests").add(descriptor);
        try {
            JSON.writeValue(layout.resolve("index.json").toFile(), index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
