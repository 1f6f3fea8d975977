package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden compare} on the debootstrap image and a copy whose dpkg status was changed by umoci (tar upgraded to
 * the version that fixes a medium advisory, zlib1g removed, a package with a high advisory added), offline against a
 * private database holding the shipped snapshot and those two advisories.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class CompareCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static Path home;
    private static String before;
    private static String after;

    @BeforeAll
    static void images() throws Exception {
        DpkgVariants variants = DpkgVariants.build(Files.createDirectories(shared.resolve("images")));
        before = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        after = "oci-dir://" + variants.layout() + ":" + DpkgVariants.MODIFIED;
        home = shared.resolve("home");
        Path tracker = shared.resolve("tracker.json");
        Files.writeString(tracker, JSON.writeValueAsString(variants.tracker(JSON)));
        Run imported = new InProcessWarden(shared.resolve("cache")).run("--home", home.toString(), "db", "import", "--offline",
                "--format", "debian-tracker", tracker.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
    }

    private static Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        if (!args[0].equals("sbom")) {
            all.add("--offline");
        }
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    private static JsonNode compareJson(String a, String b) throws Exception {
        Run run = warden("compare", a, b, "--format", "json", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void packagesAndVulnerabilitiesChangedByTheNewLayer() throws Exception {
        JsonNode c = compareJson(before, after);
        assertThat(c.path("packages").findValuesAsText("package")).containsExactly(
                "deb/debian/tar", "deb/debian/" + DpkgVariants.ADDED_PACKAGE, "deb/debian/" + DpkgVariants.REMOVED_PACKAGE)
                .hasSize(c.path("packages").size());
        for (JsonNode p : c.path("packages")) {
            String expected = switch (p.path("package").asText()) {
                case "deb/debian/tar" -> "changed";
                case "deb/debian/" + DpkgVariants.ADDED_PACKAGE -> "added";
                default -> "removed";
            };
            assertThat(p.path("change").asText()).isEqualTo(expected);
        }
        assertThat(c.path("added").findValuesAsText("id")).contains(DpkgVariants.ADDED_CVE).doesNotContain(DpkgVariants.TAR_CVE);
        assertThat(c.path("removed").findValuesAsText("id")).contains(DpkgVariants.TAR_CVE).doesNotContain(DpkgVariants.ADDED_CVE);
        assertThat(c.path("before").path("packages").asInt()).isEqualTo(c.path("after").path("packages").asInt());

        assertThat(c.path("after").path("counts").path("high").asInt()).isEqualTo(c.path("before").path("counts").path("high").asInt() + 1);
        // every finding added or removed is exactly the difference of the two scans' finding lists
        assertThat(c.path("added").size() - c.path("removed").size())
                .isEqualTo(c.path("after").path("total").asInt() - c.path("before").path("total").asInt());
    }

    @Test
    void exitCodeWhenBIsWorse() {
        Run worse = warden("compare", before, after, "--exit-code", "--quiet");
        assertThat(worse.exit()).as(worse.err()).isEqualTo(1);
        assertThat(worse.out()).contains("Packages: 1 added, 1 removed, 1 changed", DpkgVariants.ADDED_CVE);
        Run better = warden("compare", after, before, "--exit-code", "--quiet");
        assertThat(better.exit()).as(better.err()).isZero();
        Run critical = warden("compare", before, after, "--exit-code", "--fail-on", "critical", "--quiet");
        assertThat(critical.exit()).as("one more high, no more critical").isZero();
        Run bad = warden("compare", before, after, "--fail-on", "severe");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown severity 'severe'");
    }

    /** latest (user nobody) and base (its first layer alone: root): the same packages, the non-root policy differs. */
    @Test
    void policyStatusAndGradeChanges() throws Exception {
        String root = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.BASE_TAG;
        JsonNode c = compareJson(before, root);
        assertThat(c.path("added")).isEmpty();
        JsonNode policies = c.path("policies");
        assertThat(policies.path("changes")).as(policies.toPrettyString()).hasSize(1);
        JsonNode change = policies.path("changes").get(0);
        assertThat(change.path("name").asText()).isEqualTo("Default non-root user");
        assertThat(change.path("before").asText() + " -> " + change.path("after").asText()).isEqualTo("compliant -> violated");
        // each side's score is the one warden policy gives that image
        for (String side : List.of("before", "after")) {
            Run policy = warden("policy", side.equals("before") ? before : root, "--format", "json", "--quiet");
            assertThat(policy.exit()).as(policy.err()).isZero();
            JsonNode score = JSON.readTree(policy.out()).path("score");
            assertThat(policies.path(side + "Score").path("grade").asText()).isEqualTo(score.path("grade").asText());
            assertThat(policies.path(side + "Score").path("percent").asInt()).isEqualTo(score.path("percent").asInt());
        }

        // no finding changed, yet B is worse: a policy went from compliant to violated
        Run gate = warden("compare", before, root, "--exit-code", "--fail-on", "critical");
        assertThat(gate.exit()).as(gate.err()).isEqualTo(1);
        assertThat(gate.out()).contains("Score: ", "Policies changed: 1").containsPattern("Default non-root user +compliant +violated");
        assertThat(gate.err()).contains(": B is worse").containsPattern("grade [A-F] -> [A-F]");
        Run back = warden("compare", root, before, "--exit-code", "--fail-on", "critical", "--quiet");
        assertThat(back.exit()).as(back.out()).isZero();
        Run md = warden("compare", before, root, "--format", "markdown", "--quiet");
        assertThat(md.out()).contains("### Policies: score ", "| Default non-root user | compliant | violated |");
    }

    /** The repository's policy file judges both sides: a custom rule that B breaks is the only policy change. */
    @Test
    void policyFileJudgesBothSides(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("policy.yaml");
        Files.writeString(file, """
                version: 1
                policies:
                  - type: custom
                    name: No %s
                    weight: 10
                    rule: 'packages.all(p, p.name != "%s")'
                """.formatted(DpkgVariants.ADDED_PACKAGE, DpkgVariants.ADDED_PACKAGE));
        Run run = warden("compare", before, after, "--policy", file.toString(), "--format", "json", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode policies = JSON.readTree(run.out()).path("policies");
        assertThat(policies.path("changes")).as(policies.toPrettyString()).hasSize(1);
        assertThat(policies.path("changes").get(0).path("name").asText()).isEqualTo("No " + DpkgVariants.ADDED_PACKAGE);
        assertThat(policies.path("beforeScore").path("percent").asInt()).isEqualTo(100);
        assertThat(policies.path("afterScore").path("percent").asInt()).isZero();

        Files.writeString(tmp.resolve("bad.yaml"), "version: 1\npolicies:\n  - type: nonsense\n");
        Run bad = warden("compare", before, after, "--policy", tmp.resolve("bad.yaml").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("bad.yaml").doesNotContain("Exception");
    }

    @Test
    void markdownForAPullRequest() {
        Run md = warden("compare", before, after, "--format", "markdown", "--quiet");
        assertThat(md.exit()).as(md.err()).isZero();
        assertThat(md.out()).startsWith("## Warden comparison").contains("### Vulnerabilities added: 1",
                "| added | deb/debian/" + DpkgVariants.ADDED_PACKAGE + " | - | 1.0-1 |", "[" + DpkgVariants.ADDED_CVE + "](");
    }

    @Test
    void anSbomOfTheSameImageComparesEqual(@TempDir Path tmp) throws Exception {
        Path sbom = tmp.resolve("after.cdx.json");
        Run made = warden("sbom", after, "--format", "cyclonedx-json", "-o", sbom.toString(), "--quiet");
        assertThat(made.exit()).as(made.err()).isZero();
        JsonNode c = compareJson(after, "sbom://" + sbom);
        assertThat(c.path("packages")).as(c.toPrettyString()).isEmpty();
        assertThat(c.path("added")).isEmpty();
        assertThat(c.path("removed")).isEmpty();
        JsonNode vsBefore = compareJson(before, "sbom://" + sbom);
        assertThat(vsBefore.path("added").findValuesAsText("id")).contains(DpkgVariants.ADDED_CVE);
    }
}
