package dev.warden.cli;

import dev.warden.attest.ArtifactStore;
import dev.warden.attest.ArtifactStores;
import dev.warden.attest.KeyFiles;
import dev.warden.attest.SigningKey;
import dev.warden.attest.VerificationKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What sign, verify, attest and verify-attestation share: the image (where its signatures live) and the key file. */
final class SignedImageMixin {
    @Parameters(paramLabel = "SOURCE", description = "registry://HOST/REPO[:TAG|@DIGEST], HOST/REPO:TAG or oci-dir://PATH[:TAG|@DIGEST].")
    String source;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "To sign: the private key (cosign format; passphrase from $WARDEN_PASSWORD). To verify: the public key (PEM).")
    Path key;

    @Mixin
    SourceMixin sourceOptions;

    ArtifactStore open(WardenCommand root) {
        return ArtifactStores.open(source, sourceOptions.access(root).options(false));
    }

    SigningKey signingKey() throws IOException {
        char[] passphrase = Passphrase.read(System.getenv(), System.console(), key.toString(), false);
        try {
            return KeyFiles.readPrivate(key, passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    VerificationKey verificationKey() throws IOException {
        return KeyFiles.readPublic(key);
    }
}
