package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The policy file: the examples shipped in docs/examples are valid against docs/schemas/policy.schema.json and load;
 * invalid files are refused by the loader with one line naming the file and the problem, and by the schema too
 * (the two must agree), except for what only the loader can know (CEL, duplicate ids).
 */
class PolicyFileTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path dir;

    private static Schema schema() throws IOException {
        try (InputStream in = Files.newInputStream(REPO.resolve("docs/schemas/policy.schema.json"))) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(REPO.resolve("docs/examples"))) {
            List<Path> yaml = files.filter(f -> f.getFileName().toString().matches(".*polic.*\\.ya?ml")).sorted().toList();
            assertThat(yaml).as("policy examples in docs/examples").isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void docsExamplesAreValidAndLoad(Path example) throws IOException {
        JsonNode document = YAML.readTree(example.toFile());
        assertThat(schema().validate(document)).as(example + " schema errors").isEmpty();
        PolicySet set = PolicyFile.load(example);
        assertThat(set.policies()).hasSize(document.path("policies").size());
        new PolicyEngine(set); // compiles the custom rules
    }

    /** Every YAML snippet in docs/policies.md loads and its rules compile (snippets of policies get the file's head). */
    @Test
    void theYamlInThePolicyDocsLoads() throws IOException {
        String doc = Files.readString(REPO.resolve("docs/policies.md"));
        var blocks = java.util.regex.Pattern.compile("```yaml\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(doc);
        int count = 0;
        while (blocks.find()) {
            String yaml = blocks.group(1);
            if (!yaml.startsWith("version:")) yaml = "version: 1\npolicies:\n" + yaml;
            PolicySet set = PolicyFile.parse(yaml.getBytes(StandardCharsets.UTF_8), "docs/policies.md block " + ++count);
            assertThat(schema().validate(YAML.readTree(yaml))).as("block " + count).isEmpty();
            new PolicyEngine(set);
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theExampleSpellsOutEveryTypeAndItsParameters() {
        PolicySet set = PolicyFile.load(REPO.resolve("docs/examples/policy.yaml"));
        assertThat(set.policies()).extracting(p -> p.getClass().getSimpleName()).contains("Vulnerabilities", "HighProfile",
                "Attestations", "ApprovedBase", "UpToDateBase", "NonRoot", "Licenses", "Epss", "Secrets", "Custom");
        // the first seven are Scout's default set with its ids, names and weights
        assertThat(set.policies().subList(0, 7)).isEqualTo(PolicySet.defaults().policies().stream()
                .map(p -> p instanceof PolicySpec.Licenses l ? new PolicySpec.Licenses(null, null, null, null,
                        List.of("pkg:npm/some-internal-pkg@*")) : p).toList());
        var recent = (PolicySpec.Vulnerabilities) set.policies().get(7);
        assertThat(recent.minAgeDays()).isEqualTo(30);
        assertThat(recent.packageTypes()).containsExactly("deb");
        assertThat(recent.weight()).isEqualTo(20);
        var custom = (PolicySpec.Custom) set.policies().get(10);
        assertThat(custom.id()).isEqualTo("no-root-with-criticals");
        assertThat(custom.weight()).isEqualTo(5);
        assertThat(((PolicySpec.Custom) set.policies().get(11)).weight()).isZero();
    }

    static Stream<Arguments> invalidFiles() {
        String head = "version: 1\npolicies:\n";
        return Stream.of(
                Arguments.of(head + "  - type: licenses\n    denyy: [GPL-3.0-only]\n", "policies[0]: unknown key 'denyy' (known: allow_purls, deny, id, name, weight)", true),
                Arguments.of(head + "  - type: epss\n    max: 0.5\n    weight: 3\n    extra: 1\n", "unknown key 'extra'", true),
                Arguments.of(head + "  - type: nonroot\n", "unknown policy type 'nonroot' (one of vulnerabilities", true),
                Arguments.of(head + "  - name: untyped\n", "a policy needs 'type:'", true),
                Arguments.of(head + "  - type: vulnerabilities\n    severities: [critical, severe]\n", "unknown severity 'severe'", true),
                Arguments.of(head + "  - type: vulnerabilities\n    severities: critical\n", "policies[0].severities: expected a list, e.g. [a, b]", true),
                Arguments.of(head + "  - type: vulnerabilities\n    min_age_days: -3\n", "min_age_days must be 0 or more", true),
                Arguments.of(head + "  - type: vulnerabilities\n    min_age_days: \"30\"\n", "policies[0].min_age_days: expected a whole number", true),
                Arguments.of(head + "  - type: vulnerabilities\n    fixable_only:\n", "policies[0].fixable_only has no value", true),
                Arguments.of(head + "  - type: epss\n", "max is required", true),
                Arguments.of(head + "  - type: epss\n    max: 1.5\n", "max must be between 0 and 1", true),
                Arguments.of(head + "  - type: epss\n    max: high\n", "policies[0].max: expected a number", true),
                Arguments.of(head + "  - type: high_profile\n    kev: yes please\n", "policies[0].kev: expected true or false", true),
                Arguments.of("version: 1\npolicies:\n  - non_root\n", "policies[0]: a policy needs 'type:'", true),
                Arguments.of(head + "  - type: non_root\n    weight: 500\n", "weight must be between 0 and 100", true),
                Arguments.of(head + "  - type: attestations\n    trusted_keys: release.pub\n", "policies[0].trusted_keys: expected a list", true),
                Arguments.of(head + "  - type: attestations\n    trusted_keys: [\"\"]\n", "policies[0].trusted_keys[0] has no value", true),
                Arguments.of(head + "  - type: attestations\n    trusted_keys: [" + "k.pub, ".repeat(32) + "k.pub]\n", "trusted_keys: more than 32 keys", true),
                Arguments.of(head + "  - type: custom\n    rule: 'true'\n", "a custom policy needs a name", true),
                Arguments.of(head + "  - type: approved_base\n    patterns: []\n", "patterns must list at least one", true),
                Arguments.of(head + "  - type: non_root\n    id: Not An Id\n", "id 'Not An Id' must be lower-case", true),
                Arguments.of("version: 2\npolicies:\n  - type: non_root\n", "version 2 is not supported", true),
                Arguments.of("policies:\n  - type: non_root\n", "missing 'version: 1'", true),
                Arguments.of("version: 1\npolicies: []\n", "'policies' must list at least one policy", true),
                Arguments.of("version: 1\nrules: []\npolicies:\n  - type: non_root\n", "unknown key 'rules'", true),
                Arguments.of("version: 1\npolicies:\n  - type: non_root\n    type: secrets\n", "uplicate", false),
                Arguments.of("version: 1\npolicies: [\n", "while parsing a flow node; expected the node content, but found '<stream end>'", false),
                Arguments.of("", "the file is empty", true),
                Arguments.of(head + "  - type: non_root\n  - type: non_root\n", "two policies have the id 'default-non-root'", false));
    }

    @ParameterizedTest
    @MethodSource("invalidFiles")
    void invalidFilesAreRefusedWithOneLine(String yaml, String expected, boolean schemaCanTell) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PolicyFile.load(file))
                .isInstanceOf(WardenException.class)
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(2))
                .hasMessageStartingWith("policy file " + file + ": ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).as("one line").doesNotContain("\n"));
        if (schemaCanTell) {
            JsonNode document = yaml.isEmpty() ? YAML.nullNode() : YAML.readTree(yaml);
            assertThat(schema().validate(document)).as("the schema refuses it too").isNotEmpty();
        }
    }

    @Test
    void badCelRulesNameTheRuleAndCelsMessage() throws IOException {
        Path file = dir.resolve("cel.yaml");
        Files.writeString(file, "version: 1\npolicies:\n  - type: custom\n    name: Typo\n    rule: 'image.usr == \"app\"'\n");
        assertThatThrownBy(() -> new PolicyEngine(PolicyFile.load(file)))
                .isInstanceOf(WardenException.class)
                .hasMessage("policy file " + file + ": custom rule 'Typo': line 1 column 6: undefined field 'usr'");
        Files.writeString(file, "version: 1\npolicies:\n  - type: custom\n    name: Not boolean\n    rule: 'size(packages)'\n");
        assertThatThrownBy(() -> new PolicyEngine(PolicyFile.load(file)))
                .hasMessageContaining("custom rule 'Not boolean': line 1 column 5: expected type 'bool' but found 'int'");
        Files.writeString(file, "version: 1\npolicies:\n  - type: custom\n    name: Syntax\n    rule: 'findings.all(f, '\n");
        assertThatThrownBy(() -> new PolicyEngine(PolicyFile.load(file)))
                .hasMessageStartingWith("policy file " + file + ": custom rule 'Syntax': line 1 column 17: mismatched input '<EOF>'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void hostileYamlIsBounded() throws IOException {
        // billion laughs: aliases that would expand to millions of nodes
        var laughs = new StringBuilder("version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 12; i++) {
            laughs.append("b").append(i).append(": &b").append(i).append(" [");
            String prev = i == 0 ? "*a" : "*b" + (i - 1);
            laughs.append(String.join(", ", java.util.Collections.nCopies(10, prev))).append("]\n");
        }
        laughs.append("policies:\n  - type: non_root\n");
        Path file = dir.resolve("laughs.yaml");
        Files.writeString(file, laughs);
        assertThatThrownBy(() -> PolicyFile.load(file)).isInstanceOf(WardenException.class).hasMessageContaining("policy file");

        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[PolicyLimits.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> PolicyFile.load(big)).hasMessageContaining("larger than");
        assertThatThrownBy(() -> PolicyFile.load(dir.resolve("absent.yaml"))).hasMessageEndingWith("not found (or not a file)");
    }

    @Test
    void yamlAliasesAreRefusedWithOneLineInsteadOfChangingThePolicy() throws IOException {
        Path file = dir.resolve("alias.yaml");
        Files.writeString(file, """
                version: 1
                policies:
                  - type: vulnerabilities
                    severities: &sev [critical, high]
                  - type: vulnerabilities
                    name: Old ones
                    severities: *sev
                    min_age_days: 30
                """);
        assertThatThrownBy(() -> PolicyFile.load(file)).isInstanceOf(WardenException.class)
                .hasMessage("policy file " + file + ": line 7: YAML alias '*sev' is not supported in a policy file: write the value out");
    }
}
