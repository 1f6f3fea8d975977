package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs an image where it is stored, in both forms verifiers look for: cosign's simple-signing payload as a layer
 * of the {@code sha256-HEX.sig} manifest (added to the signatures already there), and a Sigstore bundle v0.3 (an
 * in-toto statement about the digest in a DSSE envelope) attached as an OCI 1.1 referrer, with the referrers tag
 * schema kept up to date for registries without the referrers API.
 */
public final class ImageSigner {
    static final String BUNDLE_CONTENT = "dev.sigstore.bundle.content";
    static final String BUNDLE_PREDICATE = "dev.sigstore.bundle.predicateType";
    static final String CREATED = "org.opencontainers.image.created";

    private final Clock clock;

    public ImageSigner(Clock clock) {
        this.clock = clock;
    }

    /** What signing wrote. */
    public record Signed(String imageDigest, String signatureTag, String bundleManifest) {}

    public Signed sign(ArtifactStore store, SigningKey key) throws IOException {
        ArtifactStore.Manifest subject = store.subject();
        String tag = signCosign(store, subject.digest(), key);
        byte[] statement = SigstoreBundle.signatureStatement(store.dockerReference(), subject.digest(),
                SigstoreBundle.COSIGN_SIGN_PREDICATE, null);
        String bundleManifest = attachBundle(store, subject, SigstoreBundle.dsseBundle(statement, key), "dsse-envelope",
                SigstoreBundle.COSIGN_SIGN_PREDICATE);
        return new Signed(subject.digest(), tag, bundleManifest);
    }

    private String signCosign(ArtifactStore store, String digest, SigningKey key) throws IOException {
        byte[] payload = SimpleSigning.payload(store.dockerReference(), digest);
        String signature = Base64.getEncoder().encodeToString(key.sign(payload));
        store.putBlob(payload);
        String tag = OciDocuments.signatureTag(digest);
        ObjectNode manifest = CosignTags.toExtend(store, tag);
        ArrayNode layers = manifest.withArray("layers");
        ObjectNode layer = OciDocuments.descriptor(SimpleSigning.MEDIA_TYPE, payload);
        layer.putObject("annotations").put(SimpleSigning.SIGNATURE_ANNOTATION, signature);
        layers.add(layer);
        // cosign's config lists one diff_id per layer: the payloads' digests
        ObjectNode config = OciDocuments.JSON.createObjectNode();
        config.put("architecture", "").put("os", "").put("created", "0001-01-01T00:00:00Z");
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        for (JsonNode l : layers) {
            diffIds.add(l.path("digest").asText());
        }
        config.putObject("config");
        byte[] configBytes = OciDocuments.write(config);
        store.putBlob(configBytes);
        manifest.set("config", OciDocuments.descriptor("application/vnd.oci.image.config.v1+json", configBytes));
        store.putManifest(OciDocuments.write(manifest), OciDocuments.OCI_MANIFEST, tag);
        return tag;
    }

    /**
     * Attaches {@code bundle} to {@code subject} as cosign's bundle specification lays it out: an artifact manifest
     * (artifactType the bundle's media type, empty config, the bundle as its one layer, {@code subject} the image);
     * where the store does not index referrers itself, the {@code sha256-HEX} index is updated too.
     */
    String attachBundle(ArtifactStore store, ArtifactStore.Manifest subject, byte[] bundle, String content, String predicateType)
            throws IOException {
        store.putBlob(bundle);
        store.putBlob(OciDocuments.EMPTY_JSON);
        ObjectNode manifest = OciDocuments.JSON.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", OciDocuments.OCI_MANIFEST);
        manifest.put("artifactType", SigstoreBundle.MEDIA_TYPE_V03);
        manifest.set("config", OciDocuments.descriptor(OciDocuments.EMPTY_CONFIG, OciDocuments.EMPTY_JSON));
        manifest.putArray("layers").add(OciDocuments.descriptor(SigstoreBundle.MEDIA_TYPE_V03, bundle));
        ObjectNode subjectDescriptor = OciDocuments.descriptor(subject.mediaType(), subject.content());
        manifest.set("subject", subjectDescriptor);
        ObjectNode annotations = manifest.putObject("annotations");
        annotations.put(BUNDLE_CONTENT, content);
        if (predicateType != null) {
            annotations.put(BUNDLE_PREDICATE, predicateType);
        }
        annotations.put(CREATED, clock.instant().toString());
        byte[] manifestBytes = OciDocuments.write(manifest);
        String digest = store.putManifest(manifestBytes, OciDocuments.OCI_MANIFEST, null);
        if (!store.indexesReferrers(subject.digest())) {
            ObjectNode entry = OciDocuments.descriptor(OciDocuments.OCI_MANIFEST, manifestBytes);
            entry.put("artifactType", SigstoreBundle.MEDIA_TYPE_V03);
            entry.set("annotations", annotations.deepCopy());
            byte[] index = OciDocuments.withEntry(store.referrers(subject.digest()), entry, AttestLimits.MAX_REFERRERS,
                    store.describe() + ":" + OciDocuments.referrersTag(subject.digest()));
            store.putManifest(index, OciDocuments.OCI_INDEX, OciDocuments.referrersTag(subject.digest()));
        }
        return digest;
    }
}
