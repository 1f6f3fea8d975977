package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GitLabFormatTest {

    static Schema schema() throws Exception {
        try (InputStream in = GitLabFormatTest.class.getResourceAsStream("/gitlab/container-scanning-required.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
    }

    @Test
    void carriesGitLabsRequiredFields() throws Exception {
        JsonNode doc = JsonFormatTest.write(new GitLabFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(schema(), doc, "GitLab container scanning");
        JsonNode hostile = JsonFormatTest.write(new GitLabFormat(), Report.of(HtmlFormatBrowserTest.hostileScan(), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(schema(), hostile, "GitLab container scanning of hostile data");
        SchemaCheck.assertValid(schema(), JsonFormatTest.write(new GitLabFormat(), Report.of(SampleScans.many(0), ReportOptions.DEFAULT)),
                "GitLab container scanning without findings");

        ObjectNode broken = doc.deepCopy();
        ((ObjectNode) broken.path("scan")).put("start_time", "2026-11-28T21:00:00Z");
        assertThat(schema().validate(broken)).as("the schema is really applied").isNotEmpty();
    }

    @Test
    void oneVulnerabilityPerUnsuppressedFindingWithStableIds() throws Exception {
        ScanResult scan = SampleScans.mixed();
        JsonNode doc = JsonFormatTest.write(new GitLabFormat(), Report.of(scan, ReportOptions.DEFAULT));
        List<Finding> kept = scan.findings().stream().filter(f -> !f.suppressed()).toList();
        JsonNode vulns = doc.path("vulnerabilities");
        assertThat(vulns).hasSize(kept.size()).hasSize(scan.findings().size() - 1);
        assertThat(doc.path("scan").path("type").asText()).isEqualTo("container_scanning");
        assertThat(doc.path("scan").path("start_time").asText()).isEqualTo("2026-11-28T21:00:00");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < kept.size(); i++) {
            Finding f = kept.get(i);
            JsonNode v = vulns.get(i);
            ids.add(v.path("id").asText());
            assertThat(v.path("identifiers").get(0).path("value").asText()).isEqualTo(f.id());
            assertThat(v.path("identifiers")).hasSize(f.allIds().size());
            assertThat(v.path("location").path("dependency").path("package").path("name").asText()).isEqualTo(f.pkg().name());
            assertThat(v.path("location").path("dependency").path("version").asText()).isEqualTo(f.pkg().version());
            assertThat(v.path("location").path("image").asText()).isEqualTo("oci-dir:///tmp/demo:latest");
            assertThat(v.path("location").path("operating_system").asText()).isEqualTo("debian 12");
            assertThat(v.has("solution")).isEqualTo(f.fixable());
        }
        assertThat(ids).hasSize(kept.size());
        JsonNode again = JsonFormatTest.write(new GitLabFormat(), Report.of(scan, ReportOptions.DEFAULT));
        assertThat(again.path("vulnerabilities").get(0).path("id")).isEqualTo(vulns.get(0).path("id"));
        assertThat(vulns.get(0).path("identifiers").get(0).path("type").asText()).isEqualTo("cve");
        assertThat(vulns.findValuesAsText("severity")).contains("High", "Medium", "Low", "Info", "Unknown");
    }

    @Test
    void linksKeepOnlyWebUrls() throws Exception {
        JsonNode doc = JsonFormatTest.write(new GitLabFormat(), Report.of(HtmlFormatBrowserTest.hostileScan(), ReportOptions.DEFAULT));
        assertThat(doc.toString()).doesNotContain("javascript:");
        assertThat(doc.path("scan").path("analyzer").path("id").asText()).isEqualTo("warden");
    }
}
