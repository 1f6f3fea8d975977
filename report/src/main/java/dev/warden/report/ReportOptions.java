package dev.warden.report;

/**
 * How a report is rendered, independent of the format.
 *
 * @param showSuppressed list findings a VEX statement suppressed in the human formats (table, Markdown);
 *                       the machine formats (JSON, SARIF, CycloneDX) always carry them, marked
 * @param color          ANSI colours in the table (the CLI decides from the terminal, --color and NO_COLOR)
 */
public record ReportOptions(boolean showSuppressed, boolean color) {
    public static final ReportOptions DEFAULT = new ReportOptions(false, false);
}
