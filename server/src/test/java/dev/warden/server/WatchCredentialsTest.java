package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.image.registry.testing.RegistryServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch of a registry that wants a password (Debian's docker-registry with htpasswd, the image pushed by skopeo).
 * Made without credentials, its run says so in the watch's terms: give the watch a credentials reference, not the CLI's
 * {@code docker login} / {@code --password-stdin}. With {@code file:} credentials the same watch lists and analyses.
 */
@Tag("live") // a real docker-registry (RegistryServer), umoci, skopeo, htpasswd
class WatchCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void aWatchWithoutTheCredentialsTheRegistryWantsIsToldHowToGiveThem() throws Exception {
        WatchImages images = WatchImages.create(dir.resolve("images")).add(List.of("v1"), "locked");
        try (RegistryServer registry = RegistryServer.htpasswd(dir.resolve("registry"), "robot", "s3cret-robot-pass");
             ServerFixture f = new ServerFixture(dir.resolve("home"), null, WatchRegistryTest.jobSettings(dir.resolve("cache")))) {
            registry.push(images.layout(), "v1", "locked/app:v1");
            String admin = f.token(Role.ADMIN);
            HttpResponse<String> created = f.send("POST", "/api/v1/watches", admin, ("{\"name\": \"locked\", \"registry\": \"" + registry.host()
                    + "\", \"repository\": \"locked/app\", \"schedule\": \"@daily\"}").getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = f.json(created).path("id").asText();

            HttpResponse<String> queued = f.send("POST", "/api/v1/watches/" + id + "/run", admin, null, null);
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            String runId = f.json(queued).path("id").asText();
            MonitorStory.await(() -> !f.json(f.get("/api/v1/watches/" + id + "/runs/" + runId, admin)).path("error").isNull(),
                    Duration.ofSeconds(60), "the first listing attempt's error");
            String error = f.json(f.get("/api/v1/watches/" + id + "/runs/" + runId, admin)).path("error").asText();
            assertThat(error).contains(registry.host() + " requires authentication (HTTP 401)")
                    .contains("give the watch credentials by reference").contains("file:/path")
                    .doesNotContain("docker login").doesNotContain("--password-stdin");

            Path secret = dir.resolve("robot.txt");
            Files.writeString(secret, "robot:s3cret-robot-pass\n");
            HttpResponse<String> changed = f.send("PUT", "/api/v1/watches/" + id, admin, ("{\"name\": \"locked\", \"registry\": \"" + registry.host()
                    + "\", \"repository\": \"locked/app\", \"schedule\": \"@daily\", \"credentials\": \"file:" + secret + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(changed.body()).doesNotContain("s3cret-robot-pass");
            // (the first run's next attempt, reading the watch anew, may be the one that stores the image)
            JsonNode run = WatchRegistryTest.run(f, admin, id);
            assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("done");
            assertThat(run.path("tagsListed").asInt()).isEqualTo(1);
            HttpResponse<String> stored = f.get("/api/v1/images/" + images.digest("v1"), admin);
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        }
    }
}
