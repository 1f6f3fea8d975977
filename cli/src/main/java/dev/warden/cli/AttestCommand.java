package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.attest.ArtifactStore;
import dev.warden.attest.AttestLimits;
import dev.warden.attest.ImageAttester;
import dev.warden.attest.PredicateTypes;
import dev.warden.attest.SigningKey;
import dev.warden.attest.SlsaProvenance;
import dev.warden.core.finding.ScanResult;
import dev.warden.match.vex.OpenVexWriter;
import dev.warden.match.vex.VexMerge;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.StartUpWork;
import dev.warden.report.Report;
import dev.warden.report.ReportFormats;
import dev.warden.report.ReportOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        footerHeading = "%nExamples:%n",
        footer = {"  warden attest --type sbom --key target/cosign.key \\",
                  "      oci-dir://target/demo/oci:bookworm",
                  "  warden attest --type vex --vex target/zlib.vex.json --key target/cosign.key \\",
                  "      oci-dir://target/demo/oci:bookworm"},
        description = {"Attach a signed in-toto Statement v1 (DSSE) about an image: under cosign's sha256-<hex>.att tag "
                + "and as a Sigstore bundle referrer.",
                "Without --predicate Warden makes the predicate: sbom|cyclonedx|spdx catalogues the image; scan scans it "
                        + "(the JSON report, --vex applied); vex merges the --vex inputs into one OpenVEX document; provenance "
                        + "is SLSA v1 from the build facts given by --builder-id, --material, --build-param... or --build-facts FILE."})
final class AttestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "sbom, cyclonedx, spdx, vex, scan or provenance.")
    String type;

    @Option(names = "--predicate", paramLabel = "FILE", description = "The predicate document (JSON).")
    Path predicate;

    @Mixin
    SignedImageMixin image;

    @Mixin
    DbMixin db;

    @Mixin
    VexMixin vex;

    @Option(names = "--build-facts", paramLabel = "FILE",
            description = "provenance: a JSON file of build facts (builderId, buildType, externalParameters, resolvedDependencies, invocationId, startedOn, finishedOn).")
    Path buildFacts;

    @Option(names = "--builder-id", paramLabel = "URI", description = "provenance: who ran the build, e.g. https://ci.example.com/runners/linux.")
    String builderId;

    @Option(names = "--build-type", paramLabel = "URI", description = "provenance: the build type (default " + SlsaProvenance.DEFAULT_BUILD_TYPE + ").")
    String buildType;

    @Option(names = "--build-param", paramLabel = "KEY=VALUE", description = "provenance: an external parameter of the build (repository, ref, Dockerfile...). Repeatable.")
    java.util.Map<String, String> buildParams = new java.util.LinkedHashMap<>();

    @Option(names = "--material", paramLabel = "URI[@sha256:HEX]",
            description = "provenance: a resolved dependency, e.g. pkg:docker/debian@bookworm@sha256:HEX or git+https://host/repo@sha1:HEX. Repeatable.")
    java.util.List<String> materials = new java.util.ArrayList<>();

    @Option(names = "--invocation-id", paramLabel = "ID", description = "provenance: the CI run's id or URL.")
    String invocationId;

    @Option(names = "--started-on", paramLabel = "TIME", description = "provenance: when the build started (RFC 3339).")
    String startedOn;

    @Option(names = "--finished-on", paramLabel = "TIME", description = "provenance: when the build finished (RFC 3339).")
    String finishedOn;

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PredicateTypes.matches(type, ""); // an unknown --type is refused before the passphrase is asked for
        if (predicate == null && PredicateTypes.matches(type, PredicateTypes.SLSA_PROVENANCE_V1)) {
            provenance(); // bad build facts are refused before the passphrase too
        }
        if (predicate == null && PredicateTypes.matches(type, PredicateTypes.OPENVEX) && vex.vex.isEmpty()) {
            throw new WardenException("--type vex without --predicate needs --vex FILE|DIR: the statements to attest");
        }
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

    /** The predicate Warden makes for {@code --type} when no {@code --predicate} is given. */
    private JsonNode generated(WardenCommand root) throws IOException {
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "sbom", "cyclonedx" -> sbom(root, SbomFormat.CYCLONEDX_JSON);
            case "spdx", "spdxjson" -> sbom(root, SbomFormat.SPDX_JSON);
            case "scan" -> scan(root);
            case "vex", "openvex" -> openVex();
            case "provenance", "slsaprovenance1" -> provenance().predicate();
            default -> throw new WardenException("--type '" + type + "': use one of " + String.join(", ", PredicateTypes.NAMES));
        };
    }

    /** The scan result as {@code warden scan --format json} writes it, VEX applied; the advisory data as the store has it. */
    private JsonNode scan(WardenCommand root) throws IOException {
        VexMixin.checkReadable(vex);
        PrintWriter err = spec.commandLine().getErr();
        ScanResult scan;
        try (BackgroundStore store = StartUpWork.advisoryStore(db.vulnDb(root, err))) {
            scan = image.sourceOptions.pipeline(root).scans(store, new ScanOptions(vex.inputs(), false), root.quiet() ? null : err)
                    .scan(dev.warden.image.SourceRef.parse(image.source));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportFormats.byId("json").write(Report.of(scan, ReportOptions.DEFAULT), bytes);
        return new ObjectMapper().readTree(bytes.toByteArray());
    }

    /** The --vex inputs merged into one OpenVEX document (later statements win, as when scanning). */
    private JsonNode openVex() throws IOException {
        if (vex.vex.isEmpty()) {
            throw new WardenException("--type vex without --predicate needs --vex FILE|DIR: the statements to attest");
        }
        VexMixin.checkReadable(vex);
        byte[] document = new OpenVexWriter("warden attest", VexOutput.tooling())
                .write(VexMerge.merge(vex.inputs().statements()), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return new ObjectMapper().readTree(document);
    }

    /** SLSA v1 from --build-facts, with the flags over the file's values. */
    private SlsaProvenance provenance() {
        var dependencies = materials.stream().map(SlsaProvenance.Dependency::parse).toList();
        if (buildFacts != null) {
            return SlsaProvenance.read(buildFacts).overriddenBy(builderId, buildType, buildParams, dependencies, invocationId,
                    startedOn, finishedOn);
        }
        return new SlsaProvenance(builderId, buildType, buildParams, dependencies, invocationId, startedOn, finishedOn);
    }

    private JsonNode sbom(WardenCommand root, SbomFormat format) throws IOException {
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
