package dev.warden.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens the image an OCI image layout's index.json names, in a directory or an archive. */
final class OciLayouts {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    /** Nested indexes deeper than this are refused: real images nest at most twice. */
    static final int MAX_INDEX_DEPTH = 4;

    private OciLayouts() {}

    /** {@code selector}: a tag (ref.name annotation), "@DIGEST", or null for the only image. */
    static ImageSource open(LayoutStorage storage, String selector, String reference, SourceOptions options,
            Closeable onClose) throws IOException {
        String where = reference + ": index.json";
        byte[] indexJson;
        try (InputStream in = storage.open("index.json")) {
            if (in == null) {
                throw new WardenException(reference + ": not an OCI image layout (no index.json)");
            }
            indexJson = Streams.readLimited(in, options.limits().maxManifestBytes(), where);
        }
        JsonNode index = ManifestImages.parse(indexJson, where);
        List<JsonNode> candidates = new ArrayList<>();
        index.path("manifests").forEach(candidates::add);
        if (candidates.isEmpty()) {
            throw new WardenException(where + ": lists no images");
        }
        LayoutStorage.Blobs blobs = new LayoutStorage.Blobs(storage);
        List<byte[]> indexes = new ArrayList<>();
        ImageSource image = choose(indexJson, candidates, selector, blobs, indexes, reference, options, onClose);
        return withAttestations(image, indexJson, indexes, blobs, reference);
    }

    private static ImageSource choose(byte[] indexJson, List<JsonNode> candidates, String selector,
            LayoutStorage.Blobs blobs, List<byte[]> indexes, String reference, SourceOptions options, Closeable onClose)
            throws IOException {
        String where = reference + ": index.json";
        JsonNode chosen;
        if (selector != null) {
            chosen = candidates.stream().filter(m -> matches(m, selector)).findFirst().orElseThrow(() -> new WardenException(
                    where + ": no image named '" + Digests.abbreviate(selector) + "' (has: " + names(candidates) + ")"));
        } else if (images(candidates).size() == 1) {
            chosen = images(candidates).getFirst();
        } else if (candidates.stream().allMatch(m -> m.has("platform"))) {
            // index.json itself is a multi-platform index
            ManifestImages.ManifestDescriptor d = ManifestImages.selectPlatform(indexJson, options.platform(), where);
            indexes.add(indexJson);
            return manifest(blobs, d.mediaType(), d.digest(), d.size(), reference, options, onClose, 0, indexes);
        } else {
            throw new WardenException(where + ": holds " + candidates.size() + " images; pick one with :TAG or @DIGEST (has: "
                    + names(candidates) + ")");
        }
        ImageSource image = manifest(blobs, chosen.path("mediaType").asText(""),
                Digests.require(chosen.path("digest").asText(null), where), chosen.path("size").asLong(-1),
                reference, options, onClose, 0, indexes);
        return ManifestImages.named(image, naming(chosen));
    }

    /** The naming annotations of the index entry chosen: its tag or full name (Docker 25+ and containerd write both). */
    private static Map<String, String> naming(JsonNode descriptor) {
        Map<String, String> naming = new HashMap<>();
        for (String key : List.of(REF_NAME, CONTAINERD_NAME)) {
            String value = descriptor.path("annotations").path(key).asText("");
            if (!value.isBlank()) {
                naming.put(key, value);
            }
        }
        return naming;
    }

    /**
     * The attestations of the chosen image: BuildKit attestation manifests in every index passed on the way down, and
     * manifests in index.json whose subject is the image.
     */
    private static ImageSource withAttestations(ImageSource image, byte[] layoutIndex, List<byte[]> indexes,
            BlobStore blobs, String reference) {
        String digest = image.info().manifestDigest();
        if (digest == null) {
            return image;
        }
        AttestationFinder finder = new AttestationFinder();
        AttestationFinder.ManifestReader reader = (d, size) -> ManifestImages.readBlob(blobs, d, size,
                AttestationFinder.MAX_ATTESTATION_MANIFEST_BYTES, reference + ": manifest " + d);
        if (!indexes.contains(layoutIndex)) {
            indexes.add(0, layoutIndex); // BuildKit's oci exporter may list attestation manifests in index.json itself
        }
        for (byte[] index : indexes) {
            finder.attempt(reference + ": index", () -> finder.fromIndex(index, digest, reader, reference + ": index"));
        }
        finder.attempt(reference + ": index.json", () -> finder.fromLayoutSubjects(layoutIndex, digest, reader, reference + ": index.json"));
        // cosign's sha256-HEX.att tag, as cosign (and warden attest) write it into a layout as into a registry
        String attTag = "sha256-" + digest.substring(digest.indexOf(':') + 1) + ".att";
        finder.attempt(reference + ":" + attTag, () -> {
            for (JsonNode entry : ManifestImages.parse(layoutIndex, reference + ": index.json").path("manifests")) {
                if (attTag.equals(entry.path("annotations").path(REF_NAME).asText(""))) {
                    String attDigest = Digests.require(entry.path("digest").asText(null), reference + ":" + attTag);
                    finder.fromManifest(reader.read(attDigest, entry.path("size").asLong(-1)), "cosign", reference + ":" + attTag);
                }
            }
        });
        return ManifestImages.withAttestations(image, finder.result());
    }

    /** Reads a manifest or index blob and follows indexes down to the image for the wanted platform. */
    static ImageSource manifest(BlobStore blobs, String mediaType, String digest, long size, String reference,
            SourceOptions options, Closeable onClose, int depth, List<byte[]> indexes) throws IOException {
        String where = reference + ": manifest " + digest;
        if (depth > MAX_INDEX_DEPTH) {
            throw new WardenException(where + ": indexes nested deeper than " + MAX_INDEX_DEPTH);
        }
        byte[] json = ManifestImages.readBlob(blobs, digest, size, options.limits().maxManifestBytes(), where);
        JsonNode node = ManifestImages.parse(json, where);
        if (ManifestImages.INDEX_TYPES.contains(mediaType) || node.has("manifests")) {
            ManifestImages.ManifestDescriptor d = ManifestImages.selectPlatform(json, options.platform(), where);
            indexes.add(json);
            return manifest(blobs, d.mediaType(), d.digest(), d.size(), reference, options, onClose, depth + 1, indexes);
        }
        return ManifestImages.fromManifest(reference, digest, json, blobs, options, onClose);
    }

    /**
     * The entries that are images: not cosign's {@code sha256-HEX.sig/.att} tags, the referrers tag, or artifacts
     * (entries with an artifactType, such as Sigstore bundles) that signing adds to index.json beside the image.
     */
    private static List<JsonNode> images(List<JsonNode> candidates) {
        return candidates.stream().filter(m -> m.path("artifactType").asText("").isEmpty()
                && !m.path("annotations").path(REF_NAME).asText("").matches("sha256-[0-9a-f]{64}(\\.sig|\\.att)?")).toList();
    }

    private static boolean matches(JsonNode descriptor, String selector) {
        if (selector.startsWith("@")) {
            return descriptor.path("digest").asText("").equals(selector.substring(1));
        }
        JsonNode annotations = descriptor.path("annotations");
        return selector.equals(annotations.path(REF_NAME).asText(null))
                || selector.equals(annotations.path(CONTAINERD_NAME).asText(null));
    }

    private static String names(List<JsonNode> candidates) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : candidates) {
            String name = m.path("annotations").path(REF_NAME).asText("");
            names.add(name.isEmpty() ? "@" + m.path("digest").asText("?") : Digests.abbreviate(name));
        }
        return String.join(", ", names);
    }
}
