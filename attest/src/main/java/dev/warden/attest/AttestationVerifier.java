package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the attestations stored beside an image against one public key: each DSSE layer of cosign's
 * {@code sha256-HEX.att} manifest and each Sigstore bundle among the referrers that holds an in-toto statement
 * (image signatures excepted), optionally only those of one {@code --type}.
 */
public final class AttestationVerifier {
    /** {@code type}: a {@link PredicateTypes#NAMES} name, or null for every attestation. */
    public VerificationReport verify(ArtifactStore store, VerificationKey key, String type) throws IOException {
        if (type != null) {
            PredicateTypes.matches(type, ""); // refuses an unknown --type before any network work
        }
        ArtifactStore.Manifest subject = store.subject();
        List<Verification> checks = new ArrayList<>();
        cosignAttestations(store, subject.digest(), key, type, checks);
        SignatureVerifier.bundles(store, subject, key, checks, predicateType -> PredicateTypes.matches(type, predicateType));
        return new VerificationReport(subject.digest(), List.copyOf(checks));
    }

    private static void cosignAttestations(ArtifactStore store, String digest, VerificationKey key, String type, List<Verification> checks)
            throws IOException {
        String tag = OciDocuments.referrersTag(digest) + ".att";
        String where = store.describe() + ":" + tag;
        Optional<JsonNode> found = CosignTags.layers(store, tag, checks);
        if (found.isEmpty()) {
            return;
        }
        JsonNode layers = found.get();
        int n = 0;
        for (JsonNode layer : layers) {
            String at = where + " layer " + (++n);
            String declared = layer.path("annotations").path(ImageAttester.PREDICATE_ANNOTATION).asText("");
            if (!declared.isEmpty() && !PredicateTypes.matches(type, declared)) {
                continue;
            }
            Verification check = checkEnvelope(store, layer, digest, key, type, at);
            if (check != null) {
                checks.add(check);
            }
        }
    }

    private static Verification checkEnvelope(ArtifactStore store, JsonNode layer, String digest, VerificationKey key, String type, String at) {
        try {
            Dsse.Envelope envelope = Dsse.read(OciDocuments.parse(store.blob(OciDocuments.descriptorOf(layer, at).digest()), at), at);
            if (!envelope.payloadType().equals(Dsse.IN_TOTO)) {
                return new Verification("cosign", at, "", false, "DSSE payload type '" + OciDocuments.clip(envelope.payloadType()) + "' is not in-toto");
            }
            JsonNode statement = OciDocuments.parse(envelope.payload(), at + " statement");
            String predicateType = statement.path("predicateType").asText("");
            if (!PredicateTypes.matches(type, predicateType)) {
                return null;
            }
            if (!key.verifies(Dsse.pae(envelope.payloadType(), envelope.payload()), envelope.signature())) {
                return new Verification("cosign", at, predicateType, false, "signature does not verify with key " + key.shortId());
            }
            if (!SigstoreBundle.subjects(statement).contains(digest)) {
                return new Verification("cosign", at, predicateType, false, "the signed statement names another image");
            }
            return new Verification("cosign", at, predicateType, true, "signed by key " + key.shortId());
        } catch (WardenException | IOException e) {
            return new Verification("cosign", at, "", false, e.getMessage());
        }
    }
}
