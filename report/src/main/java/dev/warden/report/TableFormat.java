package dev.warden.report;

import dev.warden.core.SafeText;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Secret;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The terminal view: one block of rows per package (the package named on its first row), packages in the
 * order of their worst finding, severities coloured when {@link ReportOptions#color()}, and a summary line.
 * Suppressed findings are listed only with {@link ReportOptions#showSuppressed()}; they are always counted.
 */
public final class TableFormat implements ReportFormat {
    /** Titles longer than this are cut: the table must stay readable in an 160-column terminal. */
    static final int MAX_TITLE = 60;
    private static final String[] HEADER = {"PACKAGE", "TYPE", "VERSION", "VULNERABILITY", "SEVERITY", "STATUS", "FIXED IN",
        "LOCATION", "TITLE"};
    private static final int SEVERITY_COLUMN = 4;
    private static final String RESET = "\033[0m";

    @Override
    public String id() {
        return "table";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        PrintWriter w = PrintWriters.utf8(out);
        ScanResult scan = report.scan();
        w.println(printable(target(scan)));
        w.println();
        List<Finding> listed = report.listedFindings();
        if (!report.options().vulnerabilities()) {
            w.println("Vulnerabilities not scanned (--scanners secret).");
        } else if (listed.isEmpty()) {
            w.println("No vulnerabilities found" + (report.dataCaveat().isPresent() ? " in the advisory data below" : "")
                    + (report.selectionCaveat().isPresent() ? " in the packages catalogued" : "")
                    + (report.summary().setAside() > 0 && !report.options().showSuppressed()
                    ? " (" + report.summary().setAsideText() + ")." : "."));
        } else {
            print(rows(listed), report.options().color(), w);
        }
        w.println();
        if (scan.sbom().secrets().scanned()) {
            printSecrets(scan.sbom().secrets().secrets(), report.options().color(), w);
            w.println();
        }
        Summary summary = report.summary();
        if (report.options().vulnerabilities()) {
            w.println("Total: " + summary.line() + (summary.setAside() > 0 && !report.options().showSuppressed()
                    ? " (list them with --show-suppressed)" : ""));
            report.dataCaveat().ifPresent(caveat -> w.println("WARNING: " + caveat));
        }
        report.selectionCaveat().ifPresent(caveat -> w.println("WARNING: " + caveat));
        if (report.hasPolicies()) {
            long violated = report.policies().stream().filter(p -> p.status() == dev.warden.core.policy.PolicyStatus.VIOLATED).count();
            w.println("Policies: " + violated + " of " + report.policies().size() + " violated"
                    + (report.score() == null ? "" : "; score " + report.score().grade() + " (" + report.score().percent() + "%)"));
        }
        PrintWriters.finish(w);
    }

    /** The image reference (or root filesystem, or SBOM name) as the user gave it. */
    static String targetName(ScanResult scan) {
        ImageInfo image = scan.sbom().image();
        return image == null || image.reference() == null || image.reference().isBlank() ? "(unnamed)" : image.reference();
    }

    /** {@code Target: NAME @ DIGEST (DISTRO), N packages} */
    static String target(ScanResult scan) {
        return "Target: " + targetName(scan) + (digest(scan) == null ? "" : " @ " + digest(scan))
                + (distroName(scan) == null ? "" : " (" + distroName(scan) + ")") + ", " + scan.sbom().packages().size() + " packages";
    }

    static String digest(ScanResult scan) {
        ImageInfo image = scan.sbom().image();
        return image == null ? null : image.manifestDigest();
    }

    /** The distro's pretty name, else id and version; null when the scan found none. */
    static String distroName(ScanResult scan) {
        Distro distro = scan.sbom().distro();
        if (distro == null) {
            return null;
        }
        return distro.prettyName() != null && !distro.prettyName().isBlank() ? distro.prettyName() : distro.id() + " " + distro.versionId();
    }

    /** Rows grouped by package; findings arrive most severe first, so a group's place is its worst finding's. */
    private static List<Row> rows(List<Finding> findings) {
        Map<Package, List<Finding>> byPackage = new LinkedHashMap<>();
        for (Finding f : findings) {
            byPackage.computeIfAbsent(f.pkg(), k -> new ArrayList<>()).add(f);
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Package, List<Finding>> e : byPackage.entrySet()) {
            boolean first = true;
            for (Finding f : e.getValue()) {
                String status = f.suppressed() ? "suppressed: " + Suppressions.status(f.vex().statement())
                        : f.status() == null ? "affected" : f.status().id();
                rows.add(new Row(Severities.level(f), printable(new String[] {
                    first ? fullName(e.getKey()) : "", first ? e.getKey().type() : "", first ? nullToDash(e.getKey().version()) : "",
                    f.id(), Severities.level(f).name() + (f.kev() != null ? " (KEV)" : ""), status,
                    f.fixedVersions().isEmpty() ? "-" : String.join(", ", f.fixedVersions()), first ? location(e.getKey()) : "",
                    title(f.title())})));
                first = false;
            }
        }
        return rows;
    }

    private record Row(SeverityLevel level, String[] cells) {}

    /**
     * The package as its ecosystem names it, so two packages of one name are told apart: Maven {@code group:artifact},
     * npm {@code @scope/name}, a Go module's whole path; OS packages by name (their namespace is the distro).
     */
    static String fullName(Package p) {
        if (p.namespace() == null || p.namespace().isBlank()) {
            return p.name();
        }
        return switch (p.type() == null ? "" : p.type()) {
            case "maven" -> p.namespace() + ":" + p.name();
            case "npm", "golang", "composer", "github", "swift", "cocoapods" -> p.namespace() + "/" + p.name();
            default -> p.name();
        };
    }

    /** Where the package is: its first path in the image, and how many more (the JSON report lists them all). */
    static String location(Package p) {
        if (p.locations() == null || p.locations().isEmpty()) {
            return "-";
        }
        String first = p.locations().get(0).path();
        return (first == null ? "-" : first) + (p.locations().size() > 1 ? " (+" + (p.locations().size() - 1) + ")" : "");
    }

    private static final String[] SECRET_HEADER = {"SEVERITY", "RULE", "PATH", "LAYER", "MATCH"};

    /** Secrets found in the image's files (only when they were scanned): the match is already redacted. */
    private static void printSecrets(List<Secret> secrets, boolean color, PrintWriter w) {
        if (secrets.isEmpty()) {
            w.println("No secrets found.");
            return;
        }
        w.println("Secrets: " + secrets.size());
        List<Row> rows = new ArrayList<>();
        for (Secret s : secrets) {
            String hex = s.layerDiffId() == null ? "" : s.layerDiffId().substring(s.layerDiffId().indexOf(':') + 1);
            String layer = hex.isEmpty() ? "-" : hex.substring(0, Math.min(12, hex.length())); // like docker's short ids
            // a file a later layer deleted or replaced is still in the named layer: said, so no one looks for it in vain
            String where = s.path() + ":" + s.line() + (s.removedLater() ? " (removed later)" : "");
            rows.add(new Row(s.severity(), printable(new String[] {s.severity().name(), s.ruleId(), where, layer, s.match()})));
        }
        print(SECRET_HEADER, 0, rows, color, w);
    }

    private static void print(List<Row> rows, boolean color, PrintWriter w) {
        print(HEADER, SEVERITY_COLUMN, rows, color, w);
    }

    private static void print(String[] header, int severityColumn, List<Row> rows, boolean color, PrintWriter w) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (Row r : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.cells()[i].length());
            }
        }
        w.println(line(header, widths, null, false, severityColumn));
        for (Row r : rows) {
            w.println(line(r.cells(), widths, r.level(), color, severityColumn));
        }
    }

    private static String line(String[] cells, int[] widths, SeverityLevel level, boolean color, int severityColumn) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            String padding = i < cells.length - 1 ? " ".repeat(widths[i] - cell.length() + 2) : "";
            // colour only the text, pad outside it, so columns line up whether or not colour is on
            s.append(color && level != null && i == severityColumn ? ansi(level) + cell + RESET : cell).append(padding);
        }
        return s.toString().stripTrailing();
    }

    static String ansi(SeverityLevel level) {
        return switch (level) {
            case CRITICAL -> "\033[1;31m";
            case HIGH -> "\033[31m";
            case MEDIUM -> "\033[33m";
            case LOW -> "\033[34m";
            case NEGLIGIBLE, UNKNOWN -> "\033[2m";
        };
    }

    /**
     * Advisory and SBOM text is untrusted: a control character (an ESC starting a terminal sequence, a
     * carriage return overwriting the line) would act on the user's terminal, so each becomes U+FFFD.
     */
    static String[] printable(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = printable(cells[i]);
        }
        return out;
    }

    /** Text from the image or a feed, its control and override characters shown as escapes (SafeText). */
    static String printable(String text) {
        return SafeText.clean(text);
    }

    private static String title(String title) {
        String one = title.replaceAll("\\s+", " ").trim();
        return one.length() <= MAX_TITLE ? one : one.substring(0, MAX_TITLE - 3) + "...";
    }

    private static String nullToDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
