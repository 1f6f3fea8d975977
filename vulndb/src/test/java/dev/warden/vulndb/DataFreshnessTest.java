package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.FeedState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How current the data is comes from the data (issue 15): record dates, the shipped parts' source dates, the server's
 * Last-Modified; the shipped sample says it is one; imports of files with no record change nothing; an update with
 * unreachable feeds goes on with the others and says why each failed.
 */
class DataFreshnessTest {

    @TempDir
    Path tmp;

    private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    private VulnDb vulnDb(Path home, List<String> notices) {
        return new VulnDb(home, null, true, notices::add, DEC_2026);
    }

    @Test
    void theShippedSnapshotIsTheWholeGoAndPypaDatabasesAndSaysItIsASample() {
        List<String> notices = new ArrayList<>();
        VulnDb vulndb = vulnDb(tmp.resolve("home"), notices);
        try (AdvisoryStore store = vulndb.open()) {
            assertThat(notices.get(0)).contains("installed the snapshot", "2026-11-28", "whole Go and PyPA");
            // the subsets shipped before held 11 urllib3 and no flask-cors advisories; these are the whole PyPA database's counts,
            // the same as the test resource pypa-advisory-db-all.tar.gz gives
            assertThat(store.findByPackage("pypi", "django")).hasSize(116);
            assertThat(store.feedState("snapshot-osv-go-vulndb")).get().satisfies(s -> {
                assertThat(s.records()).isEqualTo(4291);
                // the Go files carry 0001-01-01 dates: the part's source commit date stands in
                assertThat(s.dataDate()).isEqualTo(Instant.parse("2026-08-21T00:00:00Z"));
                assertThat(s.sample()).isFalse();
            });
            assertThat(store.feedState("snapshot-kev")).get().satisfies(s -> {
                assertThat(s.records()).isEqualTo(1404);
                assertThat(s.dataDate()).isEqualTo(Instant.parse("2025-08-25T00:00:00Z")); // the newest dateAdded
            });
            assertThat(store.feedState("snapshot-debian-tracker-sample")).get().extracting(FeedState::sample).isEqualTo(true);

            ScanResult.DatabaseInfo info = vulndb.describe(store);
            assertThat(info.sample()).isTrue();
            // the oldest advisory source decides: the PyPA repository's last commit
            assertThat(info.dataDate()).isEqualTo(Instant.parse("2024-10-10T00:00:00Z"));
            assertThat(info.caveat(DEC_2026.instant())).get().asString()
                    .startsWith("SAMPLE DATA").contains("advisories dated 2024-10-10 (788 days old, limit 7)", "warden db update");
            // a second open warns again, with the same sentence the reports carry
            notices.clear();
            try (AdvisoryStore again = vulndb.open()) {
                assertThat(notices).containsExactly(info.caveat(DEC_2026.instant()).orElseThrow());
            }
        }
    }

    @Test
    void anOwnFeedEndsTheSampleOnlyForTheEcosystemsItCoversAndOwnFeedsForAllOfThemDateTheData() throws IOException {
        VulnDb vulndb = vulnDb(tmp.resolve("home"), new ArrayList<>());
        try (AdvisoryStore store = vulndb.open()) {
            // the snapshot alone: sample for every catalogued ecosystem only its sample parts name (Go and PyPI are whole)
            ScanResult.DatabaseInfo shipped = vulndb.describe(store);
            assertThat(shipped.sample()).isTrue();
            assertThat(shipped.sampleEcosystems()).containsExactly(SHIPPED_SAMPLE.toArray(String[]::new));

            Path npm = Files.createDirectories(tmp.resolve("npm"));
            Files.writeString(npm.resolve("a.json"), """
                    {"id": "GHSA-test-0001", "modified": "2026-12-01T08:00:00Z", "published": "2026-11-30T08:00:00Z",
                     "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}, "ranges": [{"type": "SEMVER",
                       "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]}""");
            Files.writeString(npm.resolve("b.json"), """
                    {"id": "GHSA-test-0002", "modified": "2099-01-01T00:00:00Z",
                     "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"}, "versions": ["1.0.0"]}]}""");
            vulndb.importSources(store, List.of(npm.toString()), FeedKind.OSV, "osv-npm", true, null, VulnDb.Listener.NONE);
            // a record dated in the future does not make the feed look current
            assertThat(store.feedState("osv-npm")).get().extracting(FeedState::dataDate).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
            assertThat(store.feedEcosystems().get("osv-npm")).containsExactly("npm");

            // one's own npm feed: npm is no longer the sample, Debian, Alpine and the others still are, and reports say which
            ScanResult.DatabaseInfo npmOnly = vulndb.describe(store);
            assertThat(npmOnly.sample()).isTrue();
            List<String> stillSample = new ArrayList<>(SHIPPED_SAMPLE);
            stillSample.remove("npm");
            assertThat(npmOnly.sampleEcosystems()).containsExactly(stillSample.toArray(String[]::new));
            assertThat(npmOnly.caveat(DEC_2026.instant())).get().asString()
                    .startsWith("SAMPLE DATA: the advisories for " + String.join(", ", stillSample) + " are only the sample shipped with Warden");

            // the Debian tracker covers Debian
            vulndb.importSources(store, List.of(resource("feeds/debian-security-tracker-sample.json").toString()), FeedKind.DEBIAN_TRACKER,
                    "debian-tracker", true, null, VulnDb.Listener.NONE);
            assertThat(vulndb.describe(store).sampleEcosystems()).doesNotContain("Debian", "npm").contains("Alpine", "Maven");

            // own feeds for every other ecosystem the sample parts name: no sample left, and the user's feeds date the data
            Path rest = Files.createDirectories(tmp.resolve("rest"));
            int n = 0;
            for (String ecosystem : List.of("AlmaLinux:9", "Alpine:v3.19", "Chainguard", "Maven", "RubyGems", "Ubuntu:22.04:LTS", "Wolfi", "Go",
                    "PyPI")) {
                Files.writeString(rest.resolve("r" + n + ".json"), "{\"id\": \"OWN-" + n++ + "\", \"modified\": \"2026-12-02T00:00:00Z\", "
                        + "\"affected\": [{\"package\": {\"ecosystem\": \"" + ecosystem + "\", \"name\": \"some-package\"}, \"versions\": [\"1.0\"]}]}");
            }
            vulndb.importSources(store, List.of(rest.toString()), FeedKind.OSV, "my-osv", true, null, VulnDb.Listener.NONE);
            ScanResult.DatabaseInfo own = vulndb.describe(store);
            assertThat(own.sample()).isFalse();
            assertThat(own.sampleEcosystems()).isEmpty();
            // the oldest of the user's feeds (npm's, 2026-12-01; the Debian sample file carries no date and was imported now)
            assertThat(own.dataDate()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
            assertThat(own.caveat(DEC_2026.instant())).isEmpty();
            // ... and a week later it is stale
            assertThat(own.caveat(Instant.parse("2026-12-09T12:00:00Z"))).get().asString()
                    .startsWith("STALE DATA: advisories dated 2026-12-01 (8 days old, limit 7)");
        }
    }

    /** The catalogued ecosystems the shipped snapshot has only samples of (Bitnami and root.io's records match no catalogued package). */
    static final List<String> SHIPPED_SAMPLE = List.of("AlmaLinux", "Alpine", "Chainguard", "Debian", "Maven", "npm", "RubyGems", "Ubuntu", "Wolfi");

    private Path resource(String name) {
        try {
            return Path.of(getClass().getClassLoader().getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFileWithNoRecordIsRefusedAndChangesNothing() throws IOException {
        VulnDb vulndb = vulnDb(tmp.resolve("home"), new ArrayList<>());
        try (AdvisoryStore store = vulndb.open()) {
            String hash = store.contentHash();
            List<FeedState> states = store.feedStates();
            Path html = Files.writeString(tmp.resolve("report.html"), "<html><body>502 Bad Gateway</body></html>");
            Path randomJson = Files.writeString(tmp.resolve("random.json"), "{\"vulnerabilities\": []}");
            for (Path file : List.of(html, randomJson)) {
                assertThatThrownBy(() -> vulndb.importSources(store, List.of(file.toString()), null, "snapshot-kev", true, null,
                        VulnDb.Listener.NONE)).isInstanceOf(WardenException.class).hasMessageContaining(file.getFileName().toString());
            }
            // even told the format, and as a full refresh of a feed that has data: nothing is removed, no date refreshed
            assertThatThrownBy(() -> vulndb.importSources(store, List.of(randomJson.toString()), FeedKind.KEV, "snapshot-kev", true,
                    null, VulnDb.Listener.NONE)).isInstanceOf(WardenException.class)
                    .hasMessageContaining("holds no kev record").hasMessageContaining("database is unchanged");
            assertThat(store.contentHash()).isEqualTo(hash);
            assertThat(store.feedStates()).isEqualTo(states);
        }
    }

    @Test
    void anUpdateTriesEveryFeedAndSaysWhyEachUnreachableOneFailed() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again when the update runs: connections are refused
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] kev = getClass().getClassLoader().getResourceAsStream("feeds/kev-sample.json").readAllBytes();
        server.createContext("/kev.json", exchange -> {
            exchange.getResponseHeaders().add("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
            exchange.sendResponseHeaders(200, kev.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(kev);
            }
        });
        server.start();
        try {
            Path home = tmp.resolve("home");
            Files.createDirectories(home.resolve("db"));
            Files.writeString(home.resolve("db/feeds.json"), "{\"feeds\": ["
                    + "{\"name\": \"osv-Go\", \"url\": \"http://127.0.0.1:" + closedPort + "/all.zip\"},"
                    + "{\"name\": \"debian-tracker\", \"url\": \"" + tmp.resolve("mirror/missing.json").toUri() + "\"},"
                    + "{\"name\": \"kev\", \"url\": \"http://127.0.0.1:" + server.getAddress().getPort() + "/kev.json\"}]}");
            VulnDb vulndb = new VulnDb(home, null, false, n -> {}, DEC_2026);
            try (AdvisoryStore store = vulndb.open()) {
                List<ImportReport> reports = vulndb.update(store, List.of("osv-Go", "debian-tracker", "kev"),
                        FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE);
                assertThat(reports).extracting(ImportReport::feed).containsExactly("osv-Go", "debian-tracker", "kev");
                assertThat(reports.get(0).failure()).contains("cannot reach 127.0.0.1").doesNotContain("null");
                assertThat(reports.get(1).failure()).contains("no such file", "missing.json").doesNotContain("null");
                assertThat(reports.get(2).failed()).isFalse();
                assertThat(reports.get(2).records()).isPositive();
                assertThat(vulndb.wayOut()).contains("warden db import BUNDLE", "feeds.json");
            }
        } finally {
            server.stop(0);
        }
    }
}
