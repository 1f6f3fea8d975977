package dev.warden.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cosign's key file format, checked against cosign's own published key and against an independent implementation
 * (Debian's python3-nacl secretbox, Python's hashlib scrypt, python3-cryptography ECDSA).
 */
class CosignKeyFileTest {
    private static final char[] PASS = "correct horse".toCharArray();
    /** Debian's python, which has python3-nacl and python3-cryptography (a pyenv python on PATH may not). */
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void generatedKeyFilesRoundTripAndThePrivateOneIsOwnerOnly() throws IOException {
        KeyFiles.Written written = KeyFiles.generate(dir.resolve("cosign").toString(), PASS);
        assertThat(Files.readString(written.privateKey())).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertThat(Files.readString(written.publicKey())).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.privateKey()))).isEqualTo("rw-------");

        SigningKey key = KeyFiles.readPrivate(written.privateKey(), PASS);
        VerificationKey pub = KeyFiles.readPublic(written.publicKey());
        assertThat(key.publicKey().id()).isEqualTo(pub.id());
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        assertThat(pub.verifies(data, key.sign(data))).isTrue();
        assertThat(pub.verifies("other".getBytes(StandardCharsets.UTF_8), key.sign(data))).isFalse();
    }

    @Test
    void generateRefusesToOverwrite() throws IOException {
        Files.writeString(dir.resolve("k.pub"), "keep me");
        assertThatThrownBy(() -> KeyFiles.generate(dir.resolve("k").toString(), PASS))
                .isInstanceOf(WardenException.class).hasMessageContaining("already exists");
        assertThat(Files.readString(dir.resolve("k.pub"))).isEqualTo("keep me");
        assertThat(dir.resolve("k.key")).doesNotExist();
    }

    @Test
    void wrongPassphraseIsOneClearRefusal() throws IOException {
        KeyFiles.Written written = KeyFiles.generate(dir.resolve("k").toString(), PASS);
        assertThatThrownBy(() -> KeyFiles.readPrivate(written.privateKey(), "wrong".toCharArray()))
                .isInstanceOf(WardenException.class)
                .hasMessage(written.privateKey() + ": wrong passphrase, or the key file was altered (decryption failed)");
    }

    @Test
    void cosignsPublishedKeyLoadsWithItsPassphrase() throws IOException {
        Path key = copyResource("cosign/sigstore-p256.key");
        SigningKey loaded = KeyFiles.readPrivate(key, "hello".toCharArray());
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(loaded.publicKey().verifies(data, loaded.sign(data))).isTrue();
        assertThatThrownBy(() -> KeyFiles.readPrivate(key, "hell".toCharArray())).isInstanceOf(WardenException.class)
                .hasMessageContaining("wrong passphrase");
    }

    @Tag("live") // Debian's python3 with python3-nacl and python3-cryptography
    @Test
    void pythonNaclDecryptsWardensKeyAndItsSignatureVerifiesInWarden() throws Exception {
        KeyFiles.Written written = KeyFiles.generate(dir.resolve("k").toString(), PASS);
        Path script = dir.resolve("sign.py");
        Files.writeString(script, """
                import base64, hashlib, json, sys
                from nacl.secret import SecretBox
                from cryptography.hazmat.primitives import hashes, serialization
                from cryptography.hazmat.primitives.asymmetric import ec
                text = open(sys.argv[1]).read()
                body = ''.join(l for l in text.splitlines() if not l.startswith('-----'))
                doc = json.loads(base64.b64decode(body))
                kdf = doc['kdf']
                key = hashlib.scrypt(sys.argv[2].encode(), salt=base64.b64decode(kdf['salt']), n=kdf['params']['N'],
                                     r=kdf['params']['r'], p=kdf['params']['p'], maxmem=256 * 1024 * 1024, dklen=32)
                der = SecretBox(key).decrypt(base64.b64decode(doc['ciphertext']), base64.b64decode(doc['cipher']['nonce']))
                private = serialization.load_der_private_key(der, None)
                public = serialization.load_pem_public_key(open(sys.argv[3], 'rb').read())
                assert private.public_key().public_numbers() == public.public_numbers(), 'pub does not match key'
                print(private.curve.name)
                print(base64.b64encode(private.sign(b'signed in python', ec.ECDSA(hashes.SHA256()))).decode())
                """);
        String[] out = run(PYTHON, script.toString(), written.privateKey().toString(), new String(PASS), written.publicKey().toString())
                .split("\n");
        assertThat(out[0]).isEqualTo("secp256r1");
        VerificationKey pub = KeyFiles.readPublic(written.publicKey());
        assertThat(pub.verifies("signed in python".getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(out[1]))).isTrue();
    }

    @Test
    void hostileAndWrongKeyFilesAreRefusedByName() throws IOException {
        KeyFiles.Written written = KeyFiles.generate(dir.resolve("k").toString(), PASS);
        assertThatThrownBy(() -> KeyFiles.readPrivate(written.publicKey(), PASS)).isInstanceOf(WardenException.class)
                .hasMessageContaining("signing needs the .key file");
        assertThatThrownBy(() -> KeyFiles.readPublic(written.privateKey())).isInstanceOf(WardenException.class)
                .hasMessageContaining("give the .pub file");
        // scrypt with N = 2^20 would be a 1 GiB derivation: refused before any work
        String doc = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1048576,\"r\":8,\"p\":1},\"salt\":\"AA==\"},"
                + "\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AA==\"},\"ciphertext\":\"AA==\"}";
        Path costly = dir.resolve("costly.key");
        Files.writeString(costly, Pem.encode(CosignKeyFile.LABEL, doc.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> KeyFiles.readPrivate(costly, PASS)).isInstanceOf(WardenException.class)
                .hasMessageContaining("scrypt parameters N=1048576");
        Path truncated = dir.resolve("truncated.key");
        String text = Files.readString(written.privateKey());
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> KeyFiles.readPrivate(truncated, PASS)).isInstanceOf(WardenException.class)
                .hasMessageContaining("has no END line");
        Path rsa = dir.resolve("rsa.pub");
        Files.writeString(rsa, "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\n"
                + "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQ==\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> KeyFiles.readPublic(rsa)).isInstanceOf(WardenException.class)
                .hasMessageContaining("not an ECDSA P-256 public key");
        assertThatThrownBy(() -> KeyFiles.readPublic(dir.resolve("absent.pub"))).isInstanceOf(WardenException.class)
                .hasMessageContaining("no such key file");
    }

    private Path copyResource(String name) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName());
        try (var in = getClass().getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
        }
        return out.strip();
    }
}
