package dev.warden.match.vex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.vex.VexStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.junit.jupiter.api.Test;

/**
 * The mapping covers exactly the states and justifications the CycloneDX 1.6 schema defines (read from the
 * schema cyclonedx-core-java ships, and from its model enums), and writing then reading gives back the same
 * OpenVEX value.
 */
class CycloneDxVexMappingTest {

    private static JsonNode schemaDefinitions() throws IOException {
        try (InputStream in = Vulnerability.class.getClassLoader().getResourceAsStream("bom-1.6.schema.json")) {
            assertThat(in).as("bom-1.6.schema.json in cyclonedx-core-java").isNotNull();
            return new ObjectMapper().readTree(in).get("definitions");
        }
    }

    private static List<String> enumOf(JsonNode definitions, String name) {
        List<String> out = new ArrayList<>();
        definitions.get(name).get("enum").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void everySchemaStateIsMapped() throws IOException {
        List<String> states = enumOf(schemaDefinitions(), "impactAnalysisState");
        assertThat(states).containsExactlyInAnyOrder("resolved", "resolved_with_pedigree", "exploitable", "in_triage",
                "false_positive", "not_affected");
        assertThat(CycloneDxVexMapping.STATES.keySet()).containsExactlyInAnyOrderElementsOf(states);
        for (Vulnerability.Analysis.State state : Vulnerability.Analysis.State.values()) {
            assertThat(CycloneDxVexMapping.status(state.getStateName())).as(state.getStateName()).isPresent();
        }
    }

    @Test
    void everySchemaJustificationIsMapped() throws IOException {
        List<String> justifications = enumOf(schemaDefinitions(), "impactAnalysisJustification");
        assertThat(justifications).hasSize(9);
        assertThat(CycloneDxVexMapping.JUSTIFICATIONS.keySet()).containsExactlyInAnyOrderElementsOf(justifications);
        for (Vulnerability.Analysis.Justification j : Vulnerability.Analysis.Justification.values()) {
            assertThat(CycloneDxVexMapping.justification(j.getJustificationName())).as(j.getJustificationName())
                    .hasValueSatisfying(v -> assertThat(OpenVexJustification.isValid(v)).isTrue());
        }
    }

    @Test
    void theTables() {
        assertThat(CycloneDxVexMapping.status("resolved")).contains(VexStatus.FIXED);
        assertThat(CycloneDxVexMapping.status("resolved_with_pedigree")).contains(VexStatus.FIXED);
        assertThat(CycloneDxVexMapping.status("exploitable")).contains(VexStatus.AFFECTED);
        assertThat(CycloneDxVexMapping.status("in_triage")).contains(VexStatus.UNDER_INVESTIGATION);
        assertThat(CycloneDxVexMapping.status("false_positive")).contains(VexStatus.NOT_AFFECTED);
        assertThat(CycloneDxVexMapping.status("not_affected")).contains(VexStatus.NOT_AFFECTED);
        assertThat(CycloneDxVexMapping.status("bogus")).isEmpty();
        assertThat(CycloneDxVexMapping.justification("code_not_present")).contains("vulnerable_code_not_present");
        assertThat(CycloneDxVexMapping.justification("code_not_reachable")).contains("vulnerable_code_not_in_execute_path");
        assertThat(CycloneDxVexMapping.justification("requires_configuration")).contains("vulnerable_code_cannot_be_controlled_by_adversary");
        assertThat(CycloneDxVexMapping.justification("requires_dependency")).contains("component_not_present");
        assertThat(CycloneDxVexMapping.justification("requires_environment")).contains("vulnerable_code_cannot_be_controlled_by_adversary");
        assertThat(CycloneDxVexMapping.justification("protected_by_compiler")).contains("inline_mitigations_already_exist");
        assertThat(CycloneDxVexMapping.justification("protected_at_runtime")).contains("inline_mitigations_already_exist");
        assertThat(CycloneDxVexMapping.justification("protected_at_perimeter")).contains("inline_mitigations_already_exist");
        assertThat(CycloneDxVexMapping.justification("protected_by_mitigating_control")).contains("inline_mitigations_already_exist");
    }

    @Test
    void writingThenReadingGivesTheSameOpenVexValue() throws IOException {
        List<String> schemaStates = enumOf(schemaDefinitions(), "impactAnalysisState");
        List<String> schemaJustifications = enumOf(schemaDefinitions(), "impactAnalysisJustification");
        for (VexStatus status : VexStatus.vexStatuses()) {
            String state = CycloneDxVexMapping.state(status);
            assertThat(schemaStates).contains(state);
            assertThat(CycloneDxVexMapping.status(state)).contains(status);
        }
        // an ignore file's accepted risk is written as CycloneDX says it (exploitable, will not fix), read back as affected
        assertThat(schemaStates).contains(CycloneDxVexMapping.state(VexStatus.IGNORED));
        for (String j : OpenVexJustification.ALL) {
            String cdx = CycloneDxVexMapping.cycloneDxJustification(j).orElseThrow();
            assertThat(schemaJustifications).contains(cdx);
            assertThat(CycloneDxVexMapping.justification(cdx)).contains(j);
        }
        assertThat(CycloneDxVexMapping.cycloneDxJustification(null)).isEmpty();
    }
}
