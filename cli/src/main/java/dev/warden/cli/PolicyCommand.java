package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.BackgroundStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.policy.PolicyEngine;
import dev.warden.report.PolicyMarkdownFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden policy SOURCE [--policy FILE]}: the policy file's policies (default: Docker Scout's set) judged on one scan, each compliant, violated
 * (with the offending items) or no data (with what is missing), and the A-F health score.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Evaluate the policies of a policy file (default: Docker Scout's set) on an image and give its health score.",
        footerHeading = "%nExamples:%n",
        footer = {"  warden policy oci-dir://target/demo/oci:bookworm",
                  "  warden policy fs://. --policy docs/examples/policy.yaml --exit-code \\",
                  "      --allow-sample-db"})
final class PolicyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table, json or markdown (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    PolicyFileMixin policies;

    @Option(names = "--exit-code", description = "Exit 1 when a policy is violated.")
    boolean exitCode;

    @Option(names = "--allow-sample-db", description = "Let --exit-code gate on the sample advisory data shipped with Warden "
            + "(without it such a gate exits 2: its verdict would mean nothing).")
    boolean allowSampleDb;


    @Mixin
    SourceMixin sourceOptions;

    @Mixin
    CatalogMixin catalog;

    @Mixin
    DbMixin db;

    @Mixin
    VexMixin vex;

    @Mixin
    ServerMixin server;

    @Mixin
    BaseImageMixin baseImages;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json") && !format.equals("markdown")) {
            throw new WardenException("--format must be table, json or markdown, got '" + format + "'");
        }
        // read and compile the policies before the (slow) scan: a bad file fails at once
        VexMixin.checkReadable(vex);
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        server.apply(root, policies, vex, err);
        PolicyEngine engine = policies.engine();
        JudgedScan judged = JudgedScan.of(SourceRef.parse(source), engine, sourceOptions.pipeline(root, catalog.selection()),
                policies, db, vex, baseImages, root, err);
        PolicyEngine.Context context = judged.context();
        PolicyEngine.Verdict verdict = judged.verdict();
        ScanResult scan = judged.scan();
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            com.fasterxml.jackson.databind.node.ObjectNode doc = mapper.valueToTree(verdict);
            doc.putPOJO("baseImage", context.base()); // null when none was found
            out.println(mapper.writeValueAsString(doc));
        } else if (format.equals("markdown")) {
            out.print(PolicyMarkdownFormat.render(source, verdict.results(), verdict.score(),
                    context.base() == null ? null : context.base().display()));
        } else {
            out.println("base image: " + (context.base() == null ? "unknown" : printable(context.base().display())
                    + " (" + context.base().method().id() + ": " + printable(context.base().detail()) + ")"));
            for (PolicyResult r : verdict.results()) {
                // points earned of points possible: only a compliant policy earns its weight
                out.printf("%-10s %-45s %2d/%-2d pts%n", r.status().id(), printable(r.name()),
                        r.status() == PolicyStatus.COMPLIANT ? r.weight() : 0, r.weight());
                r.violations().forEach(v -> out.println("           - " + printable(v.item()) + ": " + printable(v.reason())));
                if (r.status() == PolicyStatus.NO_DATA) {
                    out.println("           missing: " + printable(r.missingData()) + " (no data earns no points: a check that "
                            + "could not run is not a pass)");
                }
            }
            var s = verdict.score();
            out.printf("score: %d/%d points = %d%%, grade %c%n", s.points(), s.maximum(), s.percent(), s.grade());
            new dev.warden.report.Report(scan, verdict.results(), s, null).dataCaveat()
                    .ifPresent(caveat -> out.println("WARNING: " + caveat));
            scan.sbom().selection().caveat().ifPresent(caveat -> out.println("WARNING: " + caveat));
        }
        out.flush();
        boolean violated = verdict.results().stream().anyMatch(r -> r.status() == PolicyStatus.VIOLATED);
        if (exitCode) {
            dev.warden.report.SampleDataGate.check(allowSampleDb, scan);
        }
        return exitCode && violated ? Cli.EXIT_FINDINGS : 0;
    }

    /** Package names and ids come from the image: control characters never reach the terminal. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
