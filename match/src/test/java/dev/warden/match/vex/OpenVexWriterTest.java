package dev.warden.match.vex;

import static dev.warden.match.vex.VexFixtures.load;
import static dev.warden.match.vex.VexFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Written OpenVEX is valid against the spec's JSON schema, reads back to the same statements, and merges keep the latest. */
class OpenVexWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-28T22:00:00Z");
    private static final OpenVexWriter WRITER = new OpenVexWriter("Security Team <sec@example.com>", "warden test");

    private static Schema openVexSchema() throws IOException {
        try (InputStream in = Files.newInputStream(resource("schema/openvex_json_schema.json"))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static void assertValid(byte[] json) throws IOException {
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(openVexSchema().validate(node)).as("OpenVEX schema errors").isEmpty();
    }

    private static VexStatement statement(VexStatus status, String justification, String impact, String action) {
        return new VexStatement("CVE-2022-23628", List.of("GHSA-hcw3-j74m-qc58"),
                List.of("pkg:golang/github.com/testdata/testdata"), List.of("pkg:golang/github.com/open-policy-agent/opa@v0.35.0"),
                status, justification, impact, action, NOW, "cli");
    }

    @Test
    void roundTrip() throws IOException {
        VexStatement s = statement(VexStatus.NOT_AFFECTED, "vulnerable_code_not_in_execute_path", "not called", null);
        byte[] doc = WRITER.write(List.of(s), NOW);
        assertValid(doc);
        List<VexStatement> back = VexDocuments.parse(doc, "created.json", w -> {});
        assertThat(back).singleElement().usingRecursiveComparison().ignoringFields("document").isEqualTo(s);
        assertThat(new String(doc)).contains("\"@context\" : \"https://openvex.dev/ns/v0.2.0\"").contains("\"version\" : 1");
        // the validator is live: a statement with an invented status fails it
        String broken = new String(doc).replace("\"not_affected\"", "\"maybe\"");
        assertThat(openVexSchema().validate(new ObjectMapper().readTree(broken))).isNotEmpty();
        // the same content gives the same @id
        assertThat(WRITER.write(List.of(s), NOW)).isEqualTo(doc);
    }

    @Test
    void specRulesAreEnforced() {
        assertThatThrownBy(() -> WRITER.write(List.of(statement(VexStatus.NOT_AFFECTED, null, null, null)), NOW))
                .isInstanceOf(WardenException.class).hasMessageContaining("not_affected needs a justification or an impact statement");
        assertThatThrownBy(() -> WRITER.write(List.of(statement(VexStatus.AFFECTED, null, null, null)), NOW))
                .isInstanceOf(WardenException.class).hasMessageContaining("affected needs an action statement");
        assertThatThrownBy(() -> WRITER.write(List.of(statement(VexStatus.FIXED, "component_not_present", null, null)), NOW))
                .isInstanceOf(WardenException.class).hasMessageContaining("only for not_affected");
        assertThatThrownBy(() -> WRITER.write(List.of(statement(VexStatus.NOT_AFFECTED, "code_not_reachable", null, null)), NOW))
                .isInstanceOf(WardenException.class).hasMessageContaining("unknown justification 'code_not_reachable'");
        assertThat(OpenVexRules.problems(statement(VexStatus.NOT_AFFECTED, null, "not called", null))).isEmpty();
        assertThat(OpenVexRules.problems(statement(VexStatus.AFFECTED, null, null, "upgrade to 0.37.0"))).isEmpty();
        assertThat(OpenVexRules.problems(statement(VexStatus.UNDER_INVESTIGATION, null, null, null))).isEmpty();
    }

    @Test
    void appendKeepsTheDocumentAndBumpsItsVersion() throws IOException {
        byte[] original = Files.readAllBytes(resource("openvex/spec-example-01.json"));
        byte[] appended = WRITER.append(original, "spec-example-01.json",
                List.of(statement(VexStatus.AFFECTED, null, null, "upgrade")), NOW);
        assertValid(appended);
        JsonNode doc = new ObjectMapper().readTree(appended);
        assertThat(doc.get("version").asInt()).isEqualTo(2);
        assertThat(doc.get("author").asText()).isEqualTo("Wolfi J Inkinson");
        assertThat(doc.get("last_updated").asText()).isEqualTo("2026-11-28T22:00:00Z");
        assertThat(VexDocuments.parse(appended, "a", w -> {})).extracting(VexStatement::vulnerability)
                .containsExactly("CVE-2023-12345", "CVE-2022-23628");
        byte[] old = Files.readAllBytes(resource("openvex/vex-v0.0.1.json"));
        assertThatThrownBy(() -> WRITER.append(old, "vex-v0.0.1.json", List.of(), NOW))
                .isInstanceOf(WardenException.class).hasMessageContaining("needs an OpenVEX v0.2.0 document");
    }

    @Test
    void mergeKeepsTheLatestAndDropsDuplicates() throws IOException {
        // v001-1 says under_investigation, v001-2 (later) says fixed, for the same product and vulnerability
        List<VexStatement> merged = VexMerge.merge(load("openvex/vex-v001-2.vex.json", "openvex/vex-v001-1.vex.json"));
        assertThat(merged).singleElement().extracting(VexStatement::status).isEqualTo(VexStatus.FIXED);
        // grype's demo1 repeats the first statement of go-vex's v0.2.0 document word for word
        List<VexStatement> inputs = load("openvex/grype-openvex-demo1.json", "openvex/vex-v0.2.0.json");
        assertThat(inputs).hasSize(6);
        List<VexStatement> deduplicated = VexMerge.merge(inputs);
        assertThat(deduplicated).extracting(VexStatement::vulnerability)
                .containsExactly("CVE-2023-1255", "CVE-2023-2650", "CVE-2023-2975", "CVE-2023-3446", "CVE-2023-3817");
        byte[] doc = WRITER.write(deduplicated, NOW);
        assertValid(doc);
        assertThat(VexDocuments.parse(doc, "merged", w -> {})).usingRecursiveFieldByFieldElementComparatorIgnoringFields("document")
                .containsExactlyElementsOf(deduplicated);
    }

    @Test
    void mergeKeepsOnlyTheProductsAStatementStillDecides() {
        Instant early = Instant.parse("2024-01-01T00:00:00Z");
        VexStatement both = new VexStatement("CVE-1", List.of(), List.of("pkg:npm/a", "pkg:npm/b"), List.of(), VexStatus.UNDER_INVESTIGATION,
                null, null, null, early, "one");
        VexStatement onlyB = new VexStatement("CVE-1", List.of(), List.of("pkg:npm/b"), List.of(), VexStatus.NOT_AFFECTED,
                "component_not_present", null, null, early.plusSeconds(1), "two");
        List<VexStatement> merged = VexMerge.merge(List.of(onlyB, both));
        assertThat(merged).extracting(VexStatement::products).containsExactly(List.of("pkg:npm/b"), List.of("pkg:npm/a"));
    }

    @Test
    void cycloneDxAndCsafMergeIntoValidOpenVex() throws IOException {
        // CycloneDX says exploitable without a response (CISA case 3) and in_triage; CSAF gives no remediation
        List<VexStatement> merged = VexMerge.merge(load("cyclonedx/cisa-case-3-vex.json", "csaf/go-vex-csaf-csaf.json",
                "cyclonedx/vex.json", "csaf/grype-csaf-demo2.json"));
        byte[] doc = WRITER.write(merged, NOW);
        assertValid(doc);
        List<VexStatement> back = VexDocuments.parse(doc, "merged", w -> {});
        assertThat(back).hasSize(merged.size());
        VexStatement resolved = back.stream().filter(st -> st.vulnerability().equals("CVE-2020-11901")).findFirst().orElseThrow();
        assertThat(resolved.status()).isEqualTo(VexStatus.FIXED);
        VexStatement noReason = VexMerge.forOpenVex(new VexStatement("CVE-1", List.of(), List.of("pkg:npm/a"), List.of(),
                VexStatus.NOT_AFFECTED, null, null, null, null, "bom.json"));
        assertThat(noReason.impactStatement()).isEqualTo("not_affected according to bom.json, which gives no justification");
        assertThat(OpenVexRules.problems(noReason)).isEmpty();
    }
}
