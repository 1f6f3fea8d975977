package dev.warden.attest;

import dev.warden.core.WardenException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * A public ECDSA P-256 key, as cosign writes it ({@code P.pub}: PEM "PUBLIC KEY", PKIX SubjectPublicKeyInfo).
 *
 * @param key the key
 * @param id  hex SHA-256 of its DER encoding: the hint Warden writes into Sigstore bundles, and how output names keys
 */
public record VerificationKey(PublicKey key, String id) {
    /** P-256's order n: what tells the curve apart without trusting a name in the encoding. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    static VerificationKey of(PublicKey key, String what) {
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new WardenException(what + ": not an ECDSA P-256 public key (the only kind supported)");
        }
        return new VerificationKey(key, keyId(key.getEncoded()));
    }

    static boolean isP256(ECParameterSpec params) {
        return params.getOrder().equals(P256_ORDER) && params.getCofactor() == 1;
    }

    /** Reads a PEM "PUBLIC KEY" file's text; {@code what} names the file in errors. */
    public static VerificationKey fromPem(String text, String what) {
        Pem.Block block = Pem.decode(text, what);
        if (!block.label().equals("PUBLIC KEY")) {
            throw new WardenException(what + ": expected a PEM PUBLIC KEY, found '" + block.label() + "'"
                    + (block.label().contains("PRIVATE") ? " (give the .pub file to verify)" : ""));
        }
        try {
            return of(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(block.der())), what);
        } catch (GeneralSecurityException e) {
            throw new WardenException(what + ": not an ECDSA P-256 public key (the only kind supported)");
        }
    }

    public String toPem() {
        return Pem.encode("PUBLIC KEY", key.getEncoded());
    }

    /** Whether {@code signature} (ASN.1 DER ECDSA) signs SHA-256 of {@code data} with this key; false for garbage. */
    public boolean verifies(byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed DER signature is a signature that does not verify, not an error of Warden's.
            return false;
        }
    }

    /** The first 12 hex digits of the id, enough to tell keys apart in a line of output. */
    public String shortId() {
        return id.substring(0, 12);
    }

    static String keyId(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
