package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatTest {

    static String render(ReportFormat format, Report report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void groupedByPackageWithTheNameOnItsFirstRowOnly() throws Exception {
        ScanResult scan = SampleScans.mixed();
        List<String> lines = render(new TableFormat(), Report.of(scan, ReportOptions.DEFAULT)).lines().toList();
        assertThat(lines.get(0)).startsWith("Target: oci-dir:///tmp/demo:latest @ sha256:").contains("Debian GNU/Linux 12 (bookworm)");
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("PACKAGE +TYPE +VERSION +VULNERABILITY +SEVERITY +STATUS +FIXED IN +LOCATION +TITLE"));
        long libc6Rows = lines.stream().filter(l -> l.startsWith("libc6 ")).count();
        assertThat(libc6Rows).as("libc6 named once").isEqualTo(1);
        long libc6Findings = scan.findings().stream().filter(f -> f.pkg().name().equals("libc6") && !f.suppressed()).count();
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("libc6 ")).findFirst().orElseThrow());
        for (int i = 1; i < libc6Findings; i++) {
            assertThat(lines.get(first + i)).as("continuation rows start blank").startsWith(" ");
        }
    }

    @Test
    void suppressedRowsOnlyWhenAskedButAlwaysCounted() throws Exception {
        ScanResult scan = SampleScans.mixed();
        Finding suppressed = scan.findings().stream().filter(Finding::suppressed).findFirst().orElseThrow();
        String hidden = render(new TableFormat(), Report.of(scan, ReportOptions.DEFAULT));
        assertThat(hidden).doesNotContain(suppressed.id()).contains("1 suppressed by VEX (list them with --show-suppressed)");
        String shown = render(new TableFormat(), Report.of(scan, new ReportOptions(true, false)));
        assertThat(shown).contains(suppressed.id()).contains("suppressed: not_affected");
        String total = hidden.lines().filter(l -> l.startsWith("Total: ")).findFirst().orElseThrow();
        Summary s = Summary.of(scan.findings());
        assertThat(total).startsWith("Total: " + s.total() + " vulnerabilities (critical " + s.count(dev.warden.core.finding.SeverityLevel.CRITICAL));
    }

    @Test
    void ansiColoursOnlyWhenAskedAndColumnsStillAlign() throws Exception {
        ScanResult scan = SampleScans.mixed();
        String plain = render(new TableFormat(), Report.of(scan, ReportOptions.DEFAULT));
        String colour = render(new TableFormat(), Report.of(scan, new ReportOptions(false, true)));
        assertThat(plain).doesNotContain("\033[");
        assertThat(colour).contains("\033[31mHIGH").contains("\033[33mMEDIUM\033[0m");
        assertThat(colour.replaceAll("\033\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void knownExploitedIsMarked() throws Exception {
        ScanResult scan = SampleScans.mixed();
        String text = render(new TableFormat(), Report.of(scan, ReportOptions.DEFAULT));
        for (Finding f : scan.findings()) {
            if (f.suppressed()) {
                continue;
            }
            String row = text.lines().filter(l -> l.contains(" " + f.id() + " ")).findFirst().orElseThrow();
            assertThat(row.contains("(KEV)")).as(row).isEqualTo(f.kev() != null);
        }
        assertThat(scan.findings()).anyMatch(f -> f.kev() != null);
    }

    @Test
    void nothingFoundSaysSo() throws Exception {
        String text = render(new TableFormat(), Report.of(SampleScans.many(0), ReportOptions.DEFAULT));
        assertThat(text).contains("No vulnerabilities found.").contains("Total: 0 vulnerabilities");
    }

    /** Two jars of one artifact name, from different groups and paths, are two rows a person can tell apart. */
    @Test
    void rowsNameTheWholePackageItsTypeAndWhereItIs() throws Exception {
        dev.warden.core.Package a = new dev.warden.core.Package("a", "maven", "com.fasterxml.jackson.core", "jackson-databind", "2.9.10",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10", List.of(),
                List.of(new dev.warden.core.Location("/app/lib/jackson-databind-2.9.10.jar", SampleScans.LAYER)), null, "java-archive",
                null, java.util.Map.of());
        dev.warden.core.Package b = new dev.warden.core.Package("b", "maven", "org.example.shaded", "jackson-databind", "2.9.10",
                "pkg:maven/org.example.shaded/jackson-databind@2.9.10", List.of(),
                List.of(new dev.warden.core.Location("/opt/tool/tool.jar", SampleScans.LAYER),
                        new dev.warden.core.Location("/opt/tool2/tool.jar", SampleScans.LAYER)), null, "java-archive", null, java.util.Map.of());
        ScanResult base = SampleScans.mixed();
        List<Finding> findings = List.of(
                SampleScans.finding("CVE-2020-36518", a, dev.warden.core.finding.SeverityLevel.HIGH, 7.5, null,
                        dev.warden.core.advisory.AffectedStatus.FIXED, List.of("2.12.6.1"), "Deeply nested json"),
                SampleScans.finding("CVE-2020-36518", b, dev.warden.core.finding.SeverityLevel.HIGH, 7.5, null,
                        dev.warden.core.advisory.AffectedStatus.FIXED, List.of("2.12.6.1"), "Deeply nested json"));
        String text = render(new TableFormat(), Report.of(base.withFindings(findings), ReportOptions.DEFAULT));
        assertThat(text).containsPattern("com\\.fasterxml\\.jackson\\.core:jackson-databind +maven +2\\.9\\.10 .* /app/lib/jackson-databind-2\\.9\\.10\\.jar ")
                .containsPattern("org\\.example\\.shaded:jackson-databind +maven +2\\.9\\.10 .* /opt/tool/tool\\.jar \\(\\+1\\) ");
    }
}
