package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden recommendations} against a real docker-registry holding a base image's history, pushed by skopeo:
 * {@code base/debian:12.1} first the plain debootstrap image, then moved to the variant with tar fixed (a refresh);
 * {@code 12.0} (older), {@code 12.2} (adds a high advisory), {@code 13} (tar fixed), {@code 13-slim} (another line)
 * and {@code latest}. The app image's manifest annotations name 12.1 at its first digest.
 */
@Tag("live") // a real docker-registry, umoci, skopeo
class RecommendationsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static RegistryServer registry;
    private static Path home;
    private static String app;
    private static String firstDigest;

    @BeforeAll
    static void registry() throws Exception {
        DpkgVariants variants = DpkgVariants.build(Files.createDirectories(shared.resolve("images")));
        Path layout = variants.layout();
        registry = RegistryServer.anonymous(shared.resolve("registry"));
        String repo = "base/debian";
        registry.push(layout, TestImages.BASE_TAG, repo + ":12.1");
        firstDigest = digest(repo + ":12.1");
        registry.push(layout, TestImages.BASE_TAG, repo + ":12.0");
        registry.push(layout, DpkgVariants.FIXED, repo + ":12.1");
        registry.push(layout, DpkgVariants.WORSE, repo + ":12.2");
        registry.push(layout, DpkgVariants.FIXED, repo + ":13");
        registry.push(layout, DpkgVariants.WORSE, repo + ":13-slim");
        registry.push(layout, DpkgVariants.WORSE, repo + ":latest");
        TestImages.run(shared, "umoci", "config", "--image", layout + ":" + TestImages.TAG, "--tag", "app",
                "--manifest.annotation", "org.opencontainers.image.base.name=" + registry.host() + "/" + repo + ":12.1",
                "--manifest.annotation", "org.opencontainers.image.base.digest=" + firstDigest);
        app = "oci-dir://" + layout + ":app";

        home = shared.resolve("home");
        Path tracker = shared.resolve("tracker.json");
        Files.writeString(tracker, JSON.writeValueAsString(variants.tracker(JSON)));
        Run imported = new InProcessWarden(shared.resolve("cache")).run("--home", home.toString(), "db", "import", "--offline",
                "--format", "debian-tracker", tracker.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String digest(String repoAndTag) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("skopeo", "inspect", "--tls-verify=false", "--no-creds", "--format", "{{.Digest}}",
                "docker://" + registry.host() + "/" + repoAndTag).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).startsWith("sha256:");
        return out;
    }

    private static Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        all.add("--offline");
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    @Test
    void refreshAndUpdatesBestFirst() throws Exception {
        Run run = warden("recommendations", app, "--format", "json", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.path("baseImage").path("digest").asText()).isEqualTo(firstDigest);
        assertThat(doc.path("baseImage").path("from").asText()).contains("org.opencontainers.image.base.name");
        List<String> order = new ArrayList<>();
        for (JsonNode c : doc.path("candidates")) {
            order.add(c.path("kind").asText() + " " + c.path("reference").asText().substring(registry.host().length() + 1));
        }
        // tar fixed (refresh of 12.1 and 13) beat the image as built, which beats 12.2 with its added high advisory;
        // 12.0 is older, 13-slim another line, latest no version
        assertThat(order).containsExactly("refresh base/debian:12.1", "update base/debian:13",
                "current base/debian@" + firstDigest, "update base/debian:12.2");
        JsonNode best = doc.path("candidates").get(0);
        JsonNode current = doc.path("candidates").get(2);
        JsonNode worst = doc.path("candidates").get(3);
        assertThat(best.path("counts").path("medium").asInt()).isEqualTo(current.path("counts").path("medium").asInt() - 1);
        assertThat(worst.path("counts").path("high").asInt()).isEqualTo(current.path("counts").path("high").asInt() + 1);
        assertThat(best.path("digest").asText()).isNotEqualTo(firstDigest);
        assertThat(current.path("digest").asText()).isEqualTo(firstDigest);

        // each candidate carries the grade the default policies give it, best first
        List<String> grades = new ArrayList<>();
        doc.path("candidates").forEach(c -> grades.add(c.path("grade").asText()));
        assertThat(grades).allMatch(g -> g.matches("[A-F]")).isSorted();
        Run policy = warden("policy", "registry://" + best.path("reference").asText(), "--format", "json", "--quiet");
        assertThat(policy.exit()).as(policy.err()).isZero();
        JsonNode score = JSON.readTree(policy.out()).path("score");
        assertThat(best.path("grade").asText()).isEqualTo(score.path("grade").asText());
        assertThat(best.path("percent").asInt()).isEqualTo(score.path("percent").asInt());
    }

    @Test
    void tableNamesTheRecommendation() {
        Run run = warden("recommendations", app, "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Base image: " + registry.host() + "/base/debian:12.1", "Recommended: "
                + registry.host() + "/base/debian:12.1 (refresh)").containsPattern("GRADE +CRITICAL").containsPattern(" [A-F] \\(\\d+%\\) ");
    }

    @Test
    void withoutAnnotationsTheBaseIsFoundByLayers() throws Exception {
        String image = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        Run run = warden("recommendations", image, "--quiet");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no base image known", "--base-image");
        // 12.0 is the debootstrap layer the image starts with; 12.2 adds a layer of its own, so it is no base of it
        Run named = warden("recommendations", image, "--base-image", registry.host() + "/base/debian:12.2",
                "--base-image", registry.host() + "/base/debian:12.0", "--format", "json", "--quiet");
        assertThat(named.exit()).as(named.err()).isZero();
        JsonNode doc = JSON.readTree(named.out());
        assertThat(doc.path("baseImage").path("reference").asText()).isEqualTo(registry.host() + "/base/debian:12.0");
        assertThat(doc.path("baseImage").path("from").asText()).startsWith("layer match");
        assertThat(doc.path("candidates").findValuesAsText("reference")).contains(registry.host() + "/base/debian:12.0",
                registry.host() + "/base/debian:12.1", registry.host() + "/base/debian:13");
        Run none = warden("recommendations", image, "--base-image", registry.host() + "/base/debian:12.2", "--quiet");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("no base image known");
    }
}
