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
        long rows = lines.stream().filter(l -> l.matches("\\| (critical|high|medium|low|negligible|unknown)( \\(KEV\\))? \\| \\[.*")).count();
        assertThat(rows).isEqualTo(s.total());
        assertThat(md).contains("[CVE-2024-2961](https://nvd.nist.gov/vuln/detail/CVE-2024-2961)");
        // every findings row has exactly the 6 cells of the header, whatever the data holds
        lines.stream().filter(l -> l.startsWith("| ") && l.contains("](")).forEach(l ->
                assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).as(l).isEqualTo(7));
    }

    @Test
    void hostileAdvisoryTextCannotBreakTheTableOrTheTerminal() throws Exception {
        dev.warden.core.finding.Finding base = SampleScans.mixed().findings().get(0);
        dev.warden.core.finding.Finding hostile = new dev.warden.core.finding.Finding("CVE-2099-1]](javascript:x)|", base.aliases(),
                base.pkg(), base.matchedName(), base.matchedVersion(), base.ecosystem(), base.status(), java.util.List.of("1.0|<b>\n"),
                base.severity(), base.ratings(), null, null, "\u001b]0;pwned\u0007\u001b[2J title\rover", "", 
                java.util.List.of("https://example.com/a b)(|"), base.advisoryIds(), base.published(), null);
        ScanResult scan = SampleScans.many(0).withFindings(java.util.List.of(hostile));
        String md = TableFormatTest.render(new MarkdownFormat(), Report.of(scan, ReportOptions.DEFAULT));
        String row = md.lines().filter(l -> l.startsWith("| ") && l.contains("CVE-2099")).findFirst().orElseThrow();
        assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).as(row).isEqualTo(7);
        assertThat(row).doesNotContain("<b>").doesNotContainPattern("(?<!\\\\)\\]\\(javascript").contains("(https://nvd.nist.gov/vuln/detail/");
        String table = TableFormatTest.render(new TableFormat(), Report.of(scan, ReportOptions.DEFAULT));
        assertThat(table).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u0007");
        assertThat(table.lines().filter(l -> l.contains("CVE-2099"))).singleElement().asString().contains("]0;pwned\\x07\\x1b[2J title over");
    }

    @Test
    void longListsAreCutWithACount() throws Exception {
        int n = MarkdownFormat.MAX_ROWS + 37;
        String md = TableFormatTest.render(new MarkdownFormat(), Report.of(SampleScans.many(n), ReportOptions.DEFAULT));
        assertThat(md.lines().filter(l -> l.startsWith("| low | ["))).hasSize(MarkdownFormat.MAX_ROWS);
        assertThat(md).contains("_... and 37 more findings not shown (" + n + " in all)._");
    }
}
