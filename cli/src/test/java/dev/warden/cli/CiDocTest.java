package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.report.SchemaCheck;
import dev.warden.vulndb.Feed;
import dev.warden.vulndb.FeedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/ci.md's GitHub Actions workflow and GitLab CI job, run: every {@code ./warden} command of each YAML block, in
 * order, in a workspace laid out as the jobs expect (image at build/oci:app, .warden/vex, .warden/policy.yaml),
 * with WARDEN_HOME and IMAGE as the jobs set them. {@code db update} really runs, reading the debian-tracker feed
 * from a local file (feeds.json) instead of the network; the other feeds are disabled. The gate is
 * {@code warden policy ... --exit-code}: the job's image runs as a non-root user (as a Dockerfile's USER would make
 * it) and the added package's high advisory has a fix, so Scout's default "no fixable critical or high" policy fails
 * the image that has the package and passes the one without.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class CiDocTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);
    /** {@code run: ./warden ...} (GitHub) or {@code - ./warden ...} (GitLab script). */
    private static final Pattern WARDEN_LINE = Pattern.compile("^\\s*(?:run:|-)\\s+\\./warden\\s+(.*)$", Pattern.MULTILINE);
    private static final Pattern BUILD_LINE = Pattern.compile("^\\s*(?:run:|-)\\s+(\\./mvnw .*)$", Pattern.MULTILINE);

    @TempDir
    static Path shared;

    private static DpkgVariants variants;
    private static Path tracker;

    @BeforeAll
    static void images() throws Exception {
        variants = DpkgVariants.build(Files.createDirectories(shared.resolve("images")));
        tracker = shared.resolve("tracker.json");
        ObjectNode feed = variants.tracker(JSON);
        ((ObjectNode) feed.path(DpkgVariants.ADDED_PACKAGE).path(DpkgVariants.ADDED_CVE).path("releases").path("bookworm"))
                .put("status", "resolved").put("fixed_version", "1.0-2");
        Files.writeString(tracker, JSON.writeValueAsString(feed));
    }

    static List<String> yamlBlocks() throws Exception {
        String doc = Files.readString(SchemaCheck.repoRoot().resolve("docs/ci.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** A job's workspace: the image where the job expects it, the VEX directory, the policy file, WARDEN_HOME's feeds.json. */
    private static Path workspace(Path dir, String imageTag) throws Exception {
        Path ws = Files.createDirectories(dir);
        Path oci = Files.createDirectories(ws.resolve("build"));
        // the job's image: a copy of one variant under the name the jobs use
        variants.copy(imageTag, oci.resolve("oci"), "app");
        dev.warden.image.testing.TestImages.run(ws, "umoci", "config", "--image", oci.resolve("oci") + ":app", "--config.user", "nobody");
        Path vex = Files.createDirectories(ws.resolve(".warden/vex"));
        Files.writeString(vex.resolve("tar.openvex.json"), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.org/vex/ci-doc-test", "author": "ci test",
                 "timestamp": "2026-11-28T00:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "%s"}, "products": [{"@id": "pkg:deb/debian/tar"}],
                                 "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
                """.formatted(DpkgVariants.TAR_CVE));
        // the repository's policy file: the gate's policies, Scout's parameters
        Files.writeString(ws.resolve(".warden/policy.yaml"), """
                version: 1
                policies:
                  - type: vulnerabilities
                    severities: [critical, high]
                    fixable_only: true
                  - type: high_profile
                  - type: approved_base
                  - type: up_to_date_base
                  - type: non_root
                  - type: licenses
                """);
        Path db = Files.createDirectories(ws.resolve(".warden-home/db"));
        ObjectNode feeds = JSON.createObjectNode();
        ArrayNode list = feeds.putArray("feeds");
        for (Feed f : FeedConfig.defaults().feeds()) {
            ObjectNode n = list.addObject().put("name", f.name());
            if (f.name().equals("debian-tracker")) {
                n.put("enabled", true).put("url", tracker.toUri().toString());
            } else {
                n.put("enabled", false);
            }
        }
        Files.writeString(db.resolve("feeds.json"), JSON.writeValueAsString(feeds));
        return ws;
    }

    /** The shell words of a command line after ./warden, with "$VAR" and ${{ ... }} expanded from {@code env}. */
    static List<String> words(String line, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '$') {
                int end = i + 1;
                boolean braces = end < line.length() && line.charAt(end) == '{';
                if (braces) {
                    end = line.indexOf('}', end);
                }
                int start = braces ? i + 2 : i + 1;
                if (!braces) {
                    while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                        end++;
                    }
                }
                String name = line.substring(start, end);
                assertThat(env).as("variable $" + name + " in '" + line + "'").containsKey(name);
                word.append(env.get(name));
                any = true;
                i = braces ? end : end - 1;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
                any = true;
            }
        }
        assertThat(quoted).as("unbalanced quotes in '" + line + "'").isFalse();
        if (any) {
            out.add(word.toString());
        }
        return out;
    }

    /** Runs a block's warden commands in {@code ws}; returns each command's run. Relative paths are the workspace's. */
    private static List<Run> runBlock(String block, Path ws) {
        Map<String, String> env = Map.of("IMAGE", "oci-dir://" + ws.resolve("build/oci") + ":app");
        List<Run> runs = new ArrayList<>();
        Matcher m = WARDEN_LINE.matcher(block);
        while (m.find()) {
            List<String> args = new ArrayList<>(List.of("--home", ws.resolve(".warden-home").toString()));
            for (String w : words(m.group(1), env)) {
                args.add(w.startsWith(".warden/") || w.endsWith(".json") || w.endsWith(".sarif") ? ws.resolve(w).toString() : w);
            }
            runs.add(new InProcessWarden(ws.resolve("cache")).run(args.toArray(String[]::new)));
        }
        return runs;
    }

    @Test
    void bothJobsBuildCacheGateAndUpload() throws Exception {
        List<String> blocks = yamlBlocks();
        assertThat(blocks).hasSize(2);
        for (String block : blocks) {
            Matcher build = BUILD_LINE.matcher(block);
            assertThat(build.find()).as("a build step").isTrue();
            assertThat(build.group(1)).isEqualTo("./mvnw -B -ntp -DskipTests install");
            assertThat(block).contains("WARDEN_HOME", "./warden db update", "--format sarif");
            List<String> wardenLines = new ArrayList<>();
            Matcher lines = WARDEN_LINE.matcher(block);
            while (lines.find()) {
                wardenLines.add(lines.group(1));
            }
            assertThat(wardenLines.get(wardenLines.size() - 1)).as("the gate is the last step")
                    .startsWith("policy \"$IMAGE\" --policy .warden/policy.yaml").endsWith("--exit-code");
        }
        assertThat(blocks.get(0)).contains("actions/cache@", "path: .warden-home", "github/codeql-action/upload-sarif@", "sarif_file: warden.sarif");
        assertThat(blocks.get(1)).contains("cache:", "- .warden-home/", "container_scanning: gl-container-scanning-report.json");
    }

    @Test
    void githubWorkflowCommands() throws Exception {
        runJob(yamlBlocks().get(0), "github");
    }

    @Test
    void gitlabJobCommands() throws Exception {
        runJob(yamlBlocks().get(1), "gitlab");
    }

    /** The image with an unsuppressed high finding fails the gate; the one whose tar is fixed passes. */
    private static void runJob(String block, String name) throws Exception {
        Path failing = workspace(shared.resolve(name + "-worse"), DpkgVariants.WORSE);
        List<Run> runs = runBlock(block, failing);
        assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < runs.size() - 1; i++) {
            assertThat(runs.get(i).exit()).as("step " + i + ": " + runs.get(i).err()).isZero();
        }
        Run gate = runs.get(runs.size() - 1);
        assertThat(gate.exit()).as("gate on the image with " + DpkgVariants.ADDED_CVE + ": " + gate.out() + gate.err()).isEqualTo(1);
        assertThat(gate.out()).contains("violated   No fixable critical or high vulnerabilities",
                DpkgVariants.ADDED_CVE + " in " + DpkgVariants.ADDED_PACKAGE, "compliant  Default non-root user");
        assertThat(runs.get(0).out() + runs.get(0).err()).contains("debian-tracker");

        JsonNode sarif = JSON.readTree(failing.resolve("warden.sarif").toFile());
        SchemaCheck.assertValid(SchemaCheck.sarif(), sarif, "SARIF of " + name);
        JsonNode results = sarif.path("runs").get(0).path("results");
        assertThat(results.findValuesAsText("ruleId")).contains(DpkgVariants.ADDED_CVE, DpkgVariants.TAR_CVE);
        for (JsonNode r : results) {
            // the VEX directory the job passes suppressed tar's advisory
            assertThat(r.has("suppressions")).as(r.path("ruleId").asText()).isEqualTo(r.path("ruleId").asText().equals(DpkgVariants.TAR_CVE));
        }
        if (name.equals("gitlab")) {
            JsonNode gl = JSON.readTree(failing.resolve("gl-container-scanning-report.json").toFile());
            assertThat(gl.path("scan").path("type").asText()).isEqualTo("container_scanning");
            assertThat(gl.path("vulnerabilities").findValuesAsText("value")).contains(DpkgVariants.ADDED_CVE).doesNotContain(DpkgVariants.TAR_CVE);
        }

        Path passing = workspace(shared.resolve(name + "-fixed"), DpkgVariants.FIXED);
        List<Run> clean = runBlock(block, passing);
        Run cleanGate = clean.get(clean.size() - 1);
        assertThat(cleanGate.exit()).as("gate on the image with tar fixed: " + cleanGate.out() + cleanGate.err()).isZero();
        assertThat(cleanGate.out()).contains("compliant  No fixable critical or high vulnerabilities").doesNotContain("violated");
    }
}
