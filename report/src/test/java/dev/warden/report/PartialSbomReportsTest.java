package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.SbomSelection;
import dev.warden.core.finding.ScanResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scan of an SBOM made with --catalogers/--skip-dirs/--skip-files says PARTIAL SBOM in every format; a whole one does not. */
class PartialSbomReportsTest {
    private static final SbomSelection PARTIAL = new SbomSelection(List.of("os"), List.of("/usr/share/doc"), List.of("**/*.jar"));
    private static final String FLAGS = "--catalogers os --skip-dirs /usr/share/doc --skip-files **/*.jar";

    private static Report partial(ScanResult scan) {
        return Report.of(new ScanResult(scan.sbom().withSelection(PARTIAL), scan.findings(), scan.database(), scan.scannedAt(),
                scan.warnings()), ReportOptions.DEFAULT);
    }

    private static String render(ReportFormat format, Report report) throws Exception {
        return TableFormatTest.render(format, report);
    }

    @Test
    void tableEndsWithTheWarningAndACleanResultSaysWhatItCovers() throws Exception {
        String text = render(new TableFormat(), partial(SampleScans.many(0)));
        assertThat(text).contains("No vulnerabilities found in the packages catalogued.")
                .contains("WARNING: PARTIAL SBOM: catalogued with " + FLAGS);
        assertThat(render(new TableFormat(), partial(SampleScans.mixed()))).contains("WARNING: PARTIAL SBOM:");
        assertThat(render(new TableFormat(), Report.of(SampleScans.many(0), ReportOptions.DEFAULT))).doesNotContain("PARTIAL");
    }

    @Test
    void jsonCarriesTheSelectionBesideThePackageCountAndStaysValid() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(render(new JsonFormat(), partial(SampleScans.mixed())));
        SchemaCheck.assertValid(SchemaCheck.scanResult(), doc, "warden-scan/1 of a partial SBOM");
        JsonNode selection = doc.path("target").path("selection");
        assertThat(selection.path("partial").asBoolean()).isTrue();
        assertThat(selection.path("catalogers").get(0).asText()).isEqualTo("os");
        assertThat(selection.path("skipDirs").get(0).asText()).isEqualTo("/usr/share/doc");
        assertThat(selection.path("skipFiles").get(0).asText()).isEqualTo("**/*.jar");
        assertThat(selection.path("warning").asText()).startsWith("PARTIAL SBOM: catalogued with " + FLAGS);

        JsonNode whole = new ObjectMapper().readTree(render(new JsonFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT)));
        SchemaCheck.assertValid(SchemaCheck.scanResult(), whole, "warden-scan/1");
        assertThat(whole.path("target").path("selection").path("partial").asBoolean()).isFalse();
        assertThat(whole.path("target").path("selection").path("warning").isNull()).isTrue();
    }

    @Test
    void markdownAndHtmlShowABanner() throws Exception {
        assertThat(render(new MarkdownFormat(), partial(SampleScans.mixed()))).contains("> [!WARNING]\n> PARTIAL SBOM: catalogued with");
        assertThat(render(new HtmlFormat(), partial(SampleScans.mixed())))
                .contains("<div id=\"selection-warning\" class=\"banner warning\" role=\"alert\">PARTIAL SBOM: catalogued with");
        assertThat(render(new MarkdownFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT))).doesNotContain("PARTIAL");
        assertThat(render(new HtmlFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT))).doesNotContain("selection-warning");
    }

    @Test
    void sarifRunPropertiesSayItAndStayValid() throws Exception {
        JsonNode sarif = new ObjectMapper().readTree(render(new SarifFormat(), partial(SampleScans.mixed())));
        SchemaCheck.assertValid(SchemaCheck.sarif(), sarif, "SARIF 2.1.0 of a partial SBOM");
        JsonNode props = sarif.path("runs").get(0).path("properties");
        assertThat(props.path("sbomPartial").asBoolean()).isTrue();
        assertThat(props.path("sbomSelection").asText()).isEqualTo(FLAGS);
        assertThat(props.path("sbomSelectionWarning").asText()).startsWith("PARTIAL SBOM:");
        JsonNode whole = new ObjectMapper().readTree(render(new SarifFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT)));
        assertThat(whole.path("runs").get(0).path("properties").path("sbomPartial").asBoolean()).isFalse();
    }

    @Test
    void gitLabSaysItInTheScanMessagesAndStaysValid() throws Exception {
        JsonNode doc = JsonFormatTest.write(new GitLabFormat(), partial(SampleScans.mixed()));
        SchemaCheck.assertValid(GitLabFormatTest.schema(), doc, "GitLab container scanning of a partial SBOM");
        assertThat(doc.path("scan").path("messages").findValuesAsText("value"))
                .anySatisfy(m -> assertThat(m).startsWith("PARTIAL SBOM: catalogued with " + FLAGS));
        assertThat(doc.path("scan").path("messages").findValuesAsText("level")).contains("warn");
        JsonNode whole = JsonFormatTest.write(new GitLabFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT));
        assertThat(whole.path("scan").path("messages").findValuesAsText("value")).noneMatch(m -> m.contains("PARTIAL"));
    }

    @Test
    void aComparisonSaysWhichSideIsPartialInEveryFormat() throws Exception {
        ScanResult whole = SampleScans.mixed();
        ScanResult part = partial(SampleScans.mixed()).scan();
        Comparison c = Comparison.of(whole, part);
        assertThat(ComparisonTest.render("table", c)).contains("WARNING: B: PARTIAL SBOM: catalogued with " + FLAGS)
                .doesNotContain("WARNING: A:");
        assertThat(ComparisonTest.render("markdown", c)).contains("> [!WARNING]\n> B: PARTIAL SBOM: catalogued with");
        JsonNode json = new ObjectMapper().readTree(ComparisonTest.render("json", Comparison.of(part, whole)));
        assertThat(json.path("before").path("selection").path("partial").asBoolean()).isTrue();
        assertThat(json.path("before").path("selection").path("skipFiles").get(0).asText()).isEqualTo("**/*.jar");
        assertThat(json.path("before").path("selection").path("warning").asText()).startsWith("PARTIAL SBOM:");
        assertThat(json.path("after").path("selection").path("partial").asBoolean()).isFalse();
        assertThat(json.path("after").path("selection").path("warning").isNull()).isTrue();
        assertThat(ComparisonTest.render("table", Comparison.of(whole, whole))).doesNotContain("PARTIAL");
    }

    @Test
    void cycloneDxVdrKeepsTheSelectionProperties() throws Exception {
        JsonNode vdr = new ObjectMapper().readTree(render(new CycloneDxVdrFormat(), partial(SampleScans.mixed())));
        List<String> names = vdr.path("metadata").path("properties").findValuesAsText("name");
        assertThat(names).contains("warden:selection:catalogers", "warden:selection:skip-dirs", "warden:selection:skip-files");
    }
}
