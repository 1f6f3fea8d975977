package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Findings an ignore file set aside are counted apart from those VEX suppressed, in every summary: a team's "not now"
 * is not a supplier's "not affected", and a reader must be able to tell them apart.
 */
class IgnoredCountTest {

    /** {@link SampleScans#mixed()} (one finding suppressed by VEX) with one more finding set aside by a .trivyignore line. */
    static ScanResult withIgnored() {
        ScanResult scan = SampleScans.mixed();
        List<Finding> findings = new ArrayList<>();
        boolean done = false;
        for (Finding f : scan.findings()) {
            if (!done && f.id().equals("CVE-2005-2541")) {
                VexStatement ignored = new VexStatement(f.id(), List.of(), List.of(), List.of(), VexStatus.IGNORED, null,
                        "accepted until the base image moves", null, null, "/work/app/.trivyignore:3 (until 2027-01-31)");
                findings.add(f.withVex(new VexDecision(ignored, f.pkg().purl())));
                done = true;
            } else {
                findings.add(f);
            }
        }
        return scan.withFindings(findings);
    }

    @Test
    void summaryCountsVexAndIgnoredApart() {
        Summary before = Summary.of(SampleScans.mixed().findings());
        Summary s = Summary.of(withIgnored().findings());
        assertThat(s.suppressed()).isEqualTo(1);
        assertThat(s.ignored()).isEqualTo(1);
        assertThat(s.ignoreFiles()).containsExactly(".trivyignore");
        assertThat(s.total()).isEqualTo(before.total() - 1);
        assertThat(s.line()).endsWith("; 1 suppressed by VEX, 1 ignored (.trivyignore)");
        assertThat(before.line()).endsWith("; 1 suppressed by VEX");
    }

    @Test
    void everyFormatShowsBothCounts() throws Exception {
        Report report = Report.of(withIgnored(), ReportOptions.DEFAULT);
        String table = TableFormatTest.render(new TableFormat(), report);
        assertThat(table).contains("1 suppressed by VEX, 1 ignored (.trivyignore) (list them with --show-suppressed)");

        String md = TableFormatTest.render(new MarkdownFormat(), report);
        assertThat(md).contains("| Fixable | Suppressed by VEX | Ignored |").containsPattern("\\| 1 \\| 1 \\(\\.trivyignore\\) \\|\\n");

        String html = TableFormatTest.render(new HtmlFormat(), report);
        assertThat(html).contains("id=\"count-suppressed\">1<", "id=\"count-ignored\">1<", "ignored (.trivyignore)");

        JsonNode json = new ObjectMapper().readTree(TableFormatTest.render(new JsonFormat(), report));
        assertThat(json.path("summary").path("suppressed").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("ignored").asInt()).isEqualTo(1);
    }

    @Test
    void comparisonCountsIgnoredApart() throws Exception {
        Comparison c = Comparison.of(SampleScans.mixed(), withIgnored());
        assertThat(c.afterSummary().ignored()).isEqualTo(1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new ComparisonTableFormat().write(c, out);
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).containsPattern("(?m)^ignored +0 +1 +\\+1$")
                .containsPattern("(?m)^suppressed +1 +1 +");
        String md = ComparisonMarkdownFormat.render(c);
        assertThat(md).contains("| Suppressed by VEX | Ignored |");
    }
}
