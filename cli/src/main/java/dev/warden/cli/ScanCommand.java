package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.StartUpWork;
import dev.warden.core.AtomicFile;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.report.FindingFilter;
import dev.warden.report.Report;
import dev.warden.report.ReportFormat;
import dev.warden.report.ReportFormats;
import dev.warden.report.ReportOptions;
import dev.warden.report.SampleDataGate;
import dev.warden.report.Summary;
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
 * {@code warden scan SOURCE} (alias {@code cves}): the image's packages matched against the advisory
 * database, VEX applied, filtered, written in one report format. Progress and warnings go to stderr, the
 * report to stdout or {@code -o FILE}.
 */
@Command(name = "scan", aliases = "cves", mixinStandardHelpOptions = true,
        description = "Find the vulnerabilities of an image's packages (with VEX applied) and report them.",
        footerHeading = "%nExamples:%n",
        footer = {"  warden scan alpine:3.19",
                  "  warden scan oci-dir://target/demo/oci:bookworm --format sarif \\",
                  "      -o target/scan.sarif",
                  "  warden scan fs://. --fail-on high --ignorefile .trivyignore"})
final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatIds.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String format = "table";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--severity", paramLabel = "LIST", split = ",",
            description = "Keep only these severities: critical,high,medium,low,negligible,unknown.")
    List<String> severities = List.of();

    @Option(names = "--only-fixed", description = "Keep only findings with a fixed version.")
    boolean onlyFixed;

    @Option(names = "--only-unfixed", description = "Keep only findings without a fixed version.")
    boolean onlyUnfixed;

    @Option(names = "--ignore-status", paramLabel = "LIST", split = ",",
            description = "Drop findings with these statuses: fixed,affected,will_not_fix,fix_deferred,end_of_life,not_affected.")
    List<String> ignoredStatuses = List.of();

    @Option(names = "--ecosystem", paramLabel = "LIST", split = ",",
            description = "Keep only these ecosystems: purl types (deb,rpm,apk,golang,pypi,npm,maven...) or OSV names (Debian,Go,PyPI...).")
    List<String> ecosystems = List.of();

    @Option(names = "--show-suppressed", description = "List findings VEX suppressed in the table and Markdown (JSON, SARIF and CycloneDX always carry them).")
    boolean showSuppressed;

    @Option(names = "--exit-code", description = "Exit 1 when any unsuppressed finding remains after the filters.")
    boolean exitCode;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Exit 1 when an unsuppressed finding at SEVERITY or "
            + "above remains after the filters (Grype's gate: critical, high, medium, low, negligible, unknown); the report still "
            + "lists every finding.")
    String failOn;

    @Option(names = "--allow-sample-db", description = "Let --exit-code gate on the sample advisory data shipped with Warden "
            + "(without it such a gate exits 2: its verdict would mean nothing).")
    boolean allowSampleDb;

    @Option(names = "--scanners", paramLabel = "LIST", split = ",",
            description = "vuln (default), secret, or both (vuln,secret): secret also scans the image's files for secrets (docs/secrets.md).")
    List<String> scanners = List.of("vuln");

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never (default auto: colours on a terminal unless NO_COLOR is set).")
    ColorChoice color = ColorChoice.AUTO;

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

    static final class FormatIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ReportFormats.ids().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        // every option is checked before the (long) analysis
        ReportFormat reportFormat = ReportFormats.byId(format);
        FindingFilter filter = filter();
        AtomicFile.checkWritable(output);
        VexMixin.checkReadable(vex);
        SeverityLevel failThreshold = failOn == null ? null : FindingFilter.parseThreshold("--fail-on", failOn);
        boolean quiet = root.quiet();
        for (String scanner : scanners) {
            if (!scanner.equals("vuln") && !scanner.equals("secret")) {
                throw new WardenException("--scanners takes vuln and secret, got '" + scanner + "'");
            }
        }

        server.apply(root, null, vex, err);
        SourceRef ref = SourceRef.parse(source);
        ScanPipeline pipeline = sourceOptions.pipeline(root, catalog.selection());

        ScanResult scan;
        VulnDb vulnDb = db.vulnDb(root, err);
        try (BackgroundStore store = StartUpWork.advisoryStore(vulnDb, reportFormat)) { // open() itself warns when the data is old
            scan = pipeline.scans(store, new ScanOptions(vex.inputs(), scanners.contains("secret")), quiet ? null : err).scan(ref);
        }
        if (!scanners.contains("vuln")) {
            scan = scan.withFindings(List.of()); // secrets alone were asked for
        }
        ScanResult shown = filter.apply(scan);
        if (!quiet) {
            Warnings.print(scan.warnings(), err, "the JSON report's warnings", root.cacheDir());
        }
        boolean colour = color.enabled(output == null && ColorChoice.stdoutIsTerminal(), System.getenv("NO_COLOR"));
        Report report = Report.of(shown, new ReportOptions(showSuppressed, colour, scanners.contains("vuln")));
        root.progress().phase(dev.warden.core.progress.Phase.REPORT);
        if (output != null) {
            AtomicFile.write(output, out -> reportFormat.write(report, out));
        } else {
            // picocli's out is a Writer; the formats produce UTF-8 bytes
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            reportFormat.write(report, bytes);
            PrintWriter out = spec.commandLine().getOut();
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
        }
        Summary summary = report.summary();
        // the table already ends with this line
        if (!quiet && scanners.contains("vuln") && !(output == null && reportFormat.id().equals("table"))) {
            progress(err, summary.line() + (scan.findings().size() != shown.findings().size()
                    ? " (after filters; " + scan.findings().size() + " before)" : "") + (output == null ? "" : "; report in " + output));
        }
        if ((exitCode || failThreshold != null) && scanners.contains("vuln")) {
            SampleDataGate.check(allowSampleDb, scan);
        }
        boolean fail = (exitCode && summary.total() > 0) || (failThreshold != null && summary.atLeast(failThreshold) > 0);
        return fail ? Cli.EXIT_FINDINGS : 0;
    }

    private FindingFilter filter() {
        if (onlyFixed && onlyUnfixed) {
            throw new WardenException("--only-fixed and --only-unfixed exclude each other: give one");
        }
        FindingFilter.Fix fix = onlyFixed ? FindingFilter.Fix.FIXABLE_ONLY : onlyUnfixed ? FindingFilter.Fix.UNFIXABLE_ONLY : FindingFilter.Fix.ANY;
        return new FindingFilter(FindingFilter.parseSeverities(severities), fix, FindingFilter.parseStatuses(ignoredStatuses),
                FindingFilter.parseEcosystems(ecosystems));
    }

    private static void progress(PrintWriter err, String message) {
        err.println("warden: " + message);
        err.flush();
    }
}
