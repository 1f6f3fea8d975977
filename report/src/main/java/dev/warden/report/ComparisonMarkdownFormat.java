package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A pull-request comment: counts before and after, then what was added and removed, each list cut after {@link #MAX_ROWS}. */
final class ComparisonMarkdownFormat implements ComparisonFormat {
    /** GitHub refuses comments over 65,536 characters: three lists of 100 rows of ~150 characters stay under it. */
    static final int MAX_ROWS = 100;

    @Override
    public String id() {
        return "markdown";
    }

    @Override
    public void write(Comparison c, OutputStream out) throws IOException {
        out.write(render(c).getBytes(StandardCharsets.UTF_8));
    }

    static String render(Comparison c) {
        StringBuilder md = new StringBuilder();
        md.append("## Warden comparison\n\n");
        md.append("- **A**: `").append(code(name(c.before()))).append("`\n");
        md.append("- **B**: `").append(code(name(c.after()))).append("`\n\n");
        c.before().sbom().selection().caveat().ifPresent(caveat -> md.append("> [!WARNING]\n> A: ").append(cell(caveat)).append("\n\n"));
        c.after().sbom().selection().caveat().ifPresent(caveat -> md.append("> [!WARNING]\n> B: ").append(cell(caveat)).append("\n\n"));
        Summary a = c.beforeSummary();
        Summary b = c.afterSummary();
        md.append("| | Critical | High | Medium | Low | Negligible | Unknown | Total | Fixable | Suppressed by VEX | Ignored |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        counts(md, "A", a);
        counts(md, "B", b);
        md.append("| change |");
        for (SeverityLevel level : SeverityLevel.values()) {
            md.append(' ').append(delta(b.count(level) - a.count(level))).append(" |");
        }
        md.append(' ').append(delta(b.total() - a.total())).append(" | ").append(delta(b.fixable() - a.fixable())).append(" | ")
                .append(delta(b.suppressed() - a.suppressed())).append(" | ").append(delta(b.ignored() - a.ignored())).append(" |\n\n");

        md.append("### Packages: ").append(c.count(Comparison.Change.ADDED)).append(" added, ")
                .append(c.count(Comparison.Change.REMOVED)).append(" removed, ").append(c.count(Comparison.Change.CHANGED)).append(" changed\n\n");
        if (!c.packageChanges().isEmpty()) {
            md.append("| Change | Package | A | B |\n| --- | --- | --- | --- |\n");
            List<Comparison.PackageChange> shown = c.packageChanges().subList(0, Math.min(MAX_ROWS, c.packageChanges().size()));
            for (Comparison.PackageChange p : shown) {
                md.append("| ").append(p.change().name().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(cell(p.key()))
                        .append(" | ").append(cell(ComparisonFormat.versions(p.before()))).append(" | ")
                        .append(cell(ComparisonFormat.versions(p.after()))).append(" |\n");
            }
            more(md, c.packageChanges().size());
            md.append('\n');
        }
        findings(md, "Vulnerabilities added", c.added());
        findings(md, "Vulnerabilities removed", c.removed());
        if (c.policies() != null) {
            List<Comparison.StatusChange> changes = c.policies().changes();
            md.append("### Policies: score ").append(ComparisonFormat.score(c.policies().beforeScore())).append(" → ")
                    .append(ComparisonFormat.score(c.policies().afterScore())).append(", ").append(changes.size())
                    .append(changes.size() == 1 ? " policy changed" : " policies changed").append("\n\n");
            if (!changes.isEmpty()) {
                md.append("| Policy | A | B |\n| --- | --- | --- |\n");
                for (Comparison.StatusChange p : changes) {
                    md.append("| ").append(cell(p.name())).append(" | ").append(ComparisonFormat.status(p.before())).append(" | ")
                            .append(ComparisonFormat.status(p.after())).append(" |\n");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static void counts(StringBuilder md, String label, Summary s) {
        md.append("| ").append(label).append(" |");
        for (SeverityLevel level : SeverityLevel.values()) {
            md.append(' ').append(s.count(level)).append(" |");
        }
        md.append(' ').append(s.total()).append(" | ").append(s.fixable()).append(" | ").append(s.suppressed()).append(" | ").append(s.ignored()).append(" |\n");
    }

    private static void findings(StringBuilder md, String title, List<Finding> findings) {
        md.append("### ").append(title).append(": ").append(findings.size()).append("\n\n");
        if (findings.isEmpty()) {
            return;
        }
        md.append("| Severity | Vulnerability | Package | Version | Fixed in |\n| --- | --- | --- | --- | --- |\n");
        for (Finding f : findings.subList(0, Math.min(MAX_ROWS, findings.size()))) {
            md.append("| ").append(Severities.level(f).id()).append(" | [").append(cell(f.id())).append("](")
                    .append(Links.of(f.id(), f.references()).replace(")", "%29").replace(" ", "%20")).append(") | ")
                    .append(cell(f.pkg().name())).append(" | ").append(cell(f.pkg().version())).append(" | ")
                    .append(cell(ComparisonFormat.versions(f.fixedVersions()))).append(" |\n");
        }
        more(md, findings.size());
        md.append('\n');
    }

    private static void more(StringBuilder md, int size) {
        if (size > MAX_ROWS) {
            md.append("\n_... and ").append(size - MAX_ROWS).append(" more not shown._\n");
        }
    }

    private static String name(dev.warden.core.finding.ScanResult scan) {
        return TableFormat.target(scan).substring("Target: ".length());
    }

    private static String delta(int d) {
        return d == 0 ? "0" : d > 0 ? "+" + d : String.valueOf(d);
    }

    /** Table cells: pipes, brackets and HTML escaped, line breaks flattened (names come from the image). */
    private static String cell(String text) {
        if (text == null) {
            return "-";
        }
        return TableFormat.printable(text.replaceAll("\\s+", " ")).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("[", "\\[").replace("]", "\\]").replaceAll("\\s+", " ").trim();
    }

    private static String code(String text) {
        return text.replace("`", "'").replaceAll("\\s+", " ");
    }
}
