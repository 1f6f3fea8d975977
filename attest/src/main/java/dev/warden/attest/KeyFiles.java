package dev.warden.attest;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** {@code P.key} and {@code P.pub} on disk: written with the private key readable by its owner alone, read bounded. */
public final class KeyFiles {
    private KeyFiles() {}

    /** Where {@code key generate --output-key-prefix prefix} writes. */
    public record Written(Path privateKey, Path publicKey, VerificationKey key) {}

    /** Generates a key pair and writes {@code prefix.key} and {@code prefix.pub}; refuses to overwrite either. */
    public static Written generate(String prefix, char[] passphrase) throws IOException {
        Path priv = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        for (Path p : new Path[] {priv, pub}) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new WardenException(p + ": already exists; remove it or choose another --output-key-prefix");
            }
        }
        SigningKey key = SigningKey.generate();
        byte[] encrypted = CosignKeyFile.encrypt(key, passphrase).getBytes(StandardCharsets.US_ASCII);
        Files.write(priv, new byte[0], java.nio.file.StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the encryption is the protection there
        }
        Files.write(priv, encrypted);
        Files.writeString(pub, key.publicKey().toPem(), StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE_NEW);
        return new Written(priv, pub, key.publicKey());
    }

    public static SigningKey readPrivate(Path file, char[] passphrase) throws IOException {
        return CosignKeyFile.decrypt(read(file), passphrase, file.toString());
    }

    public static VerificationKey readPublic(Path file) throws IOException {
        return VerificationKey.fromPem(read(file), file.toString());
    }

    static String read(Path file) throws IOException {
        try {
            if (Files.size(file) > AttestLimits.MAX_KEY_FILE_BYTES) {
                throw new WardenException(file + ": larger than " + AttestLimits.MAX_KEY_FILE_BYTES + " bytes; not a key file");
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new WardenException(file + ": no such key file");
        }
    }
}
