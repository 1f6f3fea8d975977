package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ignorefile} end to end: a source tree pinning urllib3 1.24.1, whose advisories the shipped snapshot holds in
 * full (the whole PyPA database), and Trivy's {@code .trivyignore} setting two of them aside, one of them expired.
 */
class IgnoreFileCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REASON = "Only used behind our proxy, which strips the header";

    @TempDir
    static Path shared;

    private static Path tree;
    private static Path ignore;

    @BeforeAll
    static void fixture() throws Exception {
        tree = Files.createDirectories(shared.resolve("app"));
        Files.writeString(tree.resolve("requirements.txt"), "urllib3==1.24.1\n");
        ignore = Files.writeString(shared.resolve(".trivyignore"), "# " + REASON + "\nCVE-2018-25091\n\nCVE-2023-43804 exp:2020-01-01\n");
    }

    private static Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", shared.resolve("home").toString()));
        all.addAll(List.of(args));
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    private static Run scan(String format, String... more) {
        List<String> args = new ArrayList<>(List.of("scan", "fs://" + tree, "-q", "--format", format, "--ignorefile", ignore.toString()));
        args.addAll(List.of(more));
        Run run = warden(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return run;
    }

    @Test
    void ignoredFindingsAreSuppressedWithTheirReasonInEveryFormat() throws Exception {
        JsonNode json = JSON.readTree(scan("json").out());
        JsonNode ignored = null;
        JsonNode expired = null;
        for (JsonNode f : json.path("findings")) {
            if (f.path("id").asText().equals("CVE-2018-25091")) {
                ignored = f;
            }
            if (f.path("id").asText().equals("CVE-2023-43804")) {
                expired = f;
            }
        }
        assertThat(ignored).as("the snapshot's PyPA data names CVE-2018-25091 for urllib3 1.24.1").isNotNull();
        assertThat(ignored.path("vex").path("status").asText()).isEqualTo("ignored");
        assertThat(ignored.path("vex").path("impactStatement").asText()).isEqualTo(REASON);
        assertThat(ignored.path("vex").path("document").asText()).isEqualTo(ignore + ":2");
        assertThat(expired.path("vex").isNull()).as("expired entries no longer apply").isTrue();
        assertThat(json.path("warnings").toString()).contains("CVE-2023-43804 expired on 2020-01-01");
        assertThat(json.path("summary").path("suppressed").asInt()).as("none by VEX").isZero();
        assertThat(json.path("summary").path("ignored").asInt()).isEqualTo(1);
        assertThat(scan("table").out()).contains("; 0 suppressed by VEX, 1 ignored (.trivyignore)");
        assertThat(warden("quickview", "fs://" + tree, "-q", "--offline", "--ignorefile", ignore.toString()).out())
                .contains("0 suppressed by VEX, 1 ignored (.trivyignore)");

        assertThat(scan("table", "--show-suppressed").out()).contains("suppressed: ignored: " + REASON);
        assertThat(scan("markdown", "--show-suppressed").out()).contains("suppressed (ignored: " + REASON + ")");
        assertThat(scan("html").out()).contains("ignored: " + REASON);
        JsonNode sarif = JSON.readTree(scan("sarif").out());
        assertThat(sarif.findValuesAsText("justification")).contains("ignored: " + REASON + " [" + ignore + ":2]");
        JsonNode vdr = JSON.readTree(scan("cyclonedx-json").out());
        JsonNode analysis = null;
        for (JsonNode v : vdr.path("vulnerabilities")) {
            if (v.path("id").asText().equals("CVE-2018-25091")) {
                analysis = v.path("analysis");
            }
        }
        assertThat(analysis.path("state").asText()).isEqualTo("exploitable");
        assertThat(analysis.path("response").toString()).contains("will_not_fix");
        assertThat(analysis.path("detail").asText()).startsWith(REASON).contains("(ignore file: " + ignore + ":2)");
    }

    @Test
    void theExpiredEntryIsWarnedAboutAndAMissingFileFailsAtOnce() {
        Run run = warden("scan", "fs://" + tree, "--format", "json", "--ignorefile", ignore.toString());
        assertThat(run.err()).contains("warden: warning: " + ignore + ":4: CVE-2023-43804 expired on 2020-01-01 and is no longer ignored");
        Run missing = warden("scan", "fs://" + tree, "--ignorefile", shared.resolve("absent").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("warden: --ignorefile " + shared.resolve("absent") + ": no such file");
    }
}
