package dev.warden.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * cosign's private key file: PEM "ENCRYPTED SIGSTORE PRIVATE KEY" (older cosign: "ENCRYPTED COSIGN PRIVATE KEY")
 * around a JSON document {@code {"kdf": {"name": "scrypt", "params": {"N", "r", "p"}, "salt"}, "cipher": {"name":
 * "nacl/secretbox", "nonce"}, "ciphertext"}} (byte strings base64), whose plain text is the PKCS#8 private key.
 * The format is go-securesystemslib's {@code encrypted} package, which cosign and sigstore use.
 */
public final class CosignKeyFile {
    public static final String LABEL = "ENCRYPTED SIGSTORE PRIVATE KEY";
    static final String LEGACY_LABEL = "ENCRYPTED COSIGN PRIVATE KEY";
    /** cosign writes N = 2^15 ("legacy" in sigstore's code, the value every cosign-made key so far carries). */
    static final int WRITE_N = 32768;
    static final int SALT_BYTES = 32;
    static final int KEY_BYTES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CosignKeyFile() {}

    /** The key encrypted under {@code passphrase}, as the text of a {@code .key} file. */
    public static String encrypt(SigningKey key, char[] passphrase) {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] nonce = new byte[SecretBox.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] boxKey = derive(passphrase, salt, WRITE_N, AttestLimits.SCRYPT_R, AttestLimits.SCRYPT_P);
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode kdf = doc.putObject("kdf");
        kdf.put("name", "scrypt");
        kdf.putObject("params").put("N", WRITE_N).put("r", AttestLimits.SCRYPT_R).put("p", AttestLimits.SCRYPT_P);
        kdf.put("salt", b64(salt));
        doc.putObject("cipher").put("name", "nacl/secretbox").put("nonce", b64(nonce));
        doc.put("ciphertext", b64(SecretBox.seal(key.pkcs8(), nonce, boxKey)));
        try {
            return Pem.encode(LABEL, JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decrypts a {@code .key} file's text; {@code what} names the file in errors. */
    public static SigningKey decrypt(String text, char[] passphrase, String what) {
        Pem.Block block = Pem.decode(text, what);
        if (!block.label().equals(LABEL) && !block.label().equals(LEGACY_LABEL)) {
            throw new WardenException(what + ": expected cosign's '" + LABEL + "' PEM, found '" + block.label() + "'"
                    + (block.label().equals("PUBLIC KEY") ? " (signing needs the .key file, not the .pub)" : ""));
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(block.der());
        } catch (IOException e) {
            throw new WardenException(what + ": the encrypted key is not cosign's JSON document");
        }
        if (doc == null || !doc.isObject()) {
            throw new WardenException(what + ": the encrypted key is not cosign's JSON document");
        }
        JsonNode kdf = doc.path("kdf");
        JsonNode params = kdf.path("params");
        if (!kdf.path("name").asText("").equals("scrypt")) {
            throw new WardenException(what + ": unknown key derivation '" + kdf.path("name").asText("") + "' (cosign uses scrypt)");
        }
        if (!doc.path("cipher").path("name").asText("").equals("nacl/secretbox")) {
            throw new WardenException(what + ": unknown cipher '" + doc.path("cipher").path("name").asText("") + "' (cosign uses nacl/secretbox)");
        }
        int n = params.path("N").asInt(-1);
        int r = params.path("r").asInt(-1);
        int p = params.path("p").asInt(-1);
        if (!AttestLimits.SCRYPT_N.contains(n) || r != AttestLimits.SCRYPT_R || p != AttestLimits.SCRYPT_P) {
            throw new WardenException(what + ": scrypt parameters N=" + n + " r=" + r + " p=" + p
                    + " are not ones cosign writes (N 32768, 65536 or 131072; r 8; p 1)");
        }
        byte[] salt = Dsse.base64(doc.path("kdf").path("salt"), what, "salt");
        byte[] nonce = Dsse.base64(doc.path("cipher").path("nonce"), what, "nonce");
        byte[] box = Dsse.base64(doc.path("ciphertext"), what, "ciphertext");
        if (nonce.length != SecretBox.NONCE_BYTES) {
            throw new WardenException(what + ": the secretbox nonce is " + nonce.length + " bytes, not 24");
        }
        byte[] pkcs8 = SecretBox.open(box, nonce, derive(passphrase, salt, n, r, p));
        if (pkcs8 == null) {
            throw new WardenException(what + ": wrong passphrase, or the key file was altered (decryption failed)");
        }
        return SigningKey.fromPkcs8(pkcs8, what);
    }

    private static byte[] derive(char[] passphrase, byte[] salt, int n, int r, int p) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        byte[] secret = new byte[encoded.remaining()];
        encoded.get(secret);
        try {
            return SCrypt.generate(secret, salt, n, r, p, KEY_BYTES);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
