package dev.warden.report;

import dev.warden.core.WardenException;
import java.util.List;
import java.util.stream.Collectors;

/** Every report format, by {@link ReportFormat#id()}. A new format is one more entry in {@link #ALL}. */
public final class ReportFormats {
    private static final List<ReportFormat> ALL = List.of(
            new TableFormat(),
            new JsonFormat(),
            new SarifFormat(),
            new CycloneDxVdrFormat(),
            new MarkdownFormat(),
            new HtmlFormat(),
            new GitLabFormat());

    private ReportFormats() {}

    public static List<ReportFormat> all() {
        return ALL;
    }

    public static List<String> ids() {
        return ALL.stream().map(ReportFormat::id).toList();
    }

    /**
     * Names peers use for the same formats, so a Trivy or Grype command line carries over: Trivy's {@code cyclonedx}
     * is CycloneDX JSON.
     */
    private static final java.util.Map<String, String> ALIASES = java.util.Map.of("cyclonedx", "cyclonedx-json");

    /**
     * The format with this id, in any case ({@code SARIF}, as peers accept), or a peer's name for it; an unknown id is
     * bad input naming the known ones.
     */
    public static ReportFormat byId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(java.util.Locale.ROOT);
        String canonical = ALIASES.getOrDefault(wanted, wanted);
        return ALL.stream().filter(f -> f.id().equals(canonical)).findFirst().orElseThrow(() -> new WardenException(
                "unknown report format '" + id + "': expected one of " + ALL.stream().map(ReportFormat::id).collect(Collectors.joining(", "))));
    }
}
