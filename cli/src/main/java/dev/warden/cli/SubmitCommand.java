package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.attest.ArtifactStore;
import dev.warden.attest.ImageAttester;
import dev.warden.attest.PredicateTypes;
import dev.warden.attest.SigningKey;
import dev.warden.attest.SubmissionPacket;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.match.vex.OpenVexWriter;
import dev.warden.match.vex.VexMerge;
import dev.warden.policy.PolicyEngine;
import dev.warden.report.ImageDocumentation;
import dev.warden.report.Report;
import dev.warden.report.ReportFormats;
import dev.warden.report.ReportOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code warden submit SOURCE --key P.key [--policy FILE] [--vex DIR] [-o DIR] [--push]}: the submission packet, everything
 * a repository's review needs about one image, signed as one.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden submit oci-dir://target/demo/oci:bookworm --key target/cosign.key \\",
                  "      -o target/packet"},
        description = {"Make the submission packet of an image: SBOM (CycloneDX and SPDX), scan report (JSON, SARIF, HTML), "
                + "OpenVEX, the policy verdict and score, and the image's documentation (Markdown), with packet.sigstore.json: "
                + "one signed in-toto statement naming the image's digest and every file's sha256.",
                "-o DIR writes the packet; --push also attaches the SBOM, VEX and scan as signed attestations to the image."})
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SignedImageMixin image;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Folder to write the packet into (created when missing).")
    Path output;

    @Option(names = "--push", description = "Also attach the SBOM, VEX and scan result to the image as signed attestations.")
    boolean push;

    @Mixin
    PolicyFileMixin policies;

    @Mixin
    DbMixin db;

    @Mixin
    VexMixin vex;

    @Mixin
    BaseImageMixin baseImages;

    @Override
    public Integer call() throws Exception {
        if (output == null && !push) {
            throw new WardenException("warden submit needs -o DIR (write the packet), --push (attach it to the image), or both");
        }
        PolicyEngine engine = policies.engine();
        SigningKey key = image.signingKey();
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        JudgedScan judged = JudgedScan.of(dev.warden.image.SourceRef.parse(image.source), engine, image.sourceOptions.pipeline(root), policies, db, vex, baseImages, root, err);
        ScanResult scan = judged.scan();
        if (scan.sbom().image() == null || scan.sbom().image().manifestDigest() == null) {
            throw new WardenException(image.source + ": a submission is about an image with a digest (a registry image or an OCI layout)");
        }
        PolicyEngine.Context context = judged.context();
        PolicyEngine.Verdict verdict = judged.verdict();
        String baseImage = context.base() == null ? null : context.base().display();
        List<SubmissionPacket.Part> parts = parts(scan, verdict, baseImage, context);
        PrintWriter out = spec.commandLine().getOut();
        String digest = scan.sbom().image().manifestDigest();
        if (output != null) {
            SubmissionPacket.write(output, image.source, digest, parts, key);
            out.println("Packet for " + digest + " written to " + output + " (" + parts.size() + " files and "
                    + SubmissionPacket.BUNDLE + ", signed with key " + key.publicKey().shortId() + ")");
        }
        if (push) {
            try (ArtifactStore store = image.open(root)) {
                ImageAttester attester = new ImageAttester(Clock.systemUTC());
                ObjectMapper json = new ObjectMapper();
                for (SubmissionPacket.Part part : parts) {
                    String type = switch (part.name()) {
                        case "sbom.cdx.json" -> PredicateTypes.CYCLONEDX;
                        case "sbom.spdx.json" -> PredicateTypes.SPDX;
                        case "vex.openvex.json" -> PredicateTypes.OPENVEX;
                        case "scan.json" -> PredicateTypes.WARDEN_SCAN;
                        default -> null;
                    };
                    if (type != null) {
                        attester.attest(store, key, type, json.readTree(part.content()));
                        out.println("Attested " + store.describe() + ": " + type);
                    }
                }
            }
        }
        return 0;
    }

    private List<SubmissionPacket.Part> parts(ScanResult scan, PolicyEngine.Verdict verdict, String baseImage,
            PolicyEngine.Context context) throws IOException {
        List<SubmissionPacket.Part> parts = new ArrayList<>();
        parts.add(new SubmissionPacket.Part("sbom.cdx.json", "application/vnd.cyclonedx+json", sbom(scan, SbomFormat.CYCLONEDX_JSON)));
        parts.add(new SubmissionPacket.Part("sbom.spdx.json", "application/spdx+json", sbom(scan, SbomFormat.SPDX_JSON)));
        Report report = new Report(scan, verdict.results(), verdict.score(), ReportOptions.DEFAULT);
        parts.add(new SubmissionPacket.Part("scan.json", "application/json", report(report, "json")));
        parts.add(new SubmissionPacket.Part("scan.sarif", "application/sarif+json", report(report, "sarif")));
        parts.add(new SubmissionPacket.Part("scan.html", "text/html", report(report, "html")));
        byte[] openVex = new OpenVexWriter("warden submit", VexOutput.tooling())
                .write(VexMerge.merge(vex.inputs().statements()), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        parts.add(new SubmissionPacket.Part("vex.openvex.json", "application/openvex+json", openVex));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode policy = mapper.valueToTree(verdict);
        policy.putPOJO("baseImage", context.base());
        parts.add(new SubmissionPacket.Part("policy.json", "application/json", mapper.writeValueAsBytes(policy)));
        parts.add(new SubmissionPacket.Part("image.md", "text/markdown",
                ImageDocumentation.render(image.source, scan.sbom(), baseImage).getBytes(StandardCharsets.UTF_8)));
        return parts;
    }

    private static byte[] sbom(ScanResult scan, SbomFormat format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        format.writer(Tool.warden()).write(scan.sbom(), bytes);
        return bytes.toByteArray();
    }

    private static byte[] report(Report report, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportFormats.byId(format).write(report, bytes);
        return bytes.toByteArray();
    }
}
