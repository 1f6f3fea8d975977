package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.finding.ScanResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownFormatTest {

    @Test
    void countsTableThenFindingsWithEscapedCells() throws Exception {
        ScanResult scan = SampleScans.mixed();
        String md = TableFormatTest.render(new MarkdownFormat(), Report.of(scan, ReportOptions.DEFAULT));
        List<String> lines = md.lines().toList();
        assertThat(lines.get(0)).startsWith("## Warden scan of `oci-dir:///tmp/demo:latest");
        Summary s = Summary.of(scan.findings());
        assertThat(md).contains("| " + s.count(dev.warden.core.finding.SeverityLevel.CRITICAL) + " | "
                + s.count(dev.warden.core.finding.SeverityLevel.HIGH) + " |");
        long rows = lines.stream().filter(l -> l.matches("\\| (critical|high|medium|low|negligible|unknown) \\| \\[.*")).count();
        assertThat(rows).isEqualTo(s.total());
        assertThat(md).contains("[CVE-2024-2961](https://nvd.nist.gov/vuln/detail/CVE-2024-2961)");
        // every findings row has exactly the 6 cells of the header, whatever the data holds
        lines.stream().filter(l -> l.startsWith("| ") && l.contains("](")).forEach(l ->
                assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).as(l).isEqualTo(7));
    }

    @Test
    void longListsAreCutWithACount() throws Exception {
        int n = MarkdownFormat.MAX_ROWS + 37;
        String md = TableFormatTest.render(new MarkdownFormat(), Report.of(SampleScans.many(n), ReportOptions.DEFAULT));
        assertThat(md.lines().filter(l -> l.startsWith("| low | ["))).hasSize(MarkdownFormat.MAX_ROWS);
        assertThat(md).contains("_... and 37 more findings not shown (" + n + " in all)._");
    }
}
