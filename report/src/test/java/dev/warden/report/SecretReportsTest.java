package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.Sbom;
import dev.warden.core.Secret;
import dev.warden.core.SecretScan;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets in the JSON (schema-valid), SARIF (a result per secret at its line) and table reports. */
class SecretReportsTest {
    private static final Secret KEY = new Secret("private-key", "AsymmetricPrivateKey", SeverityLevel.HIGH, "Private key",
            "/home/app/.ssh/id_rsa", SampleScans.LAYER, 2, "MIIC*****");

    private static ScanResult with(SecretScan secrets) {
        ScanResult scan = SampleScans.mixed();
        Sbom s = scan.sbom();
        return new ScanResult(new Sbom(s.image(), s.distro(), s.packages(), s.warnings(), secrets), scan.findings(), scan.database(),
                scan.scannedAt(), scan.warnings());
    }

    @Test
    void jsonListsSecretsOnlyWhenScanned() throws Exception {
        JsonNode doc = JsonFormatTest.write(new JsonFormat(), Report.of(with(new SecretScan(true, List.of(KEY))), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.scanResult(), doc, "warden-scan/1 with secrets");
        assertThat(doc.path("secrets")).hasSize(1);
        JsonNode secret = doc.path("secrets").get(0);
        assertThat(secret.path("ruleId").asText()).isEqualTo("private-key");
        assertThat(secret.path("line").asInt()).isEqualTo(2);
        assertThat(secret.path("layerDiffId").asText()).isEqualTo(SampleScans.LAYER);
        assertThat(secret.path("match").asText()).isEqualTo("MIIC*****");
        assertThat(JsonFormatTest.write(new JsonFormat(), Report.of(with(new SecretScan(true, List.of())), ReportOptions.DEFAULT))
                .path("secrets").isArray()).isTrue();
        JsonNode notScanned = JsonFormatTest.write(new JsonFormat(), Report.of(with(SecretScan.NOT_SCANNED), ReportOptions.DEFAULT));
        assertThat(notScanned.path("secrets").isNull()).isTrue();
        SchemaCheck.assertValid(SchemaCheck.scanResult(), notScanned, "warden-scan/1 not scanned for secrets");
    }

    @Test
    void sarifHasASecretRuleAndAResultAtTheLine() throws Exception {
        JsonNode sarif = JsonFormatTest.write(new SarifFormat(), Report.of(with(new SecretScan(true, List.of(KEY))), ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.sarif(), sarif, "SARIF with secrets");
        JsonNode run = sarif.path("runs").get(0);
        JsonNode result = run.path("results").get(run.path("results").size() - 1);
        assertThat(result.path("ruleId").asText()).isEqualTo("secret/private-key");
        JsonNode rule = run.path("tool").path("driver").path("rules").get(result.path("ruleIndex").asInt());
        assertThat(rule.path("id").asText()).isEqualTo("secret/private-key");
        JsonNode location = result.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo("home/app/.ssh/id_rsa");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(2);
        assertThat(result.path("level").asText()).isEqualTo("error");
    }

    /** A secret a later layer deleted is said to be so in each format, and SARIF keeps it apart from the final file's. */
    @Test
    void aSecretRemovedByALaterLayerIsSaidInEveryFormat() throws Exception {
        Secret removed = new Secret(KEY.ruleId(), KEY.category(), KEY.severity(), KEY.title(), KEY.path(), "sha256:" + "cd".repeat(32),
                KEY.line(), KEY.match(), true);
        ScanResult scan = with(new SecretScan(true, List.of(KEY, removed)));
        JsonNode doc = JsonFormatTest.write(new JsonFormat(), Report.of(scan, ReportOptions.DEFAULT));
        SchemaCheck.assertValid(SchemaCheck.scanResult(), doc, "warden-scan/1 with a removed secret");
        assertThat(doc.path("secrets").get(0).has("removedLater")).isFalse();
        assertThat(doc.path("secrets").get(1).path("removedLater").asBoolean()).isTrue();

        JsonNode run = JsonFormatTest.write(new SarifFormat(), Report.of(scan, ReportOptions.DEFAULT)).path("runs").get(0);
        JsonNode results = run.path("results");
        JsonNode last = results.get(results.size() - 1);
        JsonNode before = results.get(results.size() - 2);
        assertThat(last.path("message").path("text").asText()).contains("Removed by a later layer, still in this one");
        assertThat(last.path("partialFingerprints").path("primaryLocationLineHash").asText())
                .isNotEqualTo(before.path("partialFingerprints").path("primaryLocationLineHash").asText());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TableFormat().write(Report.of(scan, ReportOptions.DEFAULT), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("/home/app/.ssh/id_rsa:2 \\(removed later\\) +cdcdcdcdcdcd");
    }

    @Test
    void tableHasASecretsSectionWhenScanned() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TableFormat().write(Report.of(with(new SecretScan(true, List.of(KEY))), ReportOptions.DEFAULT), out);
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("Secrets: 1").containsPattern("HIGH +private-key +/home/app/.ssh/id_rsa:2 +abababababab +MIIC\\*\\*\\*\\*\\*");
        out.reset();
        new TableFormat().write(Report.of(with(new SecretScan(true, List.of())), ReportOptions.DEFAULT), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("No secrets found.");
        out.reset();
        new TableFormat().write(Report.of(with(SecretScan.NOT_SCANNED), ReportOptions.DEFAULT), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("ecrets");
    }
}
