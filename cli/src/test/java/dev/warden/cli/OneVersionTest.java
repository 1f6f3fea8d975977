package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tool version everywhere: {@code --version}, {@code warden version} and the tool field of every document Warden
 * writes (CycloneDX SBOM and VDR, SPDX, SARIF, JSON, GitLab, OpenVEX) name the version of the build, the root pom's.
 */
class OneVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path shared;

    private Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", shared.resolve("home").toString()));
        all.addAll(List.of(args));
        Run run = new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    /** The version in the root pom.xml (the project's, after its parent block). */
    private static String pomVersion() throws Exception {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<artifactId>warden-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("root pom's version").isTrue();
        return m.group(1);
    }

    private JsonNode json(String... args) throws Exception {
        return JSON.readTree(warden(args).out());
    }

    @Test
    void everyOutputNamesTheBuildsVersion() throws Exception {
        String version = pomVersion();
        assertThat(warden("--version").out()).startsWith("warden " + version + " (");
        assertThat(warden("version").out()).startsWith("warden " + version + " (");
        Path tree = Files.createDirectories(shared.resolve("app"));
        Files.writeString(tree.resolve("requirements.txt"), "urllib3==1.24.1\n");
        String source = "fs://" + tree;

        JsonNode cdx = json("sbom", source, "-q", "--format", "cyclonedx-json");
        assertThat(cdx.path("metadata").path("tools").path("components").get(0).path("version").asText()).isEqualTo(version);
        JsonNode spdx = json("sbom", source, "-q", "--format", "spdx-json");
        assertThat(spdx.path("creationInfo").path("creators").toString()).contains("Tool: warden-" + version);
        assertThat(json("scan", source, "-q", "--format", "json").path("tool").path("version").asText()).isEqualTo(version);
        assertThat(json("scan", source, "-q", "--format", "sarif").path("runs").get(0).path("tool").path("driver").path("version").asText())
                .isEqualTo(version);
        JsonNode gitlab = json("scan", source, "-q", "--format", "gitlab").path("scan");
        assertThat(gitlab.path("scanner").path("version").asText()).isEqualTo(version);
        assertThat(gitlab.path("analyzer").path("version").asText()).isEqualTo(version);
        JsonNode vdr = json("scan", source, "-q", "--format", "cyclonedx-json");
        assertThat(vdr.path("metadata").path("tools").path("components").get(0).path("version").asText()).isEqualTo(version);
        JsonNode openVex = json("vex", "create", "--product", "pkg:pypi/urllib3", "--vuln", "CVE-2018-25091", "--status", "fixed",
                "--author", "test");
        assertThat(openVex.path("tooling").asText()).isEqualTo("warden " + version);
    }
}
