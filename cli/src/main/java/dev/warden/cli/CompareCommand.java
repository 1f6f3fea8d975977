package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.ImageScans;
import dev.warden.pipeline.BaseImages;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.StartUpWork;
import dev.warden.core.AtomicFile;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.policy.PolicyEngine;
import dev.warden.report.Comparison;
import dev.warden.report.ComparisonFormat;
import dev.warden.report.FindingFilter;
import dev.warden.vulndb.VulnDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden compare A B}: two images (or SBOMs, any SOURCE) scanned against the same advisory database and
 * VEX, and what changed from A to B, policies and score included. With {@code --exit-code}, exit 1 when B is worse:
 * more unsuppressed findings at or above {@code --fail-on} than A, a worse grade, or a policy compliant in A violated in B.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two images or SBOMs: packages added, removed and changed; vulnerabilities added and removed; policies and grade.",
        footerHeading = "%nExamples:%n",
        footer = {"  warden compare sbom://target/host.cdx.json \\",
                  "      oci-dir://target/demo/oci:bookworm --format markdown",
                  "  warden compare debian:12.5 debian:12.6 --exit-code"})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The image before: " + SourceRef.FORMS)
    String before;

    @Parameters(index = "1", paramLabel = "B", description = "The image after.")
    String after;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatIds.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); markdown is made for a pull-request comment.")
    String format = "table";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--exit-code", description = "Exit 1 when B is worse: more unsuppressed findings at or above --fail-on than A, "
            + "a worse grade, or a policy compliant in A and violated in B.")
    boolean exitCode;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "The least severity --exit-code counts: critical, high, medium, low, negligible, unknown (default ${DEFAULT-VALUE}).")
    String failOn = "high";

    @Mixin
    SourceMixin sourceOptions;

    @Option(names = "--allow-sample-db", description = "Let --exit-code gate on the sample advisory data shipped with Warden "
            + "(without it such a gate exits 2: its verdict would mean nothing).")
    boolean allowSampleDb;

    @Mixin
    CatalogMixin catalog;

    @Mixin
    DbMixin db;

    @Mixin
    VexMixin vex;

    @Mixin
    BaseImageMixin baseImages;

    @Mixin
    PolicyFileMixin policies;

    static final class FormatIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ComparisonFormat.ids().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        ComparisonFormat comparisonFormat = ComparisonFormat.byId(format);
        AtomicFile.checkWritable(output);
        VexMixin.checkReadable(vex);
        SeverityLevel threshold = threshold(failOn);
        PrintWriter progress = root.quiet() ? null : err;

        PolicyEngine engine = policies.engine(); // a bad policy file fails before the scans
        SourceRef beforeRef = SourceRef.parse(before);
        SourceRef afterRef = SourceRef.parse(after);
        ScanPipeline pipeline = sourceOptions.pipeline(root, catalog.selection());
        Comparison comparison;
        ScanResult gated;
        VulnDb vulnDb = db.vulnDb(root, err);
        try (BackgroundStore store = StartUpWork.advisoryStore(vulnDb)) {
            ImageScans scans = pipeline.scans(store, new ScanOptions(vex.inputs(), policies.needsSecrets()), progress);
            ScanResult a = scans.scan(beforeRef);
            ScanResult b = scans.scan(afterRef);
            gated = b;
            // each image's base is detected on its own (the same candidates), its tag looked up once
            BaseImages bases = pipeline.baseImages(db.offline(), err);
            PolicyEngine.Verdict va = engine.evaluate(a, bases.context(a, baseImages.candidates(policies)));
            PolicyEngine.Verdict vb = engine.evaluate(b, bases.context(b, baseImages.candidates(policies)));
            comparison = Comparison.of(a, b).withPolicies(new Comparison.Policies(va.results(), va.score(), vb.results(), vb.score()));
        }
        if (output != null) {
            AtomicFile.write(output, out -> comparisonFormat.write(comparison, out));
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            comparisonFormat.write(comparison, bytes);
            PrintWriter out = spec.commandLine().getOut();
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
        }
        boolean worse = comparison.worse(threshold);
        if (progress != null) {
            progress.println("warden: " + comparison.added().size() + " vulnerabilities added, " + comparison.removed().size()
                    + " removed; " + Comparison.atLeast(comparison.beforeSummary(), threshold) + " -> "
                    + Comparison.atLeast(comparison.afterSummary(), threshold) + " at " + threshold.id() + " or above; grade "
                    + comparison.policies().beforeScore().grade() + " -> " + comparison.policies().afterScore().grade()
                    + (worse ? ": B is worse" : ""));
            progress.flush();
        }
        if (exitCode) {
            dev.warden.report.SampleDataGate.check(allowSampleDb, gated);
        }
        return exitCode && worse ? Cli.EXIT_FINDINGS : 0;
    }

    private static SeverityLevel threshold(String word) {
        List<SeverityLevel> one = List.copyOf(FindingFilter.parseSeverities(List.of(word)));
        if (one.size() != 1) {
            throw new WardenException("--fail-on takes one severity, got '" + word + "'");
        }
        return one.get(0);
    }
}
