package dev.warden.cli;

import dev.warden.attest.KeyFiles;
import dev.warden.attest.SubmissionPacket;
import dev.warden.attest.VerificationKey;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.policy.PolicyEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden intake DIR SOURCE --key P.pub [--policy FILE]}: the repository's side of {@code warden submit}. */
@Command(name = "intake", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden intake target/packet oci-dir://target/demo/oci:bookworm \\",
                  "      --key target/cosign.pub"},
        description = {"Check a submission packet the way a repository takes it in: every file present and unchanged, the "
                + "signature valid for the key, the packet about this image's digest, and the image judged again with "
                + "the current advisory database and the policy.",
                "Exit 0 when all holds, 1 listing each missing or failing item, 2 when the input is unusable."})
final class IntakeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The packet folder (warden submit -o DIR).")
    Path packet;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "The image the packet is for, as for warden scan.")
    String source;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The submitter's public key (PEM).")
    Path key;

    @Mixin
    SourceMixin sourceOptions;

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
        VerificationKey publicKey = KeyFiles.readPublic(key);
        PolicyEngine engine = policies.engine();
        SubmissionPacket.Check check = SubmissionPacket.check(packet, publicKey, null);
        List<String> problems = new ArrayList<>(check.problems());
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        JudgedScan judged = JudgedScan.of(dev.warden.image.SourceRef.parse(source), engine, sourceOptions.pipeline(root), policies, db, vex, baseImages, root, err);
        ScanResult scan = judged.scan();
        String digest = scan.sbom().image() == null ? null : scan.sbom().image().manifestDigest();
        if (digest == null || !digest.equals(check.imageDigest())) {
            problems.add(source + ": is " + (digest == null ? "not an image with a digest" : digest)
                    + "; the packet is about " + check.imageDigest());
        }
        for (PolicyResult result : judged.verdict().results()) {
            if (result.status() == PolicyStatus.VIOLATED) {
                problems.add("policy " + result.name() + ": violated when judged again (" + result.violations().size() + " items)");
            } else if (result.status() == PolicyStatus.NO_DATA) {
                problems.add("policy " + result.name() + ": no data" + (result.missingData().isEmpty() ? "" : " (" + result.missingData() + ")"));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("packet " + packet + ": " + check.files().size() + " files, about " + check.imageDigest()
                + ", signature by key " + publicKey.shortId());
        ScanResult.DatabaseInfo database = scan.database();
        out.println("judged again with the advisory database " + (database == null ? "(unknown)" : database.location()
                + (database.builtAt() == null ? "" : ", last written " + database.builtAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
        if (problems.isEmpty()) {
            out.println("accepted: complete, signed, intact, and compliant when judged again");
            return 0;
        }
        for (String problem : problems) {
            out.println("  - " + problem);
        }
        err.println("warden: " + packet + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "; not accepted");
        return 1;
    }
}
