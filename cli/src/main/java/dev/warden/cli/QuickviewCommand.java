package dev.warden.cli;

import dev.warden.image.SourceRef;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.pipeline.ScanOptions;
import dev.warden.pipeline.BackgroundStore;
import dev.warden.pipeline.StartUpWork;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.policy.BaseImage;
import dev.warden.policy.PolicyEngine;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden quickview SOURCE}: one screen with the image, its base, the grade, counts and what to do next. */
@Command(name = "quickview", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden quickview alpine:3.19",
                  "  warden quickview oci-dir://target/demo/oci:bookworm"},
        description = "One screen: image, base image, grade, vulnerabilities by severity (and VEX-suppressed), policies, next steps.")
final class QuickviewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = SourceRef.FORMS)
    String source;

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

    @Mixin
    PolicyFileMixin policies;

    @Override
    public Integer call() throws Exception {
        WardenCommand root = (WardenCommand) spec.root().userObject();
        PrintWriter err = spec.commandLine().getErr();
        server.apply(root, policies, vex, err);
        PolicyEngine engine = policies.engine();
        SourceRef ref = SourceRef.parse(source);
        ScanPipeline pipeline = sourceOptions.pipeline(root, catalog.selection());
        ScanResult scan;
        try (BackgroundStore store = StartUpWork.advisoryStore(db.vulnDb(root, err))) {
            scan = pipeline.scans(store, new ScanOptions(vex.inputs(), policies.needsSecrets()), root.quiet() ? null : err).scan(ref);
        }
        PolicyEngine.Context context = pipeline.baseImages(db.offline(), err).context(scan, baseImages.candidates(policies));
        var verdict = engine.evaluate(scan, context);
        dev.warden.report.Summary summary = dev.warden.report.Summary.of(scan.findings());
        var image = scan.sbom().image();
        BaseImage base = context.base();
        PrintWriter out = spec.commandLine().getOut();
        out.println("image       " + (image == null ? source : image.reference()));
        out.println("base image  " + (base == null
                ? "unknown (no " + BaseImage.NAME_ANNOTATION + " annotation; name candidates with --base-image REF)"
                : base.display().replaceAll("\\p{Cntrl}", "?") + " (" + base.method().id() + ")"));
        out.printf("grade       %c (%d%%, %d/%d points)%n", verdict.score().grade(), verdict.score().percent(),
                verdict.score().points(), verdict.score().maximum());
        var line = new StringBuilder("findings   ");
        for (SeverityLevel level : SeverityLevel.values()) {
            line.append(' ').append(summary.count(level)).append(' ').append(level.id());
        }
        out.println(line.append("; ").append(summary.setAsideText()));
        dev.warden.report.Report.of(scan, null).dataCaveat().ifPresent(caveat -> out.println("data        " + caveat));
        scan.sbom().selection().caveat().ifPresent(caveat -> out.println("sbom        " + caveat));
        if (scan.sbom().secrets().scanned()) { // only when the policy file judges secrets
            int secrets = scan.sbom().secrets().secrets().size();
            out.println("secrets     " + secrets + " found" + (secrets == 0 ? "" : " (list them: warden scan " + source + " --scanners secret)"));
        }
        long violated = verdict.results().stream().filter(r -> r.status() == PolicyStatus.VIOLATED).count();
        long noData = verdict.results().stream().filter(r -> r.status() == PolicyStatus.NO_DATA).count();
        out.printf("policies    %d compliant, %d violated, %d no data%n", verdict.results().size() - violated - noData, violated, noData);
        out.println("next        " + (violated > 0
                ? "warden policy " + source + (policies.policyFile == null ? "" : " --policy " + policies.policyFile)
                        + "  (see what violates: " + verdict.results().stream()
                        .filter(r -> r.status() == PolicyStatus.VIOLATED).map(PolicyResult::name).toList() + ")"
                : "warden scan " + source + "  (review the findings)"));
        if (verdict.results().stream().anyMatch(r -> r.type().equals("up-to-date-base") && r.status() == PolicyStatus.VIOLATED)) {
            // the base's tag has moved on: the refreshed or newer bases, graded, are one command away
            out.println("            warden recommendations " + source + "  (the base image's tag points to a newer digest)");
        }
        out.flush();
        return 0;
    }
}
