package dev.warden.report;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;

/** The terminal view of a comparison: counts side by side, then the package and vulnerability changes. */
final class ComparisonTableFormat implements ComparisonFormat {

    @Override
    public String id() {
        return "table";
    }

    @Override
    public void write(Comparison c, OutputStream out) throws IOException {
        PrintWriter w = PrintWriters.utf8(out);
        w.println("A: " + TableFormat.target(c.before()).substring("Target: ".length()));
        w.println("B: " + TableFormat.target(c.after()).substring("Target: ".length()));
        // a package left out of A's or B's SBOM shows as removed or added: the reader must know before reading on
        c.before().sbom().selection().caveat().ifPresent(caveat -> w.println("WARNING: A: " + caveat));
        c.after().sbom().selection().caveat().ifPresent(caveat -> w.println("WARNING: B: " + caveat));
        w.println();
        Summary a = c.beforeSummary();
        Summary b = c.afterSummary();
        w.printf("%-12s %8s %8s %8s%n", "", "A", "B", "change");
        for (SeverityLevel level : SeverityLevel.values()) {
            row(w, level.id(), a.count(level), b.count(level));
        }
        row(w, "total", a.total(), b.total());
        row(w, "fixable", a.fixable(), b.fixable());
        row(w, "suppressed", a.suppressed(), b.suppressed());
        row(w, "ignored", a.ignored(), b.ignored());
        row(w, "packages", c.before().sbom().packages().size(), c.after().sbom().packages().size());
        w.println();
        w.println("Packages: " + c.count(Comparison.Change.ADDED) + " added, " + c.count(Comparison.Change.REMOVED) + " removed, "
                + c.count(Comparison.Change.CHANGED) + " changed");
        if (!c.packageChanges().isEmpty()) {
            Table.print(w, new String[] {"CHANGE", "PACKAGE", "A", "B"}, c.packageChanges().stream()
                    .map(p -> new String[] {p.change().name().toLowerCase(java.util.Locale.ROOT), p.key(),
                            ComparisonFormat.versions(p.before()), ComparisonFormat.versions(p.after())}).toList());
        }
        w.println();
        findings(w, "Vulnerabilities added in B", c.added());
        findings(w, "Vulnerabilities removed in B", c.removed());
        if (c.policies() != null) {
            w.println("Score: " + ComparisonFormat.score(c.policies().beforeScore()) + " -> " + ComparisonFormat.score(c.policies().afterScore()));
            List<Comparison.StatusChange> changes = c.policies().changes();
            w.println("Policies changed: " + changes.size());
            if (!changes.isEmpty()) {
                Table.print(w, new String[] {"POLICY", "A", "B"}, changes.stream().map(p -> new String[] {p.name(),
                        ComparisonFormat.status(p.before()), ComparisonFormat.status(p.after())}).toList());
            }
        }
        PrintWriters.finish(w);
    }

    private static void row(PrintWriter w, String label, int a, int b) {
        w.printf("%-12s %8d %8d %8s%n", label, a, b, b == a ? "" : (b > a ? "+" : "") + (b - a));
    }

    private static void findings(PrintWriter w, String title, List<Finding> findings) {
        w.println(title + ": " + findings.size());
        if (!findings.isEmpty()) {
            Table.print(w, new String[] {"SEVERITY", "VULNERABILITY", "PACKAGE", "VERSION", "FIXED IN"}, findings.stream()
                    .map(f -> new String[] {Severities.level(f).id(), f.id(), f.pkg().name(), f.pkg().version(),
                            ComparisonFormat.versions(f.fixedVersions())}).toList());
            w.println();
        }
    }
}
