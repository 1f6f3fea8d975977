package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.server.console.Show;
import dev.warden.server.console.WatchesPage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch's last run as the list gives it (GET /api/v1/watches: the newest of its runs, null before the first) and as
 * the console words it (how long, what it did), without a browser; WatchConsoleBrowserTest shows the pages.
 */
class WatchLastRunTest {
    @TempDir
    Path home;

    @Test
    void theListGivesEachWatchItsNewestRunAndNullBeforeTheFirst() throws Exception {
        // no worker: the runs stay queued as they were asked for
        try (ServerFixture f = new ServerFixture(home, null, new JobSettings(0, JobSettings.DEFAULT_LEASE, JobSettings.DEFAULT_POLL,
                JobSettings.DEFAULT_SCHEDULER_INTERVAL, home.resolve("cache")))) {
            String admin = f.token(Role.ADMIN);
            String ran = watch(f, admin, "ran");
            String never = watch(f, admin, "never");
            String first = run(f, admin, ran);
            Thread.sleep(5); // a later created_at: the newest is the second
            String second = run(f, admin, ran);
            assertThat(second).isNotEqualTo(first);

            JsonNode items = f.json(f.get("/api/v1/watches", admin)).path("items");
            assertThat(items).hasSize(2);
            for (JsonNode w : items) {
                if (w.path("id").asText().equals(never)) {
                    assertThat(w.path("lastRun").isNull()).isTrue();
                } else {
                    assertThat(w.path("lastRun").path("id").asText()).isEqualTo(second);
                    assertThat(w.path("lastRun").path("state").asText()).isEqualTo("queued");
                    assertThat(w.path("lastRun").path("trigger").asText()).isEqualTo("manual");
                    // the same run the watch's own endpoints call the latest
                    assertThat(f.json(f.get("/api/v1/watches/" + ran, admin)).path("lastRun").path("id").asText()).isEqualTo(second);
                    assertThat(f.json(f.get("/api/v1/watches/" + ran + "/runs?limit=1", admin)).path("items").get(0).path("id").asText())
                            .isEqualTo(second);
                }
            }
        }
    }

    @Test
    void whatARunDidIsOneLineOfTheCountsItHas() {
        Instant t = Instant.parse("2026-12-08T02:00:00Z");
        assertThat(WatchesPage.summary(run("queued", null, null, null, null, null, null, null, null))).isEqualTo("–");
        assertThat(WatchesPage.summary(run("analysing", 12L, 3L, 2L, null, null, null, 1L, 0L))).isEqualTo("3 of 12 tags; 2 new digests; 1 moved, 0 gone");
        assertThat(WatchesPage.summary(run("done", 12L, 3L, 1L, 1L, 0L, 7L, 1L, 2L)))
                .isEqualTo("3 of 12 tags; 1 new digest: 1 analysed, 0 failed; 7 re-judged; 1 moved, 2 gone");
        // tags that could not be read are counted where the tags are
        assertThat(WatchesPage.summary(new WatchStore.Run("r", "w", null, "manual", "done", t, t, t, 12L, 3L, 0L, 0L, 0L, 1L, 0L, 0L, null, 2L)))
                .isEqualTo("3 of 12 tags (2 unreadable); 0 new digests: 0 analysed, 0 failed; 1 re-judged; 0 moved, 0 gone");
        assertThat(Show.duration(t, t.plusMillis(850))).isEqualTo("850 ms");
        assertThat(Show.duration(t, t.plusMillis(12_449))).isEqualTo("12.4 s");
        assertThat(Show.duration(t, t.plus(Duration.ofSeconds(185)))).isEqualTo("3 min 05 s");
        assertThat(Show.duration(t, t.plus(Duration.ofMinutes(124)))).isEqualTo("2 h 04 min");
        // replicas' clocks disagree a little: never a negative duration
        assertThat(Show.duration(t, t.minusMillis(30))).isEqualTo("0 ms");
        assertThat(Show.duration(t, null)).isEqualTo("–");
    }

    private static WatchStore.Run run(String state, Long listed, Long matched, Long toAnalyse, Long analysed, Long failed, Long rejudged, Long moved,
                                      Long gone) {
        Instant t = Instant.parse("2026-12-08T02:00:00Z");
        return new WatchStore.Run("r", "w", null, "manual", state, t, t, null, listed, matched, toAnalyse, analysed, failed, rejudged, moved, gone,
                null, 0L);
    }

    private static String watch(ServerFixture f, String admin, String name) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/watches", admin, ("{\"name\":\"" + name + "\",\"registry\":\"127.0.0.1:9\",\"repository\":"
                + "\"shop/app\",\"schedule\":\"0 3 * * *\"}").getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return f.json(r).path("id").asText();
    }

    private static String run(ServerFixture f, String admin, String watchId) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/watches/" + watchId + "/run", admin, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return f.json(r).path("id").asText();
    }
}
