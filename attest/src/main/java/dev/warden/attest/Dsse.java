package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * DSSE (Dead Simple Signing Envelope, secure-systems-lab/dsse v1): a payload, its type, and signatures over the
 * pre-authentication encoding {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}, so a signature can
 * never be read as one over another type.
 */
public final class Dsse {
    static final String IN_TOTO = "application/vnd.in-toto+json";

    private Dsse() {}

    /** A decoded envelope: its payload type, payload, and the one signature a Sigstore bundle allows. */
    record Envelope(String payloadType, byte[] payload, byte[] signature, String keyId) {}

    /** DSSE's pre-authentication encoding: what a DSSE signature signs. */
    public static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        return out;
    }

    static ObjectNode sign(String payloadType, byte[] payload, SigningKey key) {
        ObjectNode envelope = OciDocuments.JSON.createObjectNode();
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        envelope.put("payloadType", payloadType);
        ObjectNode signature = envelope.putArray("signatures").addObject();
        signature.put("sig", Base64.getEncoder().encodeToString(key.sign(pae(payloadType, payload))));
        signature.put("keyid", "");
        return envelope;
    }

    /** Reads an envelope; refuses anything but exactly one signature (the bundle spec allows one). */
    static Envelope read(JsonNode envelope, String what) {
        if (!envelope.isObject()) {
            throw new WardenException(what + ": the DSSE envelope is not an object");
        }
        String type = envelope.path("payloadType").asText("");
        JsonNode signatures = envelope.path("signatures");
        if (!signatures.isArray() || signatures.size() != 1) {
            throw new WardenException(what + ": the DSSE envelope has " + (signatures.isArray() ? signatures.size() : 0)
                    + " signatures; a Sigstore bundle carries exactly one");
        }
        return new Envelope(type, base64(envelope.path("payload"), what, "payload"),
                base64(signatures.get(0).path("sig"), what, "signature"), signatures.get(0).path("keyid").asText(""));
    }

    static byte[] base64(JsonNode node, String what, String field) {
        if (!node.isTextual()) {
            throw new WardenException(what + ": no " + field);
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new WardenException(what + ": the " + field + " is not base64");
        }
    }
}
