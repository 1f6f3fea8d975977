package dev.warden.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "build" cases of the purl specification's own tests for the OS package types. */
class PurlsSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"deb", "rpm", "apk"})
    void buildsWhatTheSpecificationExpects(String type) throws Exception {
        JsonNode tests;
        try (InputStream in = getClass().getResourceAsStream("/purl-spec/" + type + "-test.json")) {
            tests = new ObjectMapper().readTree(in).get("tests");
        }
        int checked = 0;
        for (JsonNode test : tests) {
            if (!test.get("test_type").asText().equals("build") || test.get("expected_failure").asBoolean()) {
                continue;
            }
            JsonNode input = test.get("input");
            Map<String, String> qualifiers = new LinkedHashMap<>();
            if (input.hasNonNull("qualifiers")) {
                input.get("qualifiers").fields().forEachRemaining(e -> qualifiers.put(e.getKey(), e.getValue().asText()));
            }
            String purl = Purls.of(input.get("type").asText(), text(input, "namespace"), text(input, "name"), text(input, "version"), qualifiers);
            assertThat(purl).as(test.get("description").asText()).isEqualTo(test.get("expected_output").asText());
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deb", "rpm", "apk"})
    void canonicalFormsSurviveARoundTrip(String type) throws Exception {
        JsonNode tests;
        try (InputStream in = getClass().getResourceAsStream("/purl-spec/" + type + "-test.json")) {
            tests = new ObjectMapper().readTree(in).get("tests");
        }
        for (JsonNode test : tests) {
            if (test.get("test_type").asText().equals("validate") && !test.get("expected_failure").asBoolean()) {
                var parsed = new com.github.packageurl.PackageURL(test.get("input").asText());
                Map<String, String> qualifiers = parsed.getQualifiers() == null ? Map.of() : parsed.getQualifiers();
                assertThat(Purls.of(parsed.getType(), parsed.getNamespace(), parsed.getName(), parsed.getVersion(), qualifiers))
                        .as(test.get("description").asText()).isEqualTo(test.get("expected_output").asText());
            }
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

}
