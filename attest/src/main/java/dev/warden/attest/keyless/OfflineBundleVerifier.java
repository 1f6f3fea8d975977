package dev.warden.attest.keyless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.attest.Dsse;
import dev.warden.attest.Verification;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Verifies a keyless Sigstore bundle (v0.1 to v0.3) holding a DSSE envelope against a supplied {@link TrustedRoot},
 * with the JDK's own PKIX and signature code. In order, each failure a one-line reason:
 * <ol>
 * <li>the bundle has a signing certificate and one transparency log entry;</li>
 * <li>Rekor's signed entry timestamp (SET) verifies with a log key of the root valid at the entry's integrated time
 *     (the time must not be in the future);</li>
 * <li>the certificate chains to a certificate authority of the root that was valid at that time, and was itself
 *     valid then (PKIX, the integrated time as "now", no revocation: Fulcio certificates live ten minutes);</li>
 * <li>the certificate names the expected identity and OIDC issuer;</li>
 * <li>the DSSE signature verifies with the certificate's key;</li>
 * <li>the log entry is about this signature (its body holds it).</li>
 * </ol>
 * Not checked, and said in docs/signing.md: the certificate's SCTs (CT logs), Merkle inclusion proofs and checkpoints
 * (the SET is the log's signed promise of inclusion), RFC 3161 timestamps, Rekor v2 entries, message-signature bundles.
 */
public final class OfflineBundleVerifier implements BundleVerifier {
    /** Fulcio's OIDC issuer extensions: v2 (a DER UTF8String) and the older v1 (the raw string). */
    static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
    static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
    /** An integrated time this far ahead of the clock is refused: Rekor cannot log the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Bundles are a few KiB plus the envelope. */
    static final int MAX_BUNDLE_BYTES = 64 << 20;

    private static final Set<String> MEDIA_TYPES = Set.of("application/vnd.dev.sigstore.bundle+json;version=0.1",
            "application/vnd.dev.sigstore.bundle+json;version=0.2", "application/vnd.dev.sigstore.bundle+json;version=0.3",
            "application/vnd.dev.sigstore.bundle.v0.3+json");

    private final TrustedRoot root;
    private final java.time.Clock clock;

    public OfflineBundleVerifier(TrustedRoot root, java.time.Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    @Override
    public Verification verify(byte[] bundle, String where, CertificateIdentity expected) {
        try {
            return check(bundle, where, expected);
        } catch (Refused e) {
            return new Verification("keyless", where, e.predicateType, false, e.getMessage());
        } catch (RuntimeException e) {
            // hostile bytes reach parsers in the JDK (ASN.1, base64): whatever they throw, the bundle did not verify
            return new Verification("keyless", where, "", false, "unreadable bundle (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static final class Refused extends Exception {
        final String predicateType;

        Refused(String message, String predicateType) {
            super(message, null, false, false);
            this.predicateType = predicateType;
        }
    }

    private Verification check(byte[] bytes, String where, CertificateIdentity expected) throws Refused {
        if (bytes.length > MAX_BUNDLE_BYTES) throw new Refused("larger than " + MAX_BUNDLE_BYTES + " bytes", "");
        JsonNode bundle;
        try {
            bundle = new ObjectMapper().readTree(bytes);
        } catch (java.io.IOException e) {
            throw new Refused("not JSON", "");
        }
        if (bundle == null || !MEDIA_TYPES.contains(bundle.path("mediaType").asText(""))) {
            throw new Refused("not a Sigstore bundle v0.1-v0.3 (mediaType '" + clip(bundle == null ? "" : bundle.path("mediaType").asText("")) + "')", "");
        }
        JsonNode envelope = bundle.path("dsseEnvelope");
        if (!envelope.isObject()) throw new Refused("no DSSE envelope (message-signature bundles are not verified offline here)", "");
        byte[] payload = base64(envelope.path("payload"), "the envelope's payload");
        String payloadType = envelope.path("payloadType").asText("");
        String predicateType = "";
        if (payloadType.equals("application/vnd.in-toto+json")) {
            try {
                predicateType = new ObjectMapper().readTree(payload).path("predicateType").asText("");
            } catch (java.io.IOException e) {
                throw new Refused("the envelope's payload is not an in-toto statement", "");
            }
        }
        if (envelope.path("signatures").size() != 1) {
            throw new Refused("the envelope has " + envelope.path("signatures").size() + " signatures; a keyless bundle has one", predicateType);
        }
        byte[] signature = base64(envelope.path("signatures").get(0).path("sig"), "the signature");

        X509Certificate leaf = leaf(bundle.path("verificationMaterial"), predicateType);
        JsonNode entries = bundle.path("verificationMaterial").path("tlogEntries");
        if (entries.size() != 1) throw new Refused("expected one transparency log entry, found " + entries.size(), predicateType);
        JsonNode entry = entries.get(0);
        Instant integrated = signedEntryTimestamp(entry, predicateType);
        chain(leaf, integrated, predicateType);
        identity(leaf, expected, predicateType);
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm(leaf.getPublicKey()));
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(Dsse.pae(payloadType, payload));
            if (!verifier.verify(signature)) throw new Refused("the DSSE signature does not verify with the certificate's key", predicateType);
        } catch (GeneralSecurityException e) {
            throw new Refused("the DSSE signature does not verify with the certificate's key (" + e.getMessage() + ")", predicateType);
        }
        if (!bodyNamesSignature(entry, signature)) {
            throw new Refused("the transparency log entry is about another signature", predicateType);
        }
        return new Verification("keyless", where, predicateType, true, "signed by " + expected.subject() + " (issuer "
                + expected.issuer() + "), logged at " + integrated);
    }

    private static X509Certificate leaf(JsonNode material, String predicateType) throws Refused {
        JsonNode der = material.path("certificate").path("rawBytes");
        if (der.isMissingNode()) der = material.path("x509CertificateChain").path("certificates").path(0).path("rawBytes");
        if (!der.isTextual() || der.asText().isEmpty()) {
            throw new Refused("no signing certificate (a bundle signed with a key: verify it with --key)", predicateType);
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der.asText())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refused("the signing certificate is unreadable", predicateType);
        }
    }

    /** Verifies the SET and returns the integrated time it vouches for. */
    private Instant signedEntryTimestamp(JsonNode entry, String predicateType) throws Refused {
        long integratedTime = number(entry.path("integratedTime"), "integratedTime", predicateType);
        long logIndex = number(entry.path("logIndex"), "logIndex", predicateType);
        Instant integrated = Instant.ofEpochSecond(integratedTime);
        if (integrated.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            throw new Refused("the log entry's integrated time " + integrated + " is in the future", predicateType);
        }
        String keyId = entry.path("logId").path("keyId").asText("");
        TrustedRoot.TransparencyLog log = root.logs().stream().filter(l -> l.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new Refused("the entry's log (key id " + clip(keyId) + ") is not in the trusted root", predicateType));
        if (!log.validAt(integrated)) throw new Refused("the log's key was not trusted at " + integrated, predicateType);
        String body = entry.path("canonicalizedBody").asText("");
        byte[] set = base64(entry.path("inclusionPromise").path("signedEntryTimestamp"), "the signed entry timestamp");
        // Rekor signs the canonical JSON of these four fields (keys sorted, no spaces)
        String promise = "{\"body\":\"" + body + "\",\"integratedTime\":" + integratedTime + ",\"logID\":\""
                + HexFormat.of().formatHex(Base64.getDecoder().decode(keyId)) + "\",\"logIndex\":" + logIndex + "}";
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm(log.key()));
            verifier.initVerify(log.key());
            verifier.update(promise.getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(set)) throw new Refused("the log's signed entry timestamp does not verify", predicateType);
        } catch (GeneralSecurityException e) {
            throw new Refused("the log's signed entry timestamp does not verify (" + e.getMessage() + ")", predicateType);
        }
        if (!body.matches("[A-Za-z0-9+/=]*")) throw new Refused("the log entry's body is not base64", predicateType);
        return integrated;
    }

    private void chain(X509Certificate leaf, Instant at, String predicateType) throws Refused {
        String why = "no certificate authority of the trusted root was valid at " + at;
        for (TrustedRoot.CertificateAuthority ca : root.authorities()) {
            if (!ca.validAt(at)) continue;
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            path.addAll(ca.chain().subList(0, ca.chain().size() - 1));
            try {
                CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
                PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.chain().getLast(), null)));
                parameters.setRevocationEnabled(false);
                parameters.setDate(Date.from(at));
                CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
                return;
            } catch (GeneralSecurityException e) {
                why = "the certificate does not chain to the trusted root at " + at + " (" + clip(String.valueOf(e.getMessage())) + ")";
            }
        }
        throw new Refused(why, predicateType);
    }

    private static void identity(X509Certificate leaf, CertificateIdentity expected, String predicateType) throws Refused {
        List<String> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && san.get(1) instanceof String s) names.add(s);
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new Refused("the certificate's subject alternative names are unreadable", predicateType);
        }
        if (!names.contains(expected.subject())) {
            throw new Refused("signed by " + (names.isEmpty() ? "no identity" : String.join(", ", names.stream().map(OfflineBundleVerifier::clip).toList()))
                    + ", not " + expected.subject(), predicateType);
        }
        String issuer = issuer(leaf);
        if (!expected.issuer().equals(issuer)) {
            throw new Refused("identity vouched for by " + (issuer == null ? "no OIDC issuer" : clip(issuer)) + ", not " + expected.issuer(), predicateType);
        }
    }

    /** The OIDC issuer Fulcio recorded: v2's DER UTF8String, else v1's raw bytes. */
    static String issuer(X509Certificate cert) {
        byte[] v2 = octets(cert.getExtensionValue(ISSUER_V2));
        if (v2 != null && v2.length > 2 && v2[0] == 0x0C) {
            byte[] value = content(v2);
            if (value != null) return new String(value, StandardCharsets.UTF_8);
        }
        byte[] v1 = octets(cert.getExtensionValue(ISSUER_V1));
        return v1 == null ? null : new String(v1, StandardCharsets.UTF_8);
    }

    /** The content of the OCTET STRING {@code getExtensionValue} returns. */
    private static byte[] octets(byte[] extension) {
        return extension == null || extension.length < 2 || extension[0] != 0x04 ? null : content(extension);
    }

    /** The content of one DER element (tag, length in short or long form, content), or null when it is cut short. */
    private static byte[] content(byte[] der) {
        int length = der[1] & 0xff;
        int offset = 2;
        if (length > 0x80) {
            int octets = length & 0x7f;
            if (octets > 3 || der.length < 2 + octets) return null;
            length = 0;
            for (int i = 0; i < octets; i++) length = (length << 8) | (der[2 + i] & 0xff);
            offset = 2 + octets;
        } else if (length == 0x80) {
            return null;
        }
        return offset + length > der.length ? null : Arrays.copyOfRange(der, offset, offset + length);
    }

    /** Whether the log entry's body holds this signature (Rekor's intoto kind stores it base64'd twice, dsse once). */
    private static boolean bodyNamesSignature(JsonNode entry, byte[] signature) {
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(Base64.getDecoder().decode(entry.path("canonicalizedBody").asText("")));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
        List<String> found = new ArrayList<>();
        body.path("spec").path("content").path("envelope").path("signatures").forEach(s -> found.add(s.path("sig").asText("")));
        body.path("spec").path("signatures").forEach(s -> found.add(s.path("signature").asText("")));
        found.add(body.path("spec").path("signature").path("content").asText(""));
        for (String text : found) {
            try {
                byte[] once = Base64.getDecoder().decode(text);
                if (Arrays.equals(once, signature)) return true;
                if (Arrays.equals(Base64.getDecoder().decode(new String(once, StandardCharsets.US_ASCII)), signature)) return true;
            } catch (IllegalArgumentException e) {
                // not base64: not this signature
            }
        }
        return false;
    }

    private static String signatureAlgorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return key.getAlgorithm().equals("Ed25519") ? "Ed25519" : "SHA256withRSA";
    }

    private static byte[] base64(JsonNode node, String what) throws Refused {
        try {
            return Base64.getDecoder().decode(node.asText(""));
        } catch (IllegalArgumentException e) {
            throw new Refused(what + " is not base64", "");
        }
    }

    private static long number(JsonNode node, String what, String predicateType) throws Refused {
        try {
            long n = Long.parseLong(node.asText(""));
            if (n < 0) throw new Refused("the log entry's " + what + " is negative", predicateType);
            return n;
        } catch (NumberFormatException e) {
            throw new Refused("the log entry's " + what + " is not a number", predicateType);
        }
    }

    private static String clip(String s) {
        String safe = s.replaceAll("[\\p{Cntrl}]", "?");
        return safe.length() > 200 ? safe.substring(0, 200) + "…" : safe;
    }
}
