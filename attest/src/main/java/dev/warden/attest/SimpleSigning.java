package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;

/**
 * cosign's signed payload ("simple signing", from containers/image): the image's manifest digest and its
 * repository, under {@code critical}, which a verifier must check; {@code optional} holds annotations.
 */
final class SimpleSigning {
    static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String TYPE = "cosign container image signature";
    /** The layer annotation cosign keeps the base64 signature in. */
    static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

    private SimpleSigning() {}

    /** What a payload claims. */
    record Claim(String dockerReference, String manifestDigest) {}

    static byte[] payload(String dockerReference, String manifestDigest) {
        ObjectNode doc = OciDocuments.JSON.createObjectNode();
        ObjectNode critical = doc.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest);
        critical.put("type", TYPE);
        doc.putNull("optional");
        return OciDocuments.write(doc);
    }

    static Claim read(byte[] payload, String what) {
        JsonNode critical = OciDocuments.parse(payload, what).path("critical");
        if (!critical.path("type").asText("").equals(TYPE)) {
            throw new WardenException(what + ": not a cosign image signature payload (critical.type is '"
                    + OciDocuments.clip(critical.path("type").asText("")) + "')");
        }
        String digest = critical.path("image").path("docker-manifest-digest").asText("");
        if (digest.isEmpty()) {
            throw new WardenException(what + ": the payload names no image digest");
        }
        return new Claim(critical.path("identity").path("docker-reference").asText(""), digest);
    }
}
