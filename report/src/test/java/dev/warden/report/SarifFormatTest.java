package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SarifFormatTest {

    @Test
    void validAgainstTheSarif210Schema() throws Exception {
        JsonNode sarif = JsonFormatTest.write(new SarifFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.sarif(), sarif, "SARIF 2.1.0");
        JsonNode empty = JsonFormatTest.write(new SarifFormat(), Report.of(SampleScans.many(0), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.sarif(), empty, "SARIF 2.1.0 without results");

        ObjectNode broken = sarif.deepCopy();
        ((ObjectNode) broken.path("runs").get(0).path("results").get(0)).put("level", "critical");
        assertThat(SchemaCheck.sarif().validate(broken)).as("the schema is really applied").isNotEmpty();
    }

    @Test
    void oneRuleperVulnerabilityOneResultPerFindingWithWhatGitHubNeeds() throws Exception {
        ScanResult scan = SampleScans.mixed();
        JsonNode run = JsonFormatTest.write(new SarifFormat(), Report.of(scan, ReportOptions.DEFAULT)).path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        Set<String> ids = new HashSet<>();
        scan.findings().forEach(f -> ids.add(f.id()));
        assertThat(rules).hasSize(ids.size());
        for (JsonNode rule : rules) {
            assertThat(rule.path("help").path("text").asText()).contains(rule.path("id").asText());
            assertThat(rule.path("help").path("markdown").asText()).isNotBlank();
            assertThat(rule.path("helpUri").asText()).startsWith("https://");
        }
        JsonNode results = run.path("results");
        assertThat(results).hasSize(scan.findings().size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            Finding f = scan.findings().get(i);
            assertThat(rules.get(r.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(r.path("ruleId").asText()).isEqualTo(f.id());
            // GitHub: security-severity is a number in a string, on the rule
            String sev = rules.get(r.path("ruleIndex").asInt()).path("properties").path("security-severity").asText(null);
            if (f.severity().score() != null) {
                assertThat(Double.parseDouble(sev)).isEqualTo(f.severity().score());
            }
            for (JsonNode loc : r.path("locations")) {
                JsonNode artifact = loc.path("physicalLocation").path("artifactLocation");
                String uri = artifact.path("uri").asText();
                assertThat(URI.create(uri).isAbsolute()).as(uri).isFalse();
                assertThat(uri).doesNotStartWith("/");
                assertThat(artifact.path("uriBaseId").asText()).isEqualTo(SarifFormat.ROOT);
            }
            assertThat(r.has("suppressions")).isEqualTo(f.suppressed());
        }
        assertThat(results.findValuesAsText("uri")).contains("var/lib/dpkg/status", "usr/bin/skopeo", "opt/my%20tools/umoci%3Av1");
        JsonNode suppressed = results.findParents("suppressions").get(0).path("suppressions").get(0);
        assertThat(suppressed.path("kind").asText()).isEqualTo("external");
        assertThat(suppressed.path("justification").asText()).contains("not_affected").contains("vulnerable_code_not_in_execute_path");
    }

    @Test
    void securitySeverityPrefersACvssScoreAtTheChosenLevel() {
        Finding base = SampleScans.mixed().findings().get(0);
        dev.warden.core.finding.Rating word = new dev.warden.core.finding.Rating(dev.warden.core.finding.SeverityLevel.HIGH, null, null, "ghsa", "RATING");
        dev.warden.core.finding.Rating cvss = new dev.warden.core.finding.Rating(dev.warden.core.finding.SeverityLevel.HIGH, 7.5,
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "ghsa", "CVSS_V3");
        dev.warden.core.finding.Rating other = new dev.warden.core.finding.Rating(dev.warden.core.finding.SeverityLevel.CRITICAL, 9.8, null, "nvd", "CVSS_V3");
        Finding f = new Finding(base.id(), base.aliases(), base.pkg(), base.matchedName(), base.matchedVersion(), base.ecosystem(), base.status(),
                base.fixedVersions(), word, java.util.List.of(word, other, cvss), null, null, base.title(), base.description(), base.references(),
                base.advisoryIds(), base.published(), null);
        assertThat(Severities.score(f)).isEqualTo(7.5);
        Finding wordOnly = new Finding(f.id(), f.aliases(), f.pkg(), f.matchedName(), f.matchedVersion(), f.ecosystem(), f.status(),
                f.fixedVersions(), word, java.util.List.of(word, other), null, null, f.title(), f.description(), f.references(),
                f.advisoryIds(), f.published(), null);
        assertThat(Severities.score(wordOnly)).as("middle of the high band, not the critical NVD score").isEqualTo(8.0);
    }

    @Test
    void hostileAdvisoryTextStaysTextInTheHelpMarkdown() throws Exception {
        Finding base = SampleScans.mixed().findings().get(0);
        Finding hostile = new Finding("CVE-2099-2](javascript:x)", base.aliases(), base.pkg(), base.matchedName(), base.matchedVersion(),
                base.ecosystem(), base.status(), java.util.List.of("<img src=x onerror=alert(1)>"), base.severity(), base.ratings(), null, null,
                "<script>alert(1)</script> | [click](javascript:y)", "", java.util.List.of(), base.advisoryIds(), base.published(), null);
        JsonNode sarif = JsonFormatTest.write(new SarifFormat(), Report.of(SampleScans.many(0).withFindings(java.util.List.of(hostile)), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.sarif(), sarif, "SARIF 2.1.0 of hostile text");
        String md = sarif.path("runs").get(0).path("tool").path("driver").path("rules").get(0).path("help").path("markdown").asText();
        assertThat(md).doesNotContain("<script>").doesNotContain("<img").doesNotContainPattern("(?<!\\\\)\\]\\(javascript");
    }

    @Test
    void levelsFollowSeverity() throws Exception {
        ScanResult scan = SampleScans.mixed();
        JsonNode results = JsonFormatTest.write(new SarifFormat(), Report.of(scan, ReportOptions.DEFAULT)).path("runs").get(0).path("results");
        for (int i = 0; i < results.size(); i++) {
            String expected = switch (Severities.level(scan.findings().get(i))) {
                case CRITICAL, HIGH -> "error";
                case MEDIUM -> "warning";
                default -> "note";
            };
            assertThat(results.get(i).path("level").asText()).isEqualTo(expected);
        }
    }
}
