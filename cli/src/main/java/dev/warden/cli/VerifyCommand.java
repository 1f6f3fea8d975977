package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.attest.ArtifactStore;
import dev.warden.attest.ArtifactStores;
import dev.warden.attest.KeyFiles;
import dev.warden.attest.SignatureVerifier;
import dev.warden.attest.VerificationKey;
import dev.warden.core.WardenException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden verify SOURCE --key P.pub}: every signature beside the image, and whether one by this key matches. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify an image's signatures with a public key: cosign's sha256-<hex>.sig signatures and Sigstore "
                + "bundles among its OCI referrers (also those other Sigstore clients attached).",
                "Lists each signature found, verified or why not. Exit 0 when one by the key matches the image's digest, "
                        + "1 when none does, 2 when the input is unusable."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = "registry://HOST/REPO[:TAG|@DIGEST], HOST/REPO:TAG or oci-dir://PATH[:TAG|@DIGEST].")
    String source;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Public key (PEM, as cosign writes it).")
    Path key;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    SourceMixin sourceOptions;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new WardenException("--format '" + format + "': use table or json");
        }
        WardenCommand root = (WardenCommand) spec.root().userObject();
        VerificationKey publicKey = KeyFiles.readPublic(key);
        SignatureVerifier.Report report;
        try (ArtifactStore store = ArtifactStores.open(source, sourceOptions.options(root, false))) {
            report = new SignatureVerifier().verify(store, publicKey);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            for (SignatureVerifier.Check check : report.checks()) {
                out.println((check.verified() ? "verified      " : "not verified  ") + check.kind() + "  " + check.where()
                        + "\n              " + check.reason());
            }
        }
        if (!report.anyVerified()) {
            spec.commandLine().getErr().println(source + ": no signature by key " + publicKey.shortId() + " matches "
                    + report.imageDigest() + (report.checks().isEmpty() ? " (the image has no signatures)" : ""));
            return 1;
        }
        return 0;
    }
}
