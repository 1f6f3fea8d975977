package dev.warden.report;

/**
 * How a report is rendered, independent of the format.
 *
 * @param showSuppressed list findings a VEX statement suppressed in the human formats (table, Markdown);
 *                       the machine formats (JSON, SARIF, CycloneDX) always carry them, marked
 * @param color          ANSI colours in the table (the CLI decides from the terminal, --color and NO_COLOR)
 * @param vulnerabilities the packages were matched against advisories; false for a secrets-only scan, whose human
 *                        report must not print a vulnerability summary it never computed
 */
public record ReportOptions(boolean showSuppressed, boolean color, boolean vulnerabilities) {
    public static final ReportOptions DEFAULT = new ReportOptions(false, false);

    public ReportOptions(boolean showSuppressed, boolean color) {
        this(showSuppressed, color, true);
    }
}
