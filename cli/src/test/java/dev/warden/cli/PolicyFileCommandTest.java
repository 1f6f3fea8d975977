package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden policy --policy FILE} on the debootstrap test image (user nobody, no base annotations), offline:
 * the shipped example file, the Markdown format, a custom rule that gates, and bad files refused with exit 2
 * before any scan.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class PolicyFileCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "docs", "examples", "policy.yaml").toAbsolutePath().normalize();

    @TempDir
    static Path shared;

    private static Run warden(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--home";
        all[1] = shared.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 2] = "--offline";
        all[all.length - 1] = "--quiet";
        return new InProcessWarden(shared.resolve("cache")).run(all);
    }

    private static String image() {
        return "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
    }

    @Test
    void theExamplePolicyFileJudgesEveryType() throws Exception {
        Run run = warden("policy", image(), "--policy", EXAMPLE.toString(), "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode verdict = JSON.readTree(run.out());
        JsonNode results = verdict.path("results");
        assertThat(results).hasSize(12);
        int earned = 0;
        int maximum = 0;
        for (JsonNode r : results) {
            maximum += r.path("weight").asInt();
            if (r.path("status").asText().equals("COMPLIANT")) earned += r.path("weight").asInt();
        }
        assertThat(status(results, "no-root-with-criticals")).as("user " + TestImages.USER).isEqualTo("COMPLIANT");
        assertThat(status(results, "default-non-root")).isEqualTo("COMPLIANT");
        // the file has a secrets policy, so the image's files are scanned: the debootstrap image holds none
        assertThat(status(results, "no-secrets")).isEqualTo("COMPLIANT");
        assertThat(verdict.path("score").path("maximum").asInt()).isEqualTo(maximum).isEqualTo(115);
        assertThat(verdict.path("score").path("points").asInt()).isEqualTo(earned);

        Run md = warden("policy", image(), "--policy", EXAMPLE.toString(), "--format", "markdown");
        assertThat(md.exit()).as(md.err()).isZero();
        assertThat(md.out()).startsWith("## Warden policies for `" + image() + "`: grade ")
                .contains("| Policy | Result | Points |", "| No root with criticals | compliant | 5/5 |",
                        "| No secrets | compliant | 0/0 |");
    }

    @Test
    void aFalseCustomRuleViolatesListsTheOffenderAndGates() throws Exception {
        Path file = shared.resolve("gate.yaml");
        Files.writeString(file, """
                version: 1
                policies:
                  - type: custom
                    name: Runs as app
                    weight: 5
                    rule: 'image.user == "app"'
                  - type: custom
                    name: No bash
                    rule: 'packages.all(p, p.name != "bash")'
                """);
        Run table = warden("policy", image(), "--policy", file.toString(), "--exit-code", "--allow-sample-db");
        assertThat(table.exit()).as(table.err()).isEqualTo(1);
        assertThat(table.out()).contains("violated   Runs as app", "- rule: is false: image.user == \"app\"",
                "violated   No bash", "- bash@", "score: 0/5 points = 0%, grade F");

        Run quick = warden("quickview", image(), "--policy", file.toString());
        assertThat(quick.exit()).as(quick.err()).isZero();
        assertThat(quick.out()).contains("grade       F (0%, 0/5 points)", "policies    0 compliant, 2 violated, 0 no data",
                "next        warden policy " + image() + " --policy " + file + "  (see what violates: [Runs as app, No bash])");

        Run md = warden("policy", image(), "--policy", file.toString(), "--format", "markdown");
        assertThat(md.exit()).isZero();
        assertThat(md.out()).contains("| Runs as app | **violated** (1) | 0/5 |", "### No bash: violated", "- bash@");
    }

    @Test
    void badPolicyFilesExitTwoWithOneLine() throws Exception {
        Path unknownKey = shared.resolve("unknown.yaml");
        Files.writeString(unknownKey, "version: 1\npolicies:\n  - type: licenses\n    denyy: [GPL-3.0-only]\n");
        Run run = warden("policy", image(), "--policy", unknownKey.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(ownLines(run.err())).isEqualTo("warden: policy file " + unknownKey
                + ": policies[0]: unknown key 'denyy' (known: allow_purls, deny, id, name, weight)");

        Path badCel = shared.resolve("cel.yaml");
        Files.writeString(badCel, "version: 1\npolicies:\n  - type: custom\n    name: Typo\n    rule: 'findings.exists(f, f.cvss > 9)'\n");
        Run cel = warden("policy", image(), "--policy", badCel.toString());
        assertThat(cel.exit()).isEqualTo(2);
        assertThat(ownLines(cel.err())).isEqualTo("warden: policy file " + badCel
                + ": custom rule 'Typo': line 1 column 21: undefined field 'cvss'");

        Run missing = warden("policy", image(), "--policy", shared.resolve("absent.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("not found");

        Run format = warden("policy", image(), "--format", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format must be table, json or markdown");
    }

    /**
     * Warden's stderr without the JVM's own "WARNING:" lines (JDK 24+ warns once per JVM when protobuf, under CEL,
     * touches sun.misc.Unsafe; the launcher allows it, a test JVM may not).
     */
    private static String ownLines(String err) {
        return String.join("\n", err.lines().filter(l -> !l.startsWith("WARNING: ")).toList()).strip();
    }

    private static String status(JsonNode results, String id) {
        for (JsonNode r : results) {
            if (r.path("policyId").asText().equals(id)) return r.path("status").asText();
        }
        throw new AssertionError("no policy " + id + " in " + results);
    }
}
