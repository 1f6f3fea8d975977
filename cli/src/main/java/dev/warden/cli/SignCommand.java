package dev.warden.cli;

import dev.warden.attest.ArtifactStore;
import dev.warden.attest.ImageSigner;
import dev.warden.attest.SigningKey;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden sign SOURCE --key P.key}: cosign's signature tag and a Sigstore bundle referrer, beside the image. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden sign --key target/cosign.key oci-dir://target/demo/oci:bookworm",
                  "  warden sign --key target/cosign.key localhost:5000/demo:1"},
        description = {"Sign an image in a registry or an OCI layout with a cosign-format key: cosign's simple-signing "
                + "payload under the sha256-<hex>.sig tag, and a Sigstore bundle (v0.3) attached as an OCI 1.1 referrer.",
                "The digest the reference resolves to is signed (a multi-platform index as a whole)."})
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SignedImageMixin image;

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        SigningKey signingKey = image.signingKey();
        PrintWriter out = spec.commandLine().getOut();
        try (ArtifactStore store = image.open(root)) {
            ImageSigner.Signed signed = new ImageSigner(Clock.systemUTC()).sign(store, signingKey);
            out.println("Signed " + store.describe() + "@" + signed.imageDigest() + " with key " + signingKey.publicKey().shortId());
            out.println("  cosign signature:  " + store.describe() + ":" + signed.signatureTag());
            out.println("  Sigstore bundle:   " + store.describe() + "@" + signed.bundleManifest() + " (referrer)");
        }
        return 0;
    }
}
