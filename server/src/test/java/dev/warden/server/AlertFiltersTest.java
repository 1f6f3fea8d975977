package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/alerts} filtered as an on-call engineer asks: by image (digest) or by repository, by one kind or
 * several ({@code kind=new_finding,new_kev}), since an instant or since a date; each filter narrows the same real
 * alerts (two images whose verdict a policy publish turned, and another turned back with a grade drop), and a bad value is a 400 naming it.
 */
class AlertFiltersTest {
    private static final String LAX = "version: 1\npolicies:\n  - type: licenses\n    deny: [AGPL-3.0-only]\n";
    /** The images run as root: violated, grade F. */
    private static final String STRICT = "version: 1\npolicies:\n  - type: non_root\n";

    @TempDir
    Path home;

    @Test
    void alertsAreFilteredByImageRepositoryKindsAndSince() throws Exception {
        try (ServerFixture f = new ServerFixture(home, null)) {
            String admin = f.token(Role.ADMIN);
            String viewer = f.token(Role.VIEWER);
            MonitorStory.push(f, admin, MonitorStory.A, "5.8.0-1", null);
            MonitorStory.push(f, admin, MonitorStory.C, "5.8.0-1", null);
            publish(f, admin, LAX); // violated (the default set) -> compliant, grade up
            publish(f, admin, STRICT); // compliant -> violated, grade down to F
            MonitorStory.await(() -> all(f, viewer, "").size() >= 6, Duration.ofSeconds(30), "verdict and grade alerts on both images");
            List<JsonNode> every = all(f, viewer, "");
            assertThat(kinds(every)).contains("verdict_changed", "grade_dropped");

            List<JsonNode> a = all(f, viewer, "repository=shop/a");
            assertThat(a).isNotEmpty().allSatisfy(n -> assertThat(n.path("repository").asText()).isEqualTo("shop/a"));
            assertThat(a).hasSize((int) every.stream().filter(n -> n.path("repository").asText().equals("shop/a")).count());
            assertThat(all(f, viewer, "image=sha256:" + MonitorStory.C)).isNotEmpty()
                    .allSatisfy(n -> assertThat(n.path("digest").asText()).isEqualTo("sha256:" + MonitorStory.C));
            assertThat(all(f, viewer, "repository=shop/nothing")).isEmpty();

            List<JsonNode> two = all(f, viewer, "kind=verdict_changed,grade_dropped");
            assertThat(kinds(two)).containsOnly("verdict_changed", "grade_dropped");
            assertThat(two).hasSize((int) every.stream().filter(n -> List.of("verdict_changed", "grade_dropped")
                    .contains(n.path("kind").asText())).count());
            assertThat(all(f, viewer, "kind=verdict_changed&kind=grade_dropped")).hasSameSizeAs(two);
            assertThat(kinds(all(f, viewer, "kind=grade_dropped&repository=shop/a"))).containsOnly("grade_dropped");

            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            assertThat(all(f, viewer, "since=" + today)).hasSameSizeAs(every);
            assertThat(all(f, viewer, "since=" + today.plusDays(1))).isEmpty();
            assertThat(all(f, viewer, "since=" + today + "T00:00:00Z")).hasSameSizeAs(every);

            for (String bad : List.of("since=yesterday", "since=2026-13-01", "kind=new_finding,everything", "kind=", "repository=",
                    "image=shop/a")) {
                HttpResponse<String> r = f.get("/api/v1/alerts?" + bad, viewer);
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).as(bad).startsWith("application/problem+json");
            }
        }
    }

    private static void publish(ServerFixture f, String token, String yaml) throws Exception {
        HttpResponse<String> r = f.send("PUT", "/api/v1/policy", token, yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static List<JsonNode> all(ServerFixture f, String token, String query) throws Exception {
        HttpResponse<String> r = f.get("/api/v1/alerts?limit=500" + (query.isEmpty() ? "" : "&" + query), token);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        f.json(r).path("items").forEach(out::add);
        return out;
    }

    private static List<String> kinds(List<JsonNode> alerts) {
        return alerts.stream().map(n -> n.path("kind").asText()).distinct().toList();
    }
}
