package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.attest.ArtifactStore;
import dev.warden.attest.AttestLimits;
import dev.warden.attest.ImageAttester;
import dev.warden.attest.PredicateTypes;
import dev.warden.attest.SigningKey;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden attest SOURCE --key P.key --type T [--predicate FILE]}: a signed in-toto statement beside the image. */
@Command(name = "attest", mixinStandardHelpOptions = true,
        description = {"Attach a signed in-toto Statement v1 (DSSE) about an image: under cosign's sha256-<hex>.att tag "
                + "and as a Sigstore bundle referrer.",
                "--type sbom|cyclonedx|spdx without --predicate catalogues the image and attests its SBOM; vex (OpenVEX), "
                        + "scan (warden scan --format json) and provenance (a SLSA v1 predicate of your build's facts) "
                        + "take the document with --predicate."})
final class AttestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "sbom, cyclonedx, spdx, vex, scan or provenance.")
    String type;

    @Option(names = "--predicate", paramLabel = "FILE", description = "The predicate document (JSON).")
    Path predicate;

    @Mixin
    SignedImageMixin image;

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PredicateTypes.matches(type, ""); // an unknown --type is refused before the passphrase is asked for
        SigningKey signingKey = image.signingKey();
        JsonNode document = predicate != null ? readPredicate(predicate) : generated(root);
        String predicateType = PredicateTypes.forType(type, document, predicate != null ? predicate.toString() : "the generated SBOM");
        PrintWriter out = spec.commandLine().getOut();
        try (ArtifactStore store = image.open(root)) {
            ImageAttester.Attested attested = new ImageAttester(Clock.systemUTC()).attest(store, signingKey, predicateType, document);
            out.println("Attested " + store.describe() + "@" + attested.imageDigest() + ": " + predicateType
                    + " signed with key " + signingKey.publicKey().shortId());
            out.println("  cosign attestation: " + store.describe() + ":" + attested.attestationTag());
            out.println("  Sigstore bundle:    " + store.describe() + "@" + attested.bundleManifest() + " (referrer)");
        }
        return 0;
    }

    private JsonNode generated(WardenCommand root) throws IOException {
        SbomFormat format = switch (type) {
            case "sbom", "cyclonedx" -> SbomFormat.CYCLONEDX_JSON;
            case "spdx" -> SbomFormat.SPDX_JSON;
            default -> throw new WardenException("--type " + type + " needs --predicate FILE (only SBOMs are made by Warden here)");
        };
        Sbom sbom = image.sourceOptions.pipeline(root).analyse(dev.warden.image.SourceRef.parse(image.source), false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        format.writer(dev.warden.catalog.sbom.Tool.warden()).write(sbom, bytes);
        return new ObjectMapper().readTree(bytes.toByteArray());
    }

    private static JsonNode readPredicate(Path file) throws IOException {
        try {
            if (Files.size(file) > AttestLimits.MAX_BLOB_BYTES) {
                throw new WardenException(file + ": larger than " + AttestLimits.MAX_BLOB_BYTES + " bytes");
            }
            JsonNode node = new ObjectMapper().readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new WardenException(file + ": the predicate must be a JSON object");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new WardenException(file + ": no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WardenException(file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
