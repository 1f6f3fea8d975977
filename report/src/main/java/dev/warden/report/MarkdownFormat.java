package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub-flavoured Markdown for a pull-request comment: a table of counts, then the findings, most severe
 * first, cut after {@link #MAX_ROWS} rows with a count of the rest, and the policies when they ran.
 */
public final class MarkdownFormat implements ReportFormat {
    /** GitHub refuses comments over 65,536 characters; 100 rows of ~200 characters leave room for the rest. */
    static final int MAX_ROWS = 100;

    @Override
    public String id() {
        return "markdown";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        out.write(render(report).getBytes(StandardCharsets.UTF_8));
    }

    static String render(Report report) {
        StringBuilder md = new StringBuilder();
        md.append("## Warden scan of `").append(code(TableFormat.targetName(report.scan()))).append("`\n\n");
        List<String> details = new ArrayList<>();
        if (TableFormat.digest(report.scan()) != null) {
            details.add("`" + code(TableFormat.digest(report.scan())) + "`");
        }
        if (TableFormat.distroName(report.scan()) != null) {
            details.add(cell(TableFormat.distroName(report.scan())));
        }
        details.add(report.scan().sbom().packages().size() + " packages");
        details.add("advisories of " + ScanResult.DatabaseInfo.dateOf(report.scan().database() == null ? null
                : report.scan().database().dataDate()));
        md.append(String.join(" · ", details)).append("\n\n");
        report.dataCaveat().ifPresent(caveat -> md.append("> [!WARNING]\n> ").append(cell(caveat)).append("\n\n"));
        report.selectionCaveat().ifPresent(caveat -> md.append("> [!WARNING]\n> ").append(cell(caveat)).append("\n\n"));
        Summary summary = report.summary();
        md.append("| Critical | High | Medium | Low | Negligible | Unknown | Fixable | Suppressed by VEX | Ignored |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n|");
        for (SeverityLevel level : SeverityLevel.values()) {
            md.append(' ').append(summary.count(level)).append(" |");
        }
        md.append(' ').append(summary.fixable()).append(" | ").append(summary.suppressed()).append(" | ").append(summary.ignored())
                .append(summary.ignored() == 0 ? "" : " (" + cell(String.join(", ", summary.ignoreFiles())) + ")").append(" |\n\n");

        List<Finding> listed = report.listedFindings();
        if (listed.isEmpty()) {
            md.append("No vulnerabilities found.\n");
        } else {
            md.append("| Severity | Vulnerability | Package | Installed | Fixed in | Status |\n");
            md.append("| --- | --- | --- | --- | --- | --- |\n");
            for (Finding f : listed.subList(0, Math.min(MAX_ROWS, listed.size()))) {
                md.append("| ").append(Severities.level(f).id()).append(f.kev() != null ? " (KEV)" : "")
                        .append(" | [").append(cell(f.id())).append("](").append(url(Links.of(f.id(), f.references()))).append(')')
                        .append(" | ").append(cell(f.pkg().name()))
                        .append(" | ").append(cell(f.pkg().version()))
                        .append(" | ").append(f.fixedVersions().isEmpty() ? "-" : cell(String.join(", ", f.fixedVersions())))
                        .append(" | ").append(f.suppressed() ? "suppressed (" + cell(Suppressions.label(f.vex().statement())) + ")"
                                : f.status() == null ? "affected" : f.status().id())
                        .append(" |\n");
            }
            if (listed.size() > MAX_ROWS) {
                int more = listed.size() - MAX_ROWS;
                md.append("\n_... and ").append(more).append(more == 1 ? " more finding" : " more findings")
                        .append(" not shown (").append(listed.size()).append(" in all)._\n");
            }
        }
        if (report.hasPolicies()) {
            md.append("\n### Policies");
            if (report.score() != null) {
                md.append(": grade ").append(report.score().grade()).append(" (").append(report.score().percent()).append("%)");
            }
            md.append("\n\n| Policy | Status | Violations |\n| --- | --- | ---: |\n");
            for (PolicyResult p : report.policies()) {
                md.append("| ").append(cell(p.name())).append(" | ").append(p.status().id()).append(" | ")
                        .append(p.violations().size()).append(" |\n");
            }
        }
        return md.toString();
    }

    /** Table cells: pipes escaped, line breaks flattened. */
    static String cell(String text) {
        return text == null ? "-" : TableFormat.printable(text.replaceAll("\\s+", " ")).replace("\\", "\\\\").replace("|", "\\|")
                .replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace(">", "&gt;").trim();
    }

    /** A link target that cannot end the Markdown link early or break out of the table. */
    static String url(String link) {
        return TableFormat.printable(link).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("|", "%7C")
                .replace("<", "%3C").replace(">", "%3E");
    }

    private static String code(String text) {
        return TableFormat.printable(text).replace("`", "'");
    }
}
