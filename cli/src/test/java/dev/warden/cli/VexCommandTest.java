package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import dev.warden.match.vex.VexDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden vex create|merge|list} in-process, offline. The list case: the CycloneDX example SBOM
 * (jackson-databind 2.10.0), the real GHSA advisory for CVE-2020-36518 imported into a private database, a
 * statement made here by GHSA id (so it must match through the alias), and the example's own VEX, which is
 * about a vulnerability the database does not hold (so it matches nothing).
 */
class VexCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static String home;
    private static Path bom;
    private static Path exampleVex;

    @BeforeAll
    static void database() throws IOException {
        home = shared.resolve("home").toString();
        bom = copy("vex/bom.json", shared);
        exampleVex = copy("vex/vex.json", shared);
        Run imported = new InProcessWarden(shared.resolve("cache")).run("--home", home, "db", "import", "--offline",
                copy("vex/GHSA-57j2-w4cx-62h2.json", shared).toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
    }

    private static Path copy(String resource, Path dir) throws IOException {
        try (InputStream in = VexCommandTest.class.getClassLoader().getResourceAsStream(resource)) {
            Path target = dir.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, target);
            return target;
        }
    }

    private Run warden(String... args) {
        return new InProcessWarden(tmp.resolve("cache")).run(args);
    }

    @Test
    void createWritesValidOpenVexThatReadsBack() {
        Path out = tmp.resolve("created.json");
        Run run = warden("vex", "create", "--product", "pkg:golang/github.com/testdata/testdata",
                "--subcomponent", "pkg:golang/github.com/open-policy-agent/opa@v0.35.0", "--vuln", "CVE-2022-23628",
                "--status", "not_affected", "--justification", "vulnerable_code_not_in_execute_path",
                "--impact", "The vulnerable code isn't called", "--author", "Security Team", "-o", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        VexStatement s = VexDocuments.load(List.of(out)).get(0);
        assertThat(s.vulnerability()).isEqualTo("CVE-2022-23628");
        assertThat(s.status()).isEqualTo(VexStatus.NOT_AFFECTED);
        assertThat(s.products()).containsExactly("pkg:golang/github.com/testdata/testdata");
        assertThat(s.subcomponents()).containsExactly("pkg:golang/github.com/open-policy-agent/opa@v0.35.0");
        assertThat(s.justification()).isEqualTo("vulnerable_code_not_in_execute_path");
        assertThat(s.impactStatement()).isEqualTo("The vulnerable code isn't called");
        assertThat(s.timestamp()).isNotNull();
    }

    @Test
    void createRefusesWhatTheSpecForbids() {
        record Case(List<String> args, String message) {}
        for (Case c : List.of(
                new Case(List.of("--status", "not_affected"), "not_affected needs a justification or an impact statement"),
                new Case(List.of("--status", "affected"), "affected needs an action statement"),
                new Case(List.of("--status", "fixed", "--justification", "component_not_present"), "only for not_affected"),
                new Case(List.of("--status", "not_affected", "--justification", "code_not_reachable"), "unknown justification"),
                new Case(List.of("--status", "pwned"), "--status 'pwned'"),
                new Case(List.of("--status", "fixed", "-o", "a.json", "--append", "b.json"), "mutually exclusive"))) {
            List<String> args = new java.util.ArrayList<>(List.of("vex", "create", "--product", "pkg:npm/lodash", "--vuln", "CVE-2021-23337"));
            args.addAll(c.args());
            Run run = warden(args.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", c.args())).isEqualTo(2);
            assertThat(run.err()).contains(c.message()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void appendBumpsTheVersionAndTheLaterStatementWins() throws IOException {
        Path doc = tmp.resolve("team.vex.json");
        assertThat(warden("vex", "create", "--product", "pkg:npm/lodash", "--vuln", "CVE-2021-23337",
                "--status", "under_investigation", "--append", doc.toString()).exit()).isZero();
        Run second = warden("vex", "create", "--product", "pkg:npm/lodash", "--vuln", "CVE-2021-23337",
                "--status", "affected", "--action", "upgrade to 4.17.21", "--append", doc.toString());
        assertThat(second.exit()).as(second.err()).isZero();
        JsonNode json = JSON.readTree(doc.toFile());
        assertThat(json.get("version").asInt()).isEqualTo(2);
        assertThat(json.get("statements")).hasSize(2);

        Path merged = tmp.resolve("merged.json");
        Run merge = warden("vex", "merge", doc.toString(), "-o", merged.toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        assertThat(merge.err()).contains("2 statements read, 1 written");
        assertThat(VexDocuments.load(List.of(merged))).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(VexStatus.AFFECTED);
            assertThat(s.actionStatement()).isEqualTo("upgrade to 4.17.21");
        });
    }

    @Test
    void mergeTakesCycloneDxAndWritesOpenVex() throws IOException {
        Run merge = warden("vex", "merge", exampleVex.toString());
        assertThat(merge.exit()).as(merge.err()).isZero();
        JsonNode doc = JSON.readTree(merge.out());
        assertThat(doc.get("@context").asText()).isEqualTo("https://openvex.dev/ns/v0.2.0");
        JsonNode s = doc.get("statements").get(0);
        assertThat(s.get("vulnerability").get("name").asText()).isEqualTo("CVE-2020-25649");
        assertThat(s.get("justification").asText()).isEqualTo("vulnerable_code_not_in_execute_path");
        assertThat(s.get("products").get(0).get("@id").asText())
                .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
    }

    @Test
    void listTellsWhatAppliesWhatIsOverriddenAndWhatMatchesNothing() throws IOException {
        Path older = tmp.resolve("older.json");
        Path newer = tmp.resolve("newer.json");
        // by GHSA id, product without version and without the SBOM's ?type=jar
        assertThat(warden("vex", "create", "--product", "pkg:maven/com.fasterxml.jackson.core/jackson-databind",
                "--vuln", "GHSA-57j2-w4cx-62h2", "--status", "under_investigation", "-o", older.toString()).exit()).isZero();
        assertThat(warden("vex", "create", "--product", "pkg:maven/com.fasterxml.jackson.core/jackson-databind",
                "--vuln", "GHSA-57j2-w4cx-62h2", "--status", "not_affected", "--justification",
                "vulnerable_code_not_in_execute_path", "-o", newer.toString()).exit()).isZero();
        Run list = warden("--home", home, "vex", "list", "sbom://" + bom, "--offline", "--format", "json",
                "--vex", older.toString(), "--vex", newer.toString(), "--vex", exampleVex.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        JsonNode uses = JSON.readTree(list.out());
        assertThat(uses).hasSize(3);
        assertThat(uses.get(0).get("use").asText()).isEqualTo("applies");
        assertThat(uses.get(0).get("status").asText()).isEqualTo("not_affected");
        assertThat(uses.get(0).get("findings")).singleElement().satisfies(f -> {
            assertThat(f.get("id").asText()).isEqualTo("CVE-2020-36518");
            assertThat(f.get("purl").asText()).isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
        });
        assertThat(uses.get(1).get("use").asText()).isEqualTo("overridden");
        assertThat(uses.get(1).get("status").asText()).isEqualTo("under_investigation");
        assertThat(uses.get(2).get("use").asText()).isEqualTo("matches nothing");
        assertThat(uses.get(2).get("vulnerability").asText()).isEqualTo("CVE-2020-25649");
        assertThat(list.err()).contains("1 statements apply (1 findings suppressed), 1 overridden, 1 match nothing");

        Run table = warden("--home", home, "vex", "list", "sbom://" + bom, "--offline", "--vex", newer.toString());
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("USE").contains("applies").contains("GHSA-57j2-w4cx-62h2").contains("1: jackson-databind 2.10.0");
    }

    @Test
    void listWithoutStatementsIsBadUsage() {
        Run run = warden("--home", home, "vex", "list", "sbom://" + bom, "--offline");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no VEX statements");
    }

    @Test
    void analysisInsideAnSbomSourceApplies() throws IOException {
        // the example SBOM with its own CycloneDX analysis for jackson-databind (by bom-ref)
        com.fasterxml.jackson.databind.node.ObjectNode sbom = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(bom.toFile());
        String ref = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar";
        sbom.putArray("vulnerabilities").addObject()
                .put("id", "CVE-2020-36518")
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("analysis", JSON.createObjectNode()
                        .put("state", "not_affected").put("justification", "requires_configuration"))
                .putArray("affects").addObject().put("ref", ref);
        Path withAnalysis = tmp.resolve("bom-with-analysis.json");
        JSON.writeValue(withAnalysis.toFile(), sbom);
        Path vex = tmp.resolve("empty-team.json");
        assertThat(warden("vex", "create", "--product", "pkg:npm/unrelated", "--vuln", "CVE-2000-0001", "--status", "fixed",
                "-o", vex.toString()).exit()).isZero();
        Run list = warden("--home", home, "vex", "list", "sbom://" + withAnalysis, "--offline", "--format", "json",
                "--vex", vex.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        JsonNode uses = JSON.readTree(list.out());
        assertThat(uses.get(0).get("use").asText()).isEqualTo("applies");
        assertThat(uses.get(0).get("document").asText()).endsWith("bom-with-analysis.json (urn:uuid:5f0f0da9-c03d-47d8-b38d-009e6df67094)");
        assertThat(uses.get(0).get("justification").asText()).isEqualTo("vulnerable_code_cannot_be_controlled_by_adversary");
        assertThat(uses.get(1).get("use").asText()).isEqualTo("matches nothing");
    }
}
