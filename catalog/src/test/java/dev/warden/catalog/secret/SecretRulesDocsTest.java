package dev.warden.catalog.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule ids users write (policy allow_rules) are the ones the scanner has, in the schema and in the docs. */
class SecretRulesDocsTest {
    private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();

    private static List<String> ruleIds() {
        return SecretRules.builtin().stream().map(SecretRule::id).toList();
    }

    @Test
    void thePolicySchemaAllowsExactlyTheBuiltinRuleIds() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(DOCS.resolve("schemas/policy.schema.json").toFile());
        List<String> allowed = new ArrayList<>();
        schema.path("$defs").path("secrets").path("properties").path("allow_rules").path("items").path("anyOf").path(0).path("enum")
                .forEach(n -> allowed.add(n.asText()));
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(ruleIds());
    }

    @Test
    void docsSecretsListsEveryRule() throws IOException {
        String docs = Files.readString(DOCS.resolve("secrets.md"));
        for (String id : ruleIds()) {
            assertThat(docs).as(id).contains("| `" + id + "` |");
        }
    }
}
