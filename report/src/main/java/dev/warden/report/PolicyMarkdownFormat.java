package dev.warden.report;

import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import java.util.List;

/**
 * {@code warden policy --format markdown}: the verdict as a pull-request comment. A heading with the grade, one
 * table row per policy, then what violates each violated policy and what data each no-data policy lacks.
 */
public final class PolicyMarkdownFormat {
    /**
     * Offending items listed per policy; GitHub refuses comments over 65,536 characters, and 25 items of a few
     * hundred characters for each of a dozen policies stays under it.
     */
    static final int MAX_ITEMS_PER_POLICY = 25;

    private PolicyMarkdownFormat() {}

    /**
     * @param target    what was judged (the SOURCE as given)
     * @param baseImage one line about the base image, null to leave it out
     */
    public static String render(String target, List<PolicyResult> results, Score score, String baseImage) {
        var md = new StringBuilder();
        md.append("## Warden policies for `").append(TableFormat.printable(target).replace("`", "'")).append("`: grade ")
                .append(score.grade()).append(" (").append(score.percent()).append("%, ").append(score.points()).append('/')
                .append(score.maximum()).append(" points)\n\n");
        if (baseImage != null) md.append("Base image: ").append(MarkdownFormat.cell(baseImage)).append("\n\n");
        long violated = results.stream().filter(r -> r.status() == PolicyStatus.VIOLATED).count();
        long noData = results.stream().filter(r -> r.status() == PolicyStatus.NO_DATA).count();
        md.append(results.size() - violated - noData).append(" compliant, ").append(violated).append(" violated, ")
                .append(noData).append(" no data\n\n");
        md.append("| Policy | Result | Points |\n| --- | --- | ---: |\n");
        for (PolicyResult r : results) {
            md.append("| ").append(MarkdownFormat.cell(r.name())).append(" | ").append(status(r)).append(" | ")
                    .append(r.status() == PolicyStatus.COMPLIANT ? r.weight() : 0).append('/').append(r.weight()).append(" |\n");
        }
        for (PolicyResult r : results) {
            if (r.status() == PolicyStatus.VIOLATED) {
                md.append("\n### ").append(MarkdownFormat.cell(r.name())).append(": violated\n\n");
                var items = r.violations();
                for (PolicyResult.Violation v : items.subList(0, Math.min(MAX_ITEMS_PER_POLICY, items.size()))) {
                    md.append("- ").append(MarkdownFormat.cell(v.item())).append(": ").append(MarkdownFormat.cell(v.reason())).append('\n');
                }
                if (items.size() > MAX_ITEMS_PER_POLICY) {
                    md.append("- _... and ").append(items.size() - MAX_ITEMS_PER_POLICY).append(" more_\n");
                }
            }
        }
        if (noData > 0) {
            md.append("\n### No data\n\n");
            for (PolicyResult r : results) {
                if (r.status() == PolicyStatus.NO_DATA) {
                    md.append("- ").append(MarkdownFormat.cell(r.name())).append(": missing ")
                            .append(MarkdownFormat.cell(r.missingData())).append('\n');
                }
            }
        }
        return md.toString();
    }

    private static String status(PolicyResult r) {
        return switch (r.status()) {
            case COMPLIANT -> "compliant";
            case VIOLATED -> "**violated** (" + r.violations().size() + ")";
            case NO_DATA -> "no data";
        };
    }
}
