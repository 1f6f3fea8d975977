package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Sigstore bundles (protobuf-specs {@code Bundle}, JSON form): v0.3 written by Warden with a public-key hint and a
 * DSSE envelope; v0.1 to v0.3 read, with a DSSE envelope or a message signature. Key-signed bundles without
 * transparency-log entries are what an offline signer makes; a keyless bundle (certificate) is reported as such.
 */
final class SigstoreBundle {
    static final String MEDIA_TYPE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    static final String MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";
    static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";
    /** The predicate cosign puts in the statement of an image signature made in the bundle format. */
    static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

    private SigstoreBundle() {}

    /** What a bundle holds: a DSSE envelope, or a message signature with the digest it signs. */
    sealed interface Content permits DsseContent, MessageSignature {}

    record DsseContent(Dsse.Envelope envelope) implements Content {}

    record MessageSignature(String algorithm, byte[] digest, byte[] signature) implements Content {}

    /** A read bundle: its content and the key hint (null for a certificate). */
    record Read(Content content, String keyHint, boolean keyless) {}

    /** An in-toto statement about the image, signed into a v0.3 bundle. */
    static byte[] dsseBundle(byte[] statement, SigningKey key) {
        return wrap(Dsse.sign(Dsse.IN_TOTO, statement, key), key);
    }

    /** A v0.3 bundle around a signed envelope, naming the key by its hint (no log entries: an offline signature). */
    static byte[] wrap(ObjectNode envelope, SigningKey key) {
        ObjectNode bundle = OciDocuments.JSON.createObjectNode();
        bundle.put("mediaType", MEDIA_TYPE_V03);
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", key.publicKey().id());
        material.putArray("tlogEntries");
        material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
        bundle.set("dsseEnvelope", envelope);
        return OciDocuments.write(bundle);
    }

    /** The in-toto Statement v1 of a signature over {@code digest}. */
    static byte[] signatureStatement(String name, String digest, String predicateType, JsonNode predicate) {
        ObjectNode statement = OciDocuments.JSON.createObjectNode();
        statement.put("_type", STATEMENT_V1);
        ObjectNode subject = statement.putArray("subject").addObject();
        subject.put("name", name);
        subject.putObject("digest").put("sha256", OciDocuments.hex(digest));
        statement.put("predicateType", predicateType);
        statement.set("predicate", predicate == null ? OciDocuments.JSON.createObjectNode() : predicate);
        return OciDocuments.write(statement);
    }

    static Read read(byte[] content, String what) {
        JsonNode bundle = OciDocuments.parse(content, what);
        String mediaType = bundle.path("mediaType").asText("");
        if (!mediaType.startsWith(MEDIA_TYPE_PREFIX)) {
            throw new WardenException(what + ": not a Sigstore bundle (mediaType '" + OciDocuments.clip(mediaType) + "')");
        }
        JsonNode material = bundle.path("verificationMaterial");
        boolean keyless = material.has("certificate") || material.has("x509CertificateChain");
        String hint = material.path("publicKey").path("hint").asText(null);
        if (bundle.has("dsseEnvelope") == bundle.has("messageSignature")) {
            throw new WardenException(what + ": a bundle holds exactly one of dsseEnvelope and messageSignature");
        }
        if (bundle.has("dsseEnvelope")) {
            return new Read(new DsseContent(Dsse.read(bundle.path("dsseEnvelope"), what)), hint, keyless);
        }
        JsonNode message = bundle.path("messageSignature");
        JsonNode digest = message.path("messageDigest");
        return new Read(new MessageSignature(digest.path("algorithm").asText(""), Dsse.base64(digest.path("digest"), what, "message digest"),
                Dsse.base64(message.path("signature"), what, "signature")), hint, keyless);
    }

    /** The sha256 subject digests of an in-toto statement, as "sha256:HEX". */
    static java.util.List<String> subjects(JsonNode statement) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode s : statement.path("subject")) {
            String hex = s.path("digest").path("sha256").asText("");
            if (hex.matches("[0-9a-f]{64}")) {
                out.add("sha256:" + hex);
            }
        }
        return out;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
