package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.vulndb.FeedConfig;
import dev.warden.vulndb.VulnDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own scheduled {@code db update} ({@code warden serve --db-update-every 6h}), over a mirror the feed
 * configuration points at with a {@code file:} URL (every built-in feed off, as an air-gapped site runs it): its import
 * reaches the stored images through the change log like any other (new finding, alert, cause {@code advisories}), and
 * a second replica started within the interval does not update again.
 */
class ScheduledDbUpdateTest {
    @TempDir
    Path home;

    @Test
    void theServersScheduledUpdateReJudgesWhatItTouchedAndRunsOncePerInterval() throws Exception {
        try (ServerFixture f = new ServerFixture(home, null)) {
            String admin = f.token(Role.ADMIN);
            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1", "wardenfoo");
            MonitorStory.await(() -> MonitorStory.count(f, "SELECT COUNT(*) FROM monitor_cursor") == 3, Duration.ofSeconds(30),
                    "the monitor starts following");
            assertThat(MonitorStory.alerts(f, admin, MonitorStory.A)).isEmpty();

            Path mirror = Files.createDirectories(home.resolve("mirror")).resolve("all.zip");
            writeZip(mirror, MonitorStory.record(null));
            writeFeedConfig(f, mirror);
            VulnDb advisories = VulnDb.of(home, null, false, notice -> { });
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            try (AdvisoryUpdates updates = new AdvisoryUpdates(f.database, advisories, Duration.ofHours(6), utf8(first))) {
                updates.start();
                MonitorStory.await(() -> !MonitorStory.alerts(f, admin, MonitorStory.A).isEmpty(), Duration.ofSeconds(60),
                        "the scheduled update's advisory alerted on the image holding wardenfoo");
            }
            assertThat(first.toString(StandardCharsets.UTF_8)).contains("warden serve: scheduled db update: 1 feed(s), 0 failed");
            List<JsonNode> alerts = MonitorStory.alerts(f, admin, MonitorStory.A);
            assertThat(alerts).allSatisfy(a -> assertThat(a.path("cause").asText()).isEqualTo("advisories"));
            assertThat(MonitorStory.history(f, admin, MonitorStory.A).get(0).path("causeDetail").path("newFindings").toString())
                    .containsAnyOf(MonitorStory.ADVISORY, MonitorStory.KEV_ALIAS);

            // the mirror now withdraws it; a second replica (or a restart) inside the 6 h does not update again
            writeZip(mirror, MonitorStory.record("2026-12-02T00:00:00Z"));
            ByteArrayOutputStream second = new ByteArrayOutputStream();
            try (AdvisoryUpdates updates = new AdvisoryUpdates(f.database, advisories, Duration.ofHours(6), utf8(second))) {
                updates.start();
                Thread.sleep(3_000);
            }
            assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain("scheduled db update");
            assertThat(MonitorStory.findingResolved(f, admin, MonitorStory.A, MonitorStory.ADVISORY)).isFalse();
        }
    }

    /** Every built-in feed off and one feed of the site's own at {@code mirror}, in WARDEN_HOME/db/feeds.json. */
    private static void writeFeedConfig(ServerFixture f, Path mirror) throws IOException {
        ObjectNode config = f.json.createObjectNode();
        ArrayNode feeds = config.putArray("feeds");
        for (var feed : FeedConfig.defaults().feeds()) {
            feeds.addObject().put("name", feed.name()).put("enabled", false);
        }
        feeds.addObject().put("name", "internal-advisories").put("kind", "osv").put("url", mirror.toUri().toString());
        Files.writeString(f.home.resolve("db").resolve("feeds.json"), f.json.writeValueAsString(config));
    }

    private static void writeZip(Path zip, String record) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(MonitorStory.ADVISORY + ".json"));
            z.write(record.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
