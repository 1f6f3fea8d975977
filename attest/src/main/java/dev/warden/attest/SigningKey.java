package dev.warden.attest;

import dev.warden.core.WardenException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;

/** An ECDSA P-256 private key and its public half: what cosign generates and what Warden signs with. */
public record SigningKey(PrivateKey privateKey, VerificationKey publicKey) {
    static final String CURVE = "secp256r1";

    /** A new random P-256 key pair. */
    public static SigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(pair.getPrivate(), VerificationKey.of(pair.getPublic(), "generated key"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    /** A PKCS#8 private key (what cosign's encrypted file holds); its public half is computed from it. */
    static SigningKey fromPkcs8(byte[] pkcs8, String what) {
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new WardenException(what + ": not an ECDSA private key (only ECDSA P-256 keys are supported)");
        }
        ECPrivateKey ec = (ECPrivateKey) key;
        if (!VerificationKey.isP256(ec.getParams())) {
            throw new WardenException(what + ": an ECDSA key on another curve than P-256, which is the only one supported");
        }
        return new SigningKey(key, VerificationKey.of(publicOf(ec), what));
    }

    byte[] pkcs8() {
        return privateKey.getEncoded();
    }

    /** An ASN.1 DER ECDSA signature over SHA-256 of {@code data}, as cosign and Sigstore bundles carry it. */
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing failed", e);
        }
    }

    /** Q = d·G on the key's curve, with the JDK's own arithmetic left aside: BouncyCastle's curve does the multiply. */
    private static PublicKey publicOf(ECPrivateKey key) {
        var curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("P-256");
        var q = curve.getG().multiply(key.getS()).normalize();
        ECParameterSpec params = key.getParams();
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), params));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot form the public key", e);
        }
    }
}
