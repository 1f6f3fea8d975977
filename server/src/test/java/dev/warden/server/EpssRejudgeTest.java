package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.ChangeLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EPSS import that moves a score is an advisory change like any other: a stored image with a finding of that CVE
 * is re-judged within the monitor's bound, the policy on EPSS sees the new score, the verdict changes and the alert
 * says cause {@code epss}; an image without the finding is left alone. (Before, scores were not in the change log and
 * findings kept their old EPSS until the image was next judged in full.)
 */
class EpssRejudgeTest {
    static final String CVE = "CVE-2099-4242";

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void anEpssScoreAboveThePolicysThresholdReJudgesTheImagesWithThatFindingWithCauseEpss() throws Exception {
        try (ServerFixture f = new ServerFixture(home, null)) {
            String admin = f.token(Role.ADMIN);
            VulnDb vulndb = VulnDb.of(home, null, true, notice -> { });
            Path advisory = Files.createDirectories(work.resolve("osv"));
            Files.writeString(advisory.resolve("own.json"), "{\"schema_version\":\"1.6.0\",\"id\":\"OWN-2099-1\",\"modified\":\"2026-12-01T00:00:00Z\","
                    + "\"aliases\":[\"" + CVE + "\"],\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"wardenfoo\"},"
                    + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.0-2\"}]}]}]}");
            importInto(vulndb, advisory, FeedKind.OSV, "own-osv");
            importInto(vulndb, epss(0.01), FeedKind.EPSS, "local-epss");
            String yaml = "version: 1\npolicies:\n  - id: likely-exploited\n    type: epss\n    max: 0.5\n    weight: 10\n";
            assertThat(f.send("PUT", "/api/v1/policy", admin, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml").statusCode()).isEqualTo(201);
            MonitorStory.await(() -> caughtUp(f, vulndb), Duration.ofSeconds(30), "the monitor follows the imports and the policy");

            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1", "wardenfoo"); // holds wardenfoo: a finding of the CVE, EPSS 0.01
            MonitorStory.push(f, admin, MonitorStory.B, "5.8.0-1", null);        // does not
            assertThat(verdict(f, admin, MonitorStory.A)).isEqualTo("compliant");
            assertThat(epssOf(f, admin, MonitorStory.A)).isEqualTo(0.01);
            int a0 = MonitorStory.history(f, admin, MonitorStory.A).size();
            int b0 = MonitorStory.history(f, admin, MonitorStory.B).size();

            importInto(vulndb, epss(0.93), FeedKind.EPSS, "local-epss");
            MonitorStory.await(() -> MonitorStory.history(f, admin, MonitorStory.A).size() > a0, MonitorStory.NOTICED_WITHIN,
                    "A re-judged for the EPSS score");
            JsonNode judged = MonitorStory.history(f, admin, MonitorStory.A).get(0);
            assertThat(judged.path("cause").asText()).isEqualTo("epss");
            assertThat(judged.path("causeDetail").path("advisories")).extracting(JsonNode::asText).containsExactly(CVE);
            assertThat(verdict(f, admin, MonitorStory.A)).isEqualTo("violated");
            assertThat(epssOf(f, admin, MonitorStory.A)).isEqualTo(0.93);
            JsonNode changed = MonitorStory.alerts(f, admin, MonitorStory.A).stream()
                    .filter(a -> a.path("kind").asText().equals("verdict_changed")).findFirst().orElseThrow();
            assertThat(changed.path("cause").asText()).isEqualTo("epss");
            assertThat(changed.path("verdict").path("before").asText()).isEqualTo("compliant");
            assertThat(changed.path("verdict").path("after").asText()).isEqualTo("violated");
            assertThat(MonitorStory.history(f, admin, MonitorStory.B)).hasSize(b0);

            // the judgement says what its data was: the own feed covers Debian, the shipped sample is still the data for Alpine
            JsonNode database = judged.path("database");
            assertThat(database.path("sample").asBoolean()).isTrue();
            assertThat(database.path("sampleEcosystems")).extracting(JsonNode::asText).contains("Alpine", "Maven").doesNotContain("Debian");
        }
    }

    private Path epss(double score) throws Exception {
        Path csv = work.resolve("epss.csv");
        Files.writeString(csv, "#model_version:v2025.03.14,score_date:2026-12-01T00:00:00+0000\ncve,epss,percentile\n" + CVE + ","
                + String.format(java.util.Locale.ROOT, "%.5f", score) + ",0.99000\n");
        return csv;
    }

    private static void importInto(VulnDb vulndb, Path source, FeedKind kind, String feed) throws Exception {
        try (AdvisoryStore store = vulndb.open(false)) {
            vulndb.importSources(store, List.of(source.toString()), kind, feed, true, null, VulnDb.Listener.NONE);
        }
    }

    /** The monitor has followed the change log to its end and the policy to its active version. */
    private static boolean caughtUp(ServerFixture f, VulnDb vulndb) throws Exception {
        long last;
        try (Connection c = vulndb.database().connect()) {
            last = ChangeLog.state(c).lastSeq();
        }
        return MonitorStory.count(f, "SELECT COUNT(*) FROM monitor_cursor WHERE name = 'advisories' AND position = " + last + " AND owner IS NULL") == 1
                && MonitorStory.count(f, "SELECT COUNT(*) FROM monitor_cursor WHERE name = 'policy' AND position = 1 AND owner IS NULL") == 1;
    }

    private static String verdict(ServerFixture f, String token, String digest) throws Exception {
        return MonitorStory.history(f, token, digest).get(0).path("verdict").asText();
    }

    private static double epssOf(ServerFixture f, String token, String digest) throws Exception {
        JsonNode items = f.json(f.get("/api/v1/images/sha256:" + digest + "/findings?limit=500", token)).path("items");
        List<JsonNode> found = MonitorStory.findings(items, CVE);
        assertThat(found).as("the finding of " + CVE).hasSize(1);
        return found.get(0).path("epss").path("score").asDouble();
    }
}
