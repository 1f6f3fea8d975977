package dev.warden.report;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.stream.Collectors;

/** One output format of {@code warden compare}: {@code table}, {@code markdown} (a pull-request comment) or {@code json}. */
public interface ComparisonFormat {
    String id();

    /** Writes the whole comparison as UTF-8; the stream is left open. */
    void write(Comparison comparison, OutputStream out) throws IOException;

    List<ComparisonFormat> ALL = List.of(new ComparisonTableFormat(), new ComparisonMarkdownFormat(), new ComparisonJsonFormat());

    static List<String> ids() {
        return ALL.stream().map(ComparisonFormat::id).toList();
    }

    static ComparisonFormat byId(String id) {
        return ALL.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new WardenException(
                "unknown comparison format '" + id + "': expected one of " + String.join(", ", ids())));
    }

    /** {@code B (72%)} or {@code -} */
    static String score(dev.warden.core.policy.Score score) {
        return score == null ? "-" : score.grade() + " (" + score.percent() + "%)";
    }

    /** {@code violated}, {@code no data} or {@code -} */
    static String status(dev.warden.core.policy.PolicyStatus status) {
        return status == null ? "-" : status.id().replace('_', ' ');
    }

    /** {@code 2.36-9, 2.36-10} or {@code -} */
    static String versions(List<String> versions) {
        return versions.isEmpty() ? "-" : versions.stream().collect(Collectors.joining(", "));
    }
}
