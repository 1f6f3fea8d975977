package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * Attaches a signed in-toto Statement v1 about an image, in both places verifiers look: a DSSE envelope as a layer
 * of cosign's {@code sha256-HEX.att} manifest (added to those already there), and the same envelope in a Sigstore
 * bundle v0.3 attached as an OCI referrer.
 */
public final class ImageAttester {
    static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    /** The layer annotation cosign keeps an attestation's predicate type in. */
    static final String PREDICATE_ANNOTATION = "predicateType";

    private final Clock clock;

    public ImageAttester(Clock clock) {
        this.clock = clock;
    }

    /** What attesting wrote. */
    public record Attested(String imageDigest, String predicateType, String attestationTag, String bundleManifest) {}

    public Attested attest(ArtifactStore store, SigningKey key, String predicateType, JsonNode predicate) throws IOException {
        ArtifactStore.Manifest subject = store.subject();
        byte[] statement = SigstoreBundle.signatureStatement(store.dockerReference(), subject.digest(), predicateType, predicate);
        ObjectNode envelope = Dsse.sign(Dsse.IN_TOTO, statement, key);
        byte[] envelopeBytes = OciDocuments.write(envelope);
        String tag = OciDocuments.referrersTag(subject.digest()) + ".att";
        store.putBlob(envelopeBytes);
        ObjectNode manifest = CosignTags.toExtend(store, tag);
        ArrayNode layers = manifest.withArray("layers");
        ObjectNode layer = OciDocuments.descriptor(DSSE_MEDIA_TYPE, envelopeBytes);
        layer.putObject("annotations").put(PREDICATE_ANNOTATION, predicateType);
        layers.add(layer);
        store.putBlob(OciDocuments.EMPTY_JSON);
        manifest.set("config", OciDocuments.descriptor(OciDocuments.EMPTY_CONFIG, OciDocuments.EMPTY_JSON));
        store.putManifest(OciDocuments.write(manifest), OciDocuments.OCI_MANIFEST, tag);

        String bundleManifest = new ImageSigner(clock).attachBundle(store, subject, SigstoreBundle.wrap(envelope, key), "dsse-envelope", predicateType);
        return new Attested(subject.digest(), predicateType, tag, bundleManifest);
    }
}
