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

    /** The format with this id; an unknown id is bad input naming the known ones. */
    public static ReportFormat byId(String id) {
        return ALL.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new WardenException(
                "unknown report format '" + id + "': expected one of " + ALL.stream().map(ReportFormat::id).collect(Collectors.joining(", "))));
    }
}
