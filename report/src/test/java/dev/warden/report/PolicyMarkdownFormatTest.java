package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code warden policy --format markdown}: one row per policy, violations and missing data listed, hostile text inert. */
class PolicyMarkdownFormatTest {

    @Test
    void tableThenViolationsThenMissingData() {
        var results = List.of(
                new PolicyResult("a", "No fixable critical or high vulnerabilities", "vulnerabilities", PolicyStatus.COMPLIANT, List.of(), "", 20),
                new PolicyResult("b", "Default non-root user", "non-root", PolicyStatus.VIOLATED,
                        List.of(new PolicyResult.Violation("user ''", "the image runs as root by default")), "", 5),
                new PolicyResult("c", "No secrets", "secrets", PolicyStatus.NO_DATA, List.of(), "secret scan results", 0));
        String md = PolicyMarkdownFormat.render("oci-dir://x:1", results, new Score(20, 25, 80, 'B'), "debian:12");
        assertThat(md).startsWith("## Warden policies for `oci-dir://x:1`: grade B (80%, 20/25 points)\n\nBase image: debian:12\n\n"
                + "1 compliant, 1 violated, 1 no data\n");
        assertThat(md).contains("| No fixable critical or high vulnerabilities | compliant | 20/20 |",
                "| Default non-root user | **violated** (1) | 0/5 |", "| No secrets | no data | 0/0 |",
                "### Default non-root user: violated\n\n- user '': the image runs as root by default\n",
                "### No data\n\n- No secrets: missing secret scan results\n");
    }

    @Test
    void hostileNamesCannotBreakTheTableAndLongListsAreCut() {
        var many = new ArrayList<PolicyResult.Violation>();
        for (int i = 0; i < PolicyMarkdownFormat.MAX_ITEMS_PER_POLICY + 3; i++) {
            many.add(new PolicyResult.Violation("pkg|" + i + "\n## injected", "<script>x</script> [link](javascript:x)"));
        }
        var results = List.of(new PolicyResult("x", "Rule | with pipe\n# heading", "custom", PolicyStatus.VIOLATED, many, "", 5));
        String md = PolicyMarkdownFormat.render("oci-dir://a`b", results, new Score(0, 5, 0, 'F'), null);
        assertThat(md).startsWith("## Warden policies for `oci-dir://a'b`").doesNotContain("<script>", "\n## injected")
                .doesNotContainPattern("(?<!\\\\)\\]\\(javascript");
        String row = md.lines().filter(l -> l.startsWith("| Rule")).findFirst().orElseThrow();
        assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).as(row).isEqualTo(4);
        assertThat(md.lines().filter(l -> l.startsWith("- pkg"))).hasSize(PolicyMarkdownFormat.MAX_ITEMS_PER_POLICY);
        assertThat(md).contains("- _... and 3 more_");
    }
}
