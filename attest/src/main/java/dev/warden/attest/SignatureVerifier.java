package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks every signature stored beside an image against one public key: each layer of cosign's
 * {@code sha256-HEX.sig} manifest and each Sigstore bundle among the image's referrers. Each gets a verdict and,
 * when it fails, the reason; one malformed signature never hides the others.
 */
public final class SignatureVerifier {
    public VerificationReport verify(ArtifactStore store, VerificationKey key) throws IOException {
        ArtifactStore.Manifest subject = store.subject();
        List<Verification> checks = new ArrayList<>();
        cosignSignatures(store, subject.digest(), key, checks);
        bundles(store, subject, key, checks, SigstoreBundle.COSIGN_SIGN_PREDICATE::equals);
        return new VerificationReport(subject.digest(), List.copyOf(checks));
    }

    private static void cosignSignatures(ArtifactStore store, String digest, VerificationKey key, List<Verification> checks) throws IOException {
        String tag = OciDocuments.signatureTag(digest);
        String where = store.describe() + ":" + tag;
        Optional<JsonNode> found = CosignTags.layers(store, tag, checks);
        if (found.isEmpty()) {
            return;
        }
        JsonNode layers = found.get();
        int n = 0;
        for (JsonNode layer : layers) {
            String at = where + " layer " + (++n);
            checks.add(checkCosign(store, layer, digest, key, at));
        }
    }

    private static Verification checkCosign(ArtifactStore store, JsonNode layer, String digest, VerificationKey key, String at) {
        try {
            if (!layer.path("mediaType").asText("").equals(SimpleSigning.MEDIA_TYPE)) {
                return new Verification("cosign", at, "", false, "not a simple-signing layer (" + OciDocuments.clip(layer.path("mediaType").asText("")) + ")");
            }
            JsonNode annotation = layer.path("annotations").path(SimpleSigning.SIGNATURE_ANNOTATION);
            if (!annotation.isTextual() || annotation.asText().isEmpty()) {
                return new Verification("cosign", at, "", false, "no signature annotation");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(annotation.asText());
            } catch (IllegalArgumentException e) {
                return new Verification("cosign", at, "", false, "the signature is not base64");
            }
            if (layer.has("annotations") && layer.path("annotations").has("dev.sigstore.cosign/certificate")) {
                return new Verification("cosign", at, "", false, "keyless (certificate) signature; not made by a key");
            }
            byte[] payload = store.blob(OciDocuments.descriptorOf(layer, at).digest());
            if (!key.verifies(payload, signature)) {
                return new Verification("cosign", at, "", false, "signature does not verify with key " + key.shortId() + " (another key, or altered)");
            }
            SimpleSigning.Claim claim = SimpleSigning.read(payload, at);
            if (!claim.manifestDigest().equals(digest)) {
                return new Verification("cosign", at, "", false, "signed payload names another image: " + OciDocuments.clip(claim.manifestDigest()));
            }
            return new Verification("cosign", at, "", true, "signed by key " + key.shortId() + " for " + claim.dockerReference());
        } catch (WardenException | IOException e) {
            return new Verification("cosign", at, "", false, e.getMessage());
        }
    }

    /**
     * Bundles among the referrers whose in-toto predicate type {@code wanted} accepts (message signatures count as
     * image signatures, predicate type "").
     */
    static void bundles(ArtifactStore store, ArtifactStore.Manifest subject, VerificationKey key, List<Verification> checks,
            java.util.function.Predicate<String> wanted) throws IOException {
        String where = store.describe() + " referrers of " + subject.digest();
        List<OciDocuments.Descriptor> entries;
        try {
            entries = OciDocuments.entries(store.referrers(subject.digest()), AttestLimits.MAX_REFERRERS, where);
        } catch (WardenException e) {
            checks.add(new Verification("bundle", where, "", false, e.getMessage()));
            return;
        }
        for (OciDocuments.Descriptor entry : entries) {
            if (!entry.artifactType().isEmpty() && !entry.artifactType().startsWith(SigstoreBundle.MEDIA_TYPE_PREFIX)) {
                continue; // SBOMs, other tools' artifacts: not Sigstore bundles
            }
            String at = store.describe() + "@" + entry.digest();
            Verification check = checkBundle(store, entry, subject, key, at, wanted);
            if (check != null) {
                checks.add(check);
            }
        }
    }

    private static Verification checkBundle(ArtifactStore store, OciDocuments.Descriptor entry, ArtifactStore.Manifest subject,
            VerificationKey key, String at, java.util.function.Predicate<String> wanted) {
        try {
            JsonNode manifest = OciDocuments.parse(store.manifest(entry.digest()).content(), at);
            String artifactType = manifest.path("artifactType").asText(entry.artifactType());
            if (!artifactType.startsWith(SigstoreBundle.MEDIA_TYPE_PREFIX)) {
                return null;
            }
            if (!manifest.path("subject").path("digest").asText("").equals(subject.digest())) {
                return new Verification("bundle", at, "", false, "the manifest's subject is another image");
            }
            JsonNode layers = manifest.path("layers");
            if (layers.size() != 1) {
                return new Verification("bundle", at, "", false, "a bundle manifest has exactly one layer; this has " + layers.size());
            }
            byte[] content = store.blob(OciDocuments.descriptorOf(layers.get(0), at).digest());
            return checkBundleContent(SigstoreBundle.read(content, at), subject, key, at, wanted);
        } catch (WardenException | IOException e) {
            return new Verification("bundle", at, "", false, e.getMessage());
        }
    }

    /** A bundle's verdict for {@code subject}; null when its predicate type is not {@code wanted}. */
    static Verification checkBundleContent(SigstoreBundle.Read bundle, ArtifactStore.Manifest subject, VerificationKey key,
            String at, java.util.function.Predicate<String> wanted) {
        if (bundle.keyless()) {
            return new Verification("bundle", at, "", false, "keyless bundle (Fulcio certificate): needs a trusted root, not a key");
        }
        String other = bundle.keyHint() != null && !bundle.keyHint().isEmpty() && !bundle.keyHint().equals(key.id())
                ? " (its key hint names another key: " + OciDocuments.clip(bundle.keyHint()) + ")" : "";
        if (bundle.content() instanceof SigstoreBundle.MessageSignature message) {
            if (!wanted.test(SigstoreBundle.COSIGN_SIGN_PREDICATE)) {
                return null;
            }
            if (!message.algorithm().equals("SHA2_256")) {
                return new Verification("bundle", at, "", false, "message digest algorithm '" + OciDocuments.clip(message.algorithm()) + "' is not SHA2_256");
            }
            if (!MessageDigest.isEqual(message.digest(), sha256(subject.content()))) {
                return new Verification("bundle", at, "", false, "the signed message is not this image's manifest");
            }
            if (!key.verifies(subject.content(), message.signature())) {
                return new Verification("bundle", at, "", false, "signature does not verify with key " + key.shortId() + other);
            }
            return new Verification("bundle", at, "", true, "message signature over the manifest by key " + key.shortId());
        }
        Dsse.Envelope envelope = ((SigstoreBundle.DsseContent) bundle.content()).envelope();
        if (!envelope.payloadType().equals(Dsse.IN_TOTO)) {
            return new Verification("bundle", at, "", false, "DSSE payload type '" + OciDocuments.clip(envelope.payloadType()) + "' is not in-toto");
        }
        JsonNode statement = OciDocuments.parse(envelope.payload(), at + " statement");
        String predicateType = statement.path("predicateType").asText("");
        if (!wanted.test(predicateType)) {
            return null;
        }
        if (!key.verifies(Dsse.pae(envelope.payloadType(), envelope.payload()), envelope.signature())) {
            return new Verification("bundle", at, predicateType, false, "signature does not verify with key " + key.shortId() + other);
        }
        if (!statement.path("_type").asText("").startsWith("https://in-toto.io/Statement/")) {
            return new Verification("bundle", at, predicateType, false, "the payload is not an in-toto statement");
        }
        if (!SigstoreBundle.subjects(statement).contains(subject.digest())) {
            return new Verification("bundle", at, predicateType, false, "the signed statement names another image");
        }
        return new Verification("bundle", at, predicateType, true, "in-toto statement signed by key " + key.shortId());
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
