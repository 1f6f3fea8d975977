package dev.warden.attest.keyless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigstore trusted root (protobuf-specs' {@code TrustedRoot}, media type
 * {@code application/vnd.dev.sigstore.trustedroot+json;version=0.1}): the certificate authorities that issue signing
 * certificates (Fulcio) and the transparency logs (Rekor), each trusted for a validity window. CT logs and timestamp
 * authorities are read past: the offline verifier does not check SCTs or RFC 3161 timestamps (docs/signing.md).
 */
public record TrustedRoot(List<CertificateAuthority> authorities, List<TransparencyLog> logs) {
    /** A trusted root is a few KiB; the public-good instance's is under 10 KiB. */
    static final long MAX_BYTES = 1 << 20;
    /** Authorities or logs listed; the public-good root has a handful of each. */
    static final int MAX_ENTRIES = 100;

    public TrustedRoot {
        authorities = List.copyOf(authorities);
        logs = List.copyOf(logs);
    }

    /** A CA's chain, leaf-most first and its root last, and when it may have issued certificates. */
    public record CertificateAuthority(List<X509Certificate> chain, Instant start, Instant end) {
        boolean validAt(Instant t) {
            return !t.isBefore(start) && (end == null || !t.isAfter(end));
        }
    }

    /** A log's key, its id (the SHA-256 of the key's DER, base64) and when it signed entries. */
    public record TransparencyLog(String baseUrl, String keyId, PublicKey key, Instant start, Instant end) {
        boolean validAt(Instant t) {
            return !t.isBefore(start) && (end == null || !t.isAfter(end));
        }
    }

    public static TrustedRoot load(Path file) {
        try {
            if (!Files.isRegularFile(file)) throw new WardenException("trusted root " + file + ": not found (or not a file)");
            if (Files.size(file) > MAX_BYTES) throw new WardenException("trusted root " + file + ": larger than " + MAX_BYTES + " bytes");
            return parse(Files.readAllBytes(file), "trusted root " + file);
        } catch (IOException e) {
            throw new WardenException("trusted root " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static TrustedRoot parse(byte[] json, String where) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new WardenException(where + ": not JSON");
        }
        if (root == null || !root.path("mediaType").asText("").startsWith("application/vnd.dev.sigstore.trustedroot")) {
            throw new WardenException(where + ": not a Sigstore trusted root (mediaType application/vnd.dev.sigstore.trustedroot+json)");
        }
        if (root.path("certificateAuthorities").size() > MAX_ENTRIES || root.path("tlogs").size() > MAX_ENTRIES) {
            throw new WardenException(where + ": more than " + MAX_ENTRIES + " authorities or logs");
        }
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            List<CertificateAuthority> cas = new ArrayList<>();
            for (JsonNode ca : root.path("certificateAuthorities")) {
                List<X509Certificate> chain = new ArrayList<>();
                for (JsonNode c : ca.path("certChain").path("certificates")) {
                    chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(bytes(c.path("rawBytes"), where))));
                }
                if (chain.isEmpty()) throw new WardenException(where + ": a certificate authority has no certificates");
                cas.add(new CertificateAuthority(chain, start(ca.path("validFor"), where), end(ca.path("validFor"))));
            }
            List<TransparencyLog> logs = new ArrayList<>();
            for (JsonNode log : root.path("tlogs")) {
                JsonNode key = log.path("publicKey");
                String details = key.path("keyDetails").asText("");
                String algorithm = details.contains("ECDSA") ? "EC" : details.contains("ED25519") ? "Ed25519" : details.contains("RSA") ? "RSA" : null;
                if (algorithm == null) continue; // a key kind this verifier cannot use: its entries will not verify
                PublicKey publicKey = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(bytes(key.path("rawBytes"), where)));
                logs.add(new TransparencyLog(log.path("baseUrl").asText(""), log.path("logId").path("keyId").asText(""), publicKey,
                        start(key.path("validFor"), where), end(key.path("validFor"))));
            }
            return new TrustedRoot(cas, logs);
        } catch (java.security.GeneralSecurityException e) {
            throw new WardenException(where + ": unreadable certificate or key (" + e.getMessage() + ")");
        }
    }

    private static byte[] bytes(JsonNode node, String where) {
        try {
            return Base64.getDecoder().decode(node.asText(""));
        } catch (IllegalArgumentException e) {
            throw new WardenException(where + ": rawBytes is not base64");
        }
    }

    /** A window without a start is refused: trust from the beginning of time is not what any root means. */
    private static Instant start(JsonNode validFor, String where) {
        if (!validFor.path("start").isTextual()) throw new WardenException(where + ": an entry's validFor has no start");
        return Instant.parse(validFor.path("start").asText());
    }

    private static Instant end(JsonNode validFor) {
        return validFor.path("end").isTextual() ? Instant.parse(validFor.path("end").asText()) : null;
    }
}
