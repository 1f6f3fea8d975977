package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.TestImages;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch against Debian's real docker-registry, images pushed by skopeo: the first run analyses every matching tag
 * once; then a tag moves to a new digest and another is deleted from the registry, and the second run analyses only
 * the new digest (its base layer comes from the layer cache), judges the unchanged image again, and marks the moved
 * and the deleted tag; a third run over an unchanged registry fetches no blob at all.
 */
@Tag("live") // a real docker-registry (RegistryServer), umoci, skopeo
class WatchRegistryTest {
    @TempDir
    static Path dir;
    static RegistryServer registry;
    static WatchImages images;

    @BeforeAll
    static void images() throws Exception {
        registry = RegistryServer.anonymous(dir.resolve("registry"));
        images = WatchImages.create(dir.resolve("images")).add(List.of("v1", "v2", "v-old", "dev", "v1-next"), "first").addWithoutAmd64("v-arm");
        for (String tag : List.of("v1", "v2", "v-old", "dev")) {
            registry.push(images.layout(), tag, "watched/app:" + tag);
        }
        registry.pushAll(images.layout(), "v-arm", "watched/app:v-arm");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void runsAnalyseNewDigestsOnlyAndMarkMovedAndDeletedTags() throws Exception {
        try (ServerFixture f = new ServerFixture(dir.resolve("home"), null, jobSettings(dir.resolve("cache")))) {
            String admin = f.token(Role.ADMIN);
            String repository = registry.host() + "/watched/app";
            HttpResponse<String> created = f.send("POST", "/api/v1/watches", admin, ("{\"name\": \"app\", \"registry\": \"" + registry.host()
                    + "\", \"repository\": \"watched/app\", \"tagPattern\": \"v*\", \"schedule\": \"0 2 * * *\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = f.json(created).path("id").asText();
            assertThat(f.json(created).path("nextRun").asText()).endsWith("T02:00:00Z");

            // run 1: four tags match, three digests analysed; v-arm has no linux/amd64 image (arm64 and ppc64le only), which stops only that tag
            JsonNode first = run(f, admin, id);
            assertThat(first.path("state").asText()).as(first.toString()).isEqualTo("done");
            assertThat(counts(first)).containsExactly(5L, 4L, 3L, 3L, 0L, 0L, 0L, 0L);
            assertThat(statuses(first)).containsEntry("v1", "new").containsEntry("v2", "new").containsEntry("v-old", "new")
                    .containsEntry("v-arm", "error").doesNotContainKey("dev");
            assertThat(tagRow(first, "v-arm").path("error").asText()).contains("linux/amd64");
            JsonNode stored = f.json(f.get("/api/v1/images?repository=" + repository, admin)).path("items");
            assertThat(stored).hasSize(3);
            Map<String, String> tagOf = new HashMap<>();
            stored.forEach(i -> i.path("tags").forEach(t -> tagOf.put(t.asText(), i.path("digest").asText())));
            assertThat(tagOf).containsEntry("v1", images.digest("v1")).containsEntry("v2", images.digest("v2"))
                    .containsEntry("v-old", images.digest("v-old")).hasSize(3);
            JsonNode findings = f.json(f.get("/api/v1/images/" + images.digest("v1") + "/findings", admin)).path("items");
            assertThat(findings.findValuesAsText("id")).contains(WatchImages.ADVISORY);
            assertThat(registry.requests("GET", "/blobs/" + images.baseLayer())).as("the shared base layer, fetched once").isEqualTo(1);

            // the registry changes: v1 moves to a new image, v-old is deleted
            registry.push(images.layout(), "v1-next", "watched/app:v1");
            TestImages.run(dir, "skopeo", "delete", "--tls-verify=false", "docker://" + repository + "@" + images.digest("v-old"));

            JsonNode second = run(f, admin, id);
            assertThat(second.path("state").asText()).as(second.toString()).isEqualTo("done");
            // listed 4 (dev, v1, v2, v-arm), matched 3, one new digest analysed, v2 judged again, one moved, one gone
            assertThat(counts(second)).containsExactly(4L, 3L, 1L, 1L, 0L, 1L, 1L, 1L);
            assertThat(statuses(second)).containsEntry("v1", "moved").containsEntry("v2", "unchanged").containsEntry("v-old", "gone");
            JsonNode movedTag = tagRow(second, "v1");
            assertThat(movedTag.path("digest").asText()).isEqualTo(images.digest("v1-next"));
            assertThat(movedTag.path("previousDigest").asText()).isEqualTo(images.digest("v1"));
            JsonNode next = f.json(f.get("/api/v1/images/" + images.digest("v1-next"), admin));
            assertThat(next.path("tags").toString()).isEqualTo("[\"v1\"]");
            List<String> changes = new ArrayList<>();
            next.path("tagHistory").forEach(h -> changes.add(h.path("tag").asText() + " " + h.path("change").asText()));
            assertThat(changes).contains("v1 moved", "v-old deleted", "v1 tagged", "v2 tagged");
            assertThat(f.json(f.get("/api/v1/images/" + images.digest("v-old"), admin)).path("tags")).isEmpty();
            assertThat(f.json(f.get("/api/v1/images/" + images.digest("v1"), admin)).path("tags")).isEmpty();
            assertThat(f.json(f.get("/api/v1/images/" + images.digest("v2"), admin)).path("judgement").path("verdict").asText()).isNotEmpty();
            assertThat(registry.requests("GET", "/blobs/" + images.baseLayer())).as("the base layer came from the layer cache").isEqualTo(1);

            // nothing changed: nothing analysed, no blob fetched, both images judged again
            long blobs = registry.requests("GET", "/blobs/");
            JsonNode third = run(f, admin, id);
            assertThat(counts(third)).containsExactly(4L, 3L, 0L, 0L, 0L, 2L, 0L, 0L);
            assertThat(registry.requests("GET", "/blobs/")).isEqualTo(blobs);

            JsonNode analyses = f.json(f.get("/api/v1/jobs?kind=watch.analyse", admin)).path("items");
            assertThat(analyses).hasSize(4);
            analyses.forEach(j -> {
                assertThat(j.path("state").asText()).isEqualTo("done");
                assertThat(j.path("attempts").asLong()).isEqualTo(1);
            });
            JsonNode runs = f.json(f.get("/api/v1/watches/" + id + "/runs", admin)).path("items");
            assertThat(runs).hasSize(3);
            assertThat(runs.get(0).path("trigger").asText()).isEqualTo("manual");
            assertThat(runs.get(0).path("durationMs").asLong(-1)).isNotNegative();
            JsonNode lastRun = f.json(f.get("/api/v1/watches/" + id, admin)).path("lastRun");
            assertThat(lastRun.path("id").asText()).isEqualTo(third.path("id").asText());
            assertThat(lastRun.path("state").asText()).isEqualTo("done");

            // the job metrics: every job of the three runs done, none stuck, each kind's last outcome and duration
            JsonNode metrics = f.json(f.get("/api/v1/jobs/metrics", f.token(Role.SECURITY)));
            Map<String, JsonNode> kinds = new HashMap<>();
            metrics.path("kinds").forEach(k -> kinds.put(k.path("kind").asText(), k));
            assertThat(kinds).containsOnlyKeys("watch.run", "watch.analyse", "watch.finish");
            assertThat(kinds.get("watch.run").path("states").toString()).isEqualTo("{\"queued\":0,\"running\":0,\"done\":3,\"failed\":0}");
            assertThat(kinds.get("watch.analyse").path("states").path("done").asLong()).isEqualTo(4);
            kinds.values().forEach(k -> {
                assertThat(k.path("expiredLeases").asLong()).isZero();
                assertThat(k.path("last").path("state").asText()).isEqualTo("done");
                assertThat(k.path("last").path("durationMs").asLong(-1)).isNotNegative();
            });
            assertThat(metrics.path("expiredLeases")).isEmpty();
            assertThat(f.get("/api/v1/jobs/metrics", f.token(Role.DEVELOPER)).statusCode()).isEqualTo(403);
        }
    }

    /**
     * A run lists the tags page by page (a front pages the real registry's list by 3, as registries that page do) and
     * finds every tag; it asks for each tag's digest with a HEAD and downloads a manifest only for a digest it does
     * not know: 7 tags over 2 images cost 2 manifest downloads on the first run, none on the next, one after a tag
     * moved; a registry that refuses HEAD gets a GET per tag, with the same result.
     */
    @Test
    void runsFollowTagPagesAndDownloadOnlyManifestsTheyDoNotKnow() throws Exception {
        // a registry of its own: the other test counts the requests of the shared one
        try (RegistryServer registry = RegistryServer.anonymous(dir.resolve("registry-paged"));
             TagPagingFront front = new TagPagingFront(registry.host(), 3);
             ServerFixture f = new ServerFixture(dir.resolve("home-paged"), null, jobSettings(dir.resolve("cache-paged")).withTagsPerPage(3))) {
            for (int i = 1; i <= 6; i++) {
                registry.push(images.layout(), "v2", "paged/app:p" + i);
            }
            registry.push(images.layout(), "dev", "paged/app:p7");
            String admin = f.token(Role.ADMIN);
            HttpResponse<String> created = f.send("POST", "/api/v1/watches", admin, ("{\"name\": \"paged\", \"registry\": \"" + front.host()
                    + "\", \"repository\": \"paged/app\", \"tagPattern\": \"p*\", \"schedule\": \"0 2 * * *\"}").getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = f.json(created).path("id").asText();

            JsonNode first = run(f, admin, id);
            assertThat(counts(first)).as(first.toString()).containsExactly(7L, 7L, 2L, 2L, 0L, 0L, 0L, 0L);
            assertThat(front.tagPages()).as("7 tags in pages of 3").isEqualTo(3);
            assertThat(f.json(f.get("/api/v1/watches/" + id, admin)).path("tags")).hasSize(7);
            assertThat(registry.requests("HEAD", "/paged/app/manifests/p")).isEqualTo(7);
            assertThat(registry.requests("GET", "/paged/app/manifests/p")).as("one manifest per new digest").isEqualTo(2);

            JsonNode second = run(f, admin, id);
            assertThat(counts(second)).containsExactly(7L, 7L, 0L, 0L, 0L, 2L, 0L, 0L);
            assertThat(front.tagPages()).isEqualTo(6);
            assertThat(registry.requests("HEAD", "/paged/app/manifests/p")).isEqualTo(14);
            assertThat(registry.requests("GET", "/paged/app/manifests/p")).as("nothing moved: no manifest downloaded").isEqualTo(2);

            registry.push(images.layout(), "v1", "paged/app:p7");
            JsonNode third = run(f, admin, id);
            assertThat(counts(third)).containsExactly(7L, 7L, 1L, 1L, 0L, 1L, 1L, 0L);
            assertThat(statuses(third)).containsEntry("p7", "moved").containsEntry("p1", "unchanged");
            assertThat(registry.requests("GET", "/paged/app/manifests/p")).as("the moved tag's manifest only").isEqualTo(3);

            front.refuseHead(true);
            JsonNode fourth = run(f, admin, id);
            assertThat(counts(fourth)).containsExactly(7L, 7L, 0L, 0L, 0L, 2L, 0L, 0L);
            assertThat(registry.requests("GET", "/paged/app/manifests/p")).as("no HEAD: a GET per tag").isEqualTo(10);
            JsonNode listing = f.json(f.get("/api/v1/jobs?kind=watch.run", admin)).path("items").get(0).path("result");
            assertThat(listing.path("manifestsFetched").asLong()).as(listing.toString()).isEqualTo(7);
        }
    }

    @Test
    void watchesAreCheckedAndOnlyAdminsChangeThem() throws Exception {
        try (ServerFixture f = new ServerFixture(dir.resolve("home-checks"), null, jobSettings(dir.resolve("cache-checks")))) {
            String admin = f.token(Role.ADMIN);
            String good = "\"name\": \"w\", \"registry\": \"registry.example.com\", \"repository\": \"shop/app\", \"schedule\": \"0 2 * * *\"";
            Map<String, String> bad = Map.of(
                    "{\"name\": \"w\", \"registry\": \"registry.example.com\", \"repository\": \"shop/app\", \"schedule\": \"61 * * * *\"}", "schedule",
                    "{\"name\": \"w\", \"registry\": \"registry.example.com\", \"repository\": \"shop/app\", \"schedule\": \"0 2 * *\"}", "5",
                    "{" + good + ", \"tagPattern\": \"v[1\"}", "tagPattern",
                    "{\"name\": \"w\", \"registry\": \"not a host\", \"repository\": \"shop/app\", \"schedule\": \"0 2 * * *\"}", "registry",
                    "{\"name\": \"w\", \"registry\": \"nodots\", \"repository\": \"shop/app\", \"schedule\": \"0 2 * * *\"}", "registry",
                    "{\"name\": \"w\", \"registry\": \"registry.example.com\", \"repository\": \"Shop/App\", \"schedule\": \"0 2 * * *\"}", "repository",
                    "{" + good + ", \"credentials\": \"hunter2-secret\"}", "reference",
                    "{" + good + ", \"credentials\": \"file:relative/path\"}", "absolute",
                    "{" + good + ", \"password\": \"x\"}", "unknown field");
            for (Map.Entry<String, String> e : bad.entrySet()) {
                HttpResponse<String> r = f.send("POST", "/api/v1/watches", admin, e.getKey().getBytes(StandardCharsets.UTF_8), "application/json");
                assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(f.json(r).path("detail").asText()).as(e.getKey()).contains(e.getValue()).doesNotContain("hunter2");
            }
            byte[] body = ("{" + good + ", \"credentials\": \"env:REGISTRY_CREDS\"}").getBytes(StandardCharsets.UTF_8);
            assertThat(f.send("POST", "/api/v1/watches", f.token(Role.SECURITY), body, "application/json").statusCode()).isEqualTo(403);
            HttpResponse<String> created = f.send("POST", "/api/v1/watches", admin, body, "application/json");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode w = f.json(created);
            assertThat(w.path("credentials").asText()).isEqualTo("env:REGISTRY_CREDS");
            assertThat(w.path("tagPattern").asText()).isEqualTo("*");
            assertThat(f.send("POST", "/api/v1/watches", admin, body, "application/json").statusCode()).as("names are unique").isEqualTo(409);
            String id = w.path("id").asText();
            HttpResponse<String> changed = f.send("PUT", "/api/v1/watches/" + id, admin,
                    ("{" + good + ", \"enabled\": false}").getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(f.json(changed).path("enabled").asBoolean()).isFalse();
            assertThat(f.json(changed).path("nextRun").isNull()).isTrue();
            JsonNode audit = f.json(f.get("/api/v1/audit?type=watch", admin)).path("items");
            assertThat(audit.findValuesAsText("action")).containsExactly("watch.update", "watch.create");
            assertThat(f.send("DELETE", "/api/v1/watches/" + id, admin, null, null).statusCode()).isEqualTo(204);
            assertThat(f.get("/api/v1/watches/" + id, admin).statusCode()).isEqualTo(404);
        }
    }

    /** One worker polling often, so that a run's steps follow each other quickly. */
    static JobSettings jobSettings(Path cache) {
        return new JobSettings(1, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(15), cache);
    }

    /** Runs the watch now and waits for the run to end; the run with its tags. */
    static JsonNode run(ServerFixture f, String token, String watchId) throws Exception {
        HttpResponse<String> queued = f.send("POST", "/api/v1/watches/" + watchId + "/run", token, null, null);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String runId = f.json(queued).path("id").asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode run = f.json(f.get("/api/v1/watches/" + watchId + "/runs/" + runId, token));
            if (run.path("state").asText().equals("done") || run.path("state").asText().equals("failed")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not end: " + f.get("/api/v1/jobs", token).body());
    }

    /** tagsListed, tagsMatched, toAnalyse, analysed, failed, rejudged, moved, disappeared */
    static List<Long> counts(JsonNode run) {
        List<Long> out = new ArrayList<>();
        for (String field : List.of("tagsListed", "tagsMatched", "toAnalyse", "analysed", "failed", "rejudged", "moved", "disappeared")) {
            out.add(run.path(field).asLong(-1));
        }
        return out;
    }

    static Map<String, String> statuses(JsonNode run) {
        Map<String, String> out = new HashMap<>();
        run.path("tags").forEach(t -> out.put(t.path("tag").asText(), t.path("status").asText()));
        return out;
    }

    private static JsonNode tagRow(JsonNode run, String tag) {
        for (JsonNode t : run.path("tags")) {
            if (t.path("tag").asText().equals(tag)) {
                return t;
            }
        }
        throw new AssertionError("no tag " + tag + " in " + run);
    }
}
