package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode write(ReportFormat format, Report report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void validAgainstThePublishedSchemaWithAndWithoutPolicies() throws Exception {
        ScanResult scan = SampleScans.mixed();
        JsonNode plain = write(new JsonFormat(), Report.of(scan, ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.scanResult(), plain, "warden-scan/1");
        assertThat(plain.path("policy").isNull()).isTrue();

        Report withPolicies = new Report(scan, List.of(
                new PolicyResult("no-fixable-critical", "No fixable critical or high", "vulnerabilities", PolicyStatus.VIOLATED,
                        List.of(new PolicyResult.Violation("CVE-2024-2961 in libc6", "high, fixable")), null, 20),
                new PolicyResult("non-root", "Default non-root user", "non-root", PolicyStatus.NO_DATA, List.of(), "image config", 5)),
                new Score(0, 25, 0, 'F'), ReportOptions.DEFAULT);
        JsonNode policy = write(new JsonFormat(), withPolicies);
        SchemaCheck.assertValid(SchemaCheck.scanResult(), policy, "warden-scan/1 with policies");
        assertThat(policy.path("policy").path("score").path("grade").asText()).isEqualTo("F");
        assertThat(policy.path("policy").path("results")).hasSize(2);
    }

    @Test
    void theSchemaRejectsWhatItShould() throws Exception {
        // a schema that accepts anything proves nothing: break the document in ways a consumer would trip on
        JsonNode doc = write(new JsonFormat(), Report.of(SampleScans.mixed(), ReportOptions.DEFAULT));
        ObjectNode badSeverity = doc.deepCopy();
        ((ObjectNode) badSeverity.path("findings").get(0).path("severity")).put("level", "severe");
        assertThat(SchemaCheck.scanResult().validate(badSeverity)).isNotEmpty();
        ObjectNode missingSummary = doc.deepCopy();
        missingSummary.remove("summary");
        assertThat(SchemaCheck.scanResult().validate(missingSummary)).isNotEmpty();
        ObjectNode unknownField = doc.deepCopy();
        ((ObjectNode) unknownField.path("findings").get(0)).put("cvss", 9);
        assertThat(SchemaCheck.scanResult().validate(unknownField)).isNotEmpty();
    }

    @Test
    void everyFindingIsWrittenSuppressedOnesWithTheirStatement() throws Exception {
        ScanResult scan = SampleScans.mixed();
        JsonNode doc = write(new JsonFormat(), Report.of(scan, ReportOptions.DEFAULT));
        assertThat(doc.path("findings")).hasSize(scan.findings().size());
        long suppressed = scan.findings().stream().filter(Finding::suppressed).count();
        assertThat(doc.path("summary").path("suppressed").asLong()).isEqualTo(suppressed).isPositive();
        assertThat(doc.path("summary").path("total").asLong()).isEqualTo(scan.findings().size() - suppressed);
        for (JsonNode f : doc.path("findings")) {
            Finding original = scan.findings().stream().filter(o -> o.id().equals(f.path("id").asText())).findFirst().orElseThrow();
            assertThat(f.path("suppressed").asBoolean()).isEqualTo(original.suppressed());
            assertThat(f.path("package").path("purl").asText()).isEqualTo(original.pkg().purl());
            if (original.vex() != null) {
                assertThat(f.path("vex").path("status").asText()).isEqualTo(original.vex().statement().status().id());
                assertThat(f.path("vex").path("document").asText()).isEqualTo(original.vex().statement().document());
                assertThat(f.path("vex").path("matchedOn").asText()).isEqualTo(original.vex().matchedOn());
            } else {
                assertThat(f.path("vex").isNull()).isTrue();
            }
        }
        JsonNode kev = doc.path("findings").findParents("kev").stream().filter(n -> !n.path("kev").isNull()).findFirst().orElseThrow();
        assertThat(kev.path("kev").path("dueDate").asText()).isEqualTo("2025-05-22");
        assertThat(kev.path("epss").path("percentile").asDouble()).isEqualTo(0.99);
    }

    @Test
    void summaryCountsBySeverityMatchTheFindings() throws Exception {
        ScanResult scan = SampleScans.mixed();
        JsonNode summary = write(new JsonFormat(), Report.of(scan, ReportOptions.DEFAULT)).path("summary");
        for (var level : dev.warden.core.finding.SeverityLevel.values()) {
            long expected = scan.findings().stream().filter(f -> !f.suppressed() && Severities.level(f) == level).count();
            assertThat(summary.path("bySeverity").path(level.id()).asLong()).as(level.id()).isEqualTo(expected);
        }
        assertThat(summary.path("fixable").asLong()).isEqualTo(scan.findings().stream().filter(f -> !f.suppressed() && f.fixable()).count());
    }
}
