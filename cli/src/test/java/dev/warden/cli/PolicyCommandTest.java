package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden policy} on the debootstrap image (config sets a non-root user, no base annotations, no attestations: violated), offline. */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class PolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static Run warden(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = shared.resolve("home").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        all[all.length - 1] = "--offline";
        return new InProcessWarden(shared.resolve("cache")).run(all);
    }

    @Test
    void defaultPoliciesAndTheScoreOfTheDebootstrapImage() throws Exception {
        String image = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        Run run = warden("policy", image, "--format", "json", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode verdict = JSON.readTree(run.out());
        JsonNode results = verdict.path("results");
        assertThat(results).hasSize(7);
        int earned = 0;
        boolean violated = false;
        for (JsonNode r : results) {
            if (r.path("status").asText().equals("COMPLIANT")) earned += r.path("weight").asInt();
            violated |= r.path("status").asText().equals("VIOLATED");
            if (r.path("type").asText().equals("non-root")) {
                assertThat(r.path("status").asText()).as("user " + TestImages.USER).isEqualTo("COMPLIANT");
            }
            if (r.path("type").asText().equals("approved-base")) {
                assertThat(r.path("status").asText()).isEqualTo("NO_DATA");
            }
            if (r.path("type").asText().equals("attestations")) {
                // an OCI layout can carry attestations (BuildKit, referrers); umoci wrote none
                assertThat(r.path("status").asText()).isEqualTo("VIOLATED");
                assertThat(r.path("violations").toString()).contains("provenance attestation");
            }
        }
        assertThat(verdict.path("score").path("maximum").asInt()).isEqualTo(90);
        assertThat(verdict.path("score").path("points").asInt()).isEqualTo(earned);
        assertThat(verdict.path("score").path("percent").asInt()).isEqualTo(earned * 100 / 90);

        Run gate = warden("policy", image, "--exit-code", "--allow-sample-db", "--quiet");
        assertThat(gate.exit()).as(gate.err()).isEqualTo(violated ? 1 : 0);
        assertThat(gate.out()).contains("compliant  Default non-root user", "score: " + earned + "/90 points");

        Run bad = warden("policy", image, "--format", "xml", "--quiet");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--format must be table, json or markdown");
    }

    @Test
    void quickviewShowsGradeCountsAndPolicySummary() {
        String image = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        Run run = warden("quickview", image, "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("base image  unknown (no org.opencontainers.image.base.name annotation;",
                "suppressed by VEX", "/90 points)").containsPattern("grade       [A-F] ")
                .containsPattern("policies    \\d compliant, \\d violated, 2 no data");
    }
}
