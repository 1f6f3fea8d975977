package dev.warden.cli;

import dev.warden.attest.ArtifactStore;
import dev.warden.attest.AttestationVerifier;
import dev.warden.attest.VerificationKey;
import dev.warden.attest.VerificationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden verify-attestation SOURCE --key P.pub [--type T]}. */
@Command(name = "verify-attestation", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden verify-attestation --type sbom --key target/cosign.pub \\",
                  "      oci-dir://target/demo/oci:bookworm"},
        description = {"Verify an image's attestations with a public key: DSSE envelopes under cosign's sha256-<hex>.att "
                + "tag and Sigstore bundles among its OCI referrers (also those other Sigstore clients attached).",
                "Exit 0 when one (of --type) by the key names the image's digest, 1 when none does, 2 when the input is unusable."})
final class VerifyAttestationCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only attestations of this type: sbom, cyclonedx, spdx, vex, scan or provenance.")
    String type;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    SignedImageMixin image;

    @Override
    public Integer call() throws Exception {
        VerifyCommand.checkFormat(format);
        WardenCommand root = (WardenCommand) spec.root().userObject();
        VerificationKey publicKey = image.verificationKey();
        VerificationReport report;
        try (ArtifactStore store = image.open(root)) {
            report = new AttestationVerifier().verify(store, publicKey, type);
        }
        return VerifyCommand.print(report, format, publicKey, image.source, type == null ? "attestation" : type + " attestation", spec);
    }
}
