package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.attest.ArtifactStore;
import dev.warden.attest.SignatureVerifier;
import dev.warden.attest.Verification;
import dev.warden.attest.VerificationReport;
import dev.warden.attest.VerificationKey;
import dev.warden.core.WardenException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden verify SOURCE --key P.pub}: every signature beside the image, and whether one by this key matches. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden verify --key target/cosign.pub oci-dir://target/demo/oci:bookworm",
                  "  warden verify --key target/cosign.pub localhost:5000/demo:1 --format json"},
        description = {"Verify an image's signatures with a public key: cosign's sha256-<hex>.sig signatures and Sigstore "
                + "bundles among its OCI referrers (also those other Sigstore clients attached).",
                "Lists each signature found, verified or why not. Exit 0 when one by the key matches the image's digest, "
                        + "1 when none does, 2 when the input is unusable."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    SignedImageMixin image;

    @Override
    public Integer call() throws Exception {
        checkFormat(format);
        WardenCommand root = (WardenCommand) spec.root().userObject();
        VerificationKey publicKey = image.verificationKey();
        VerificationReport report;
        try (ArtifactStore store = image.open(root)) {
            report = new SignatureVerifier().verify(store, publicKey);
        }
        return print(report, format, publicKey, image.source, "signature", spec);
    }

    static void checkFormat(String format) {
        if (!format.equals("table") && !format.equals("json")) {
            throw new WardenException("--format '" + format + "': use table or json");
        }
    }

    /** Prints every check (table or JSON); exit 0 when one verified, else 1 with one line on stderr saying so. */
    static int print(VerificationReport report, String format, VerificationKey key, String source, String what, CommandSpec spec)
            throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            for (Verification check : report.checks()) {
                out.println((check.verified() ? "verified      " : "not verified  ") + check.kind() + "  " + check.where()
                        + (check.predicateType().isEmpty() ? "" : "  " + check.predicateType())
                        + "\n              " + check.reason());
            }
        }
        if (!report.anyVerified()) {
            spec.commandLine().getErr().println(source + ": no " + what + " by key " + key.shortId() + " matches "
                    + report.imageDigest() + (report.checks().isEmpty() ? " (none found)" : ""));
            return 1;
        }
        return 0;
    }
}
