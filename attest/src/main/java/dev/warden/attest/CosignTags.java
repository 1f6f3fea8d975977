package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * cosign's {@code sha256-HEX.sig} and {@code .att} manifests: one layer per signature or attestation, each added
 * to those already there; read back bounded by {@link AttestLimits#MAX_SIGNATURES}.
 */
final class CosignTags {
    private CosignTags() {}

    /** The manifest under {@code tag} to add one more layer to (a new one when there is none), and its layers. */
    static ObjectNode toExtend(ArtifactStore store, String tag) throws IOException {
        Optional<ArtifactStore.Manifest> existing = store.tagged(tag);
        ObjectNode manifest;
        if (existing.isPresent()) {
            manifest = (ObjectNode) OciDocuments.parse(existing.get().content(), store.describe() + ":" + tag);
        } else {
            manifest = OciDocuments.JSON.createObjectNode();
            manifest.put("schemaVersion", 2).put("mediaType", OciDocuments.OCI_MANIFEST);
        }
        ArrayNode layers = manifest.withArray("layers");
        if (layers.size() >= AttestLimits.MAX_SIGNATURES) {
            throw new WardenException(store.describe() + ":" + tag + ": already holds " + layers.size() + " layers, the limit");
        }
        return manifest;
    }

    /**
     * The layers under {@code tag}, or empty when there is no such tag; a tag that cannot be read, or holds more
     * layers than the limit, is recorded in {@code checks} as a failed check instead.
     */
    static Optional<JsonNode> layers(ArtifactStore store, String tag, List<Verification> checks) throws IOException {
        String where = store.describe() + ":" + tag;
        Optional<ArtifactStore.Manifest> manifest;
        try {
            manifest = store.tagged(tag);
        } catch (WardenException e) {
            checks.add(new Verification("cosign", where, "", false, e.getMessage()));
            return Optional.empty();
        }
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        JsonNode layers = OciDocuments.parse(manifest.get().content(), where).path("layers");
        if (layers.size() > AttestLimits.MAX_SIGNATURES) {
            checks.add(new Verification("cosign", where, "", false, "holds " + layers.size() + " layers, more than the limit of "
                    + AttestLimits.MAX_SIGNATURES + "; none read"));
            return Optional.empty();
        }
        return Optional.of(layers);
    }
}
