package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.warden.core.WardenException;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditional downloads from a real HTTP server on loopback, bundles, and the first-run snapshot. */
class UpdateBundleSnapshotTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves files with an ETag and Last-Modified, answering 304 to a matching If-None-Match / If-Modified-Since. */
    private String serve(Map<String, Path> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = files.get(exchange.getRequestURI().getPath());
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            requests.add(exchange.getRequestURI().getPath() + " inm=" + inm + " ims=" + ims);
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
            String lastModified = "Sat, 28 Nov 2026 10:00:00 GMT";
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.getResponseHeaders().add("Last-Modified", lastModified);
            if (etag.equals(inm) || (inm == null && lastModified.equals(ims))) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private VulnDb db(Path home, String feedsJson) throws IOException {
        Files.createDirectories(home.resolve("db"));
        Files.writeString(home.resolve("db/feeds.json"), feedsJson);
        return VulnDb.of(home, null, false, n -> {});
    }

    @Test
    void updateDownloadsThenGetsNotModified() throws IOException {
        String base = serve(Map.of("/go/all.zip", zipOf(TestFeeds.resource("ghsa/GHSA-57j2-w4cx-62h2.json", tmp)),
                "/kev.json", TestFeeds.resource("kev-sample.json", tmp)));
        // every default feed off, two pointed at the loopback server
        StringBuilder feeds = new StringBuilder("{\"feeds\": [");
        for (Feed f : FeedConfig.defaults().feeds()) {
            feeds.append("{\"name\": \"").append(f.name()).append("\", \"enabled\": false},");
        }
        feeds.append("{\"name\": \"osv-Go\", \"url\": \"").append(base).append("/go/all.zip\", \"enabled\": true},");
        feeds.append("{\"name\": \"kev\", \"url\": \"").append(base).append("/kev.json\", \"enabled\": true}]}");
        Path home = tmp.resolve("home");
        VulnDb vulndb = db(home, feeds.toString());
        try (AdvisoryStore store = AdvisoryStore.open(vulndb.database())) {
            List<ImportReport> first = vulndb.update(store, List.of(), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE);
            assertThat(first).extracting(ImportReport::feed).containsExactly("osv-Go", "kev");
            assertThat(first).extracting(ImportReport::notModified).containsOnly(false);
            assertThat(first.get(0).records()).isEqualTo(1);
            assertThat(store.findById("GHSA-57j2-w4cx-62h2")).isPresent();
            assertThat(store.feedState("kev").orElseThrow().etag()).startsWith("\"");
            String hash = store.contentHash();

            List<ImportReport> second = vulndb.update(store, List.of(), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE);
            assertThat(second).extracting(ImportReport::notModified).containsOnly(true);
            assertThat(requests.get(requests.size() - 1)).contains("inm=\"").contains("ims=Sat, 28 Nov 2026 10:00:00 GMT");
            assertThat(store.contentHash()).isEqualTo(hash);
            // downloads are scratch: nothing left behind
            try (var left = Files.list(home.resolve("db/downloads"))) {
                assertThat(left).isEmpty();
            }

            assertThatThrownBy(() -> vulndb.update(store, List.of("nope"), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE))
                    .isInstanceOf(WardenException.class).hasMessageContaining("unknown feed 'nope'");
            VulnDb offline = VulnDb.of(home, null, true, n -> {});
            assertThatThrownBy(() -> offline.update(store, List.of(), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE))
                    .isInstanceOf(WardenException.class).hasMessageContaining("--offline");
        }
    }

    @Test
    void nvdApiPagesAreFetchedWithStartIndexAndImportedTogether() throws IOException {
        // the real 38-entry NVD page, served as three API pages of at most 15 (as resultsPerPage says)
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        JsonNode full = json.readTree(TestFeeds.resource("nvd-api2-full-page.json", tmp).toFile());
        Map<String, Path> pages = new java.util.HashMap<>();
        for (int start = 0; start < 38; start += 15) {
            var page = json.createObjectNode();
            page.put("resultsPerPage", Math.min(15, 38 - start));
            page.put("startIndex", start);
            page.put("totalResults", 38);
            page.put("format", "NVD_CVE");
            var vulns = page.putArray("vulnerabilities");
            for (int i = start; i < Math.min(38, start + 15); i++) {
                vulns.add(full.path("vulnerabilities").get(i));
            }
            pages.put("startIndex=" + start, Files.write(tmp.resolve("page" + start + ".json"), json.writeValueAsBytes(page)));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rest/json/cves/2.0", exchange -> {
            String query = String.valueOf(exchange.getRequestURI().getRawQuery());
            requests.add(query);
            Path page = pages.get(query.contains("startIndex=") ? query.substring(query.indexOf("startIndex=")) : "startIndex=0");
            byte[] body = Files.readAllBytes(page);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/rest/json/cves/2.0?noRejected";
        Path home = tmp.resolve("home");
        VulnDb vulndb = db(home, "{\"nvdPauseMillis\": 10, \"feeds\": [{\"name\": \"nvd\", \"enabled\": true, \"url\": \"" + url + "\"}]}");
        try (AdvisoryStore store = AdvisoryStore.open(vulndb.database())) {
            List<ImportReport> reports = vulndb.update(store, List.of("nvd"), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE);
            assertThat(reports.get(0).records()).isEqualTo(38);
            assertThat(store.counts()).containsEntry("nvd", 38L);
            assertThat(requests).containsExactly("noRejected", "noRejected&startIndex=15", "noRejected&startIndex=30");
        }
    }

    @Test
    void aFailedDownloadKeepsTheDatabase() throws IOException {
        String base = serve(Map.of());
        Path home = tmp.resolve("home");
        VulnDb vulndb = db(home, "{\"feeds\": [{\"name\": \"kev\", \"url\": \"" + base + "/missing.json\"}]}");
        try (AdvisoryStore store = AdvisoryStore.open(vulndb.database())) {
            String before = store.contentHash();
            List<ImportReport> reports = vulndb.update(store, List.of("kev"), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE);
            assertThat(reports).singleElement().satisfies(r -> assertThat(r.failure()).contains("HTTP 404"));
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }

    @Test
    void bundleRoundTripsAndRefusesTampering() throws IOException {
        Path a = tmp.resolve("a");
        String hash;
        Path bundle = tmp.resolve("out/warden-db.zip");
        try (AdvisoryStore store = TestFeeds.store(a)) {
            TestFeeds.load(store, "osv-PyPI", FeedKind.OSV, TestFeeds.resource("pypa-advisory-db-all.tar.gz", tmp));
            TestFeeds.load(store, "kev", FeedKind.KEV, TestFeeds.resource("kev-sample.json", tmp));
            hash = store.contentHash();
            JsonNode manifest = Bundles.build(store, bundle);
            assertThat(manifest.path("schemaVersion").asInt()).isEqualTo(Database.SCHEMA_VERSION);
            assertThat(manifest.path("database").path("sha256").asText()).hasSize(64);
            assertThat(manifest.path("feeds")).isEmpty(); // TestFeeds.load records no feed state
        }
        Path target = tmp.resolve("b/warden.db");
        Bundles.install(bundle, target);
        try (AdvisoryStore installed = AdvisoryStore.open(Database.sqlite(target))) {
            assertThat(installed.contentHash()).isEqualTo(hash);
            assertThat(installed.findByPackage("pypi", "django")).hasSize(116);
        }
        long before = Files.size(target);
        String beforeSha = Bundles.sha256(target);

        // the same bundle with one byte of the database changed
        Path tampered = tmp.resolve("tampered.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(bundle));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] data = in.readAllBytes();
                if (e.getName().equals("warden.db")) {
                    data[data.length / 2] ^= 1;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> Bundles.install(tampered, target)).isInstanceOf(WardenException.class).hasMessageContaining("checksum mismatch");
        Path notZip = Files.writeString(tmp.resolve("x.zip"), "hello");
        assertThatThrownBy(() -> Bundles.install(notZip, target)).isInstanceOf(WardenException.class).hasMessageContaining("not a zip");
        Path truncated = Files.write(tmp.resolve("t.zip"), java.util.Arrays.copyOf(Files.readAllBytes(bundle), 2000));
        assertThatThrownBy(() -> Bundles.install(truncated, target)).isInstanceOf(WardenException.class);
        assertThat(Files.size(target)).isEqualTo(before);
        assertThat(Bundles.sha256(target)).isEqualTo(beforeSha);
        try (var left = Files.list(target.getParent())) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("warden.db");
        }
    }

    @Test
    void firstRunInstallsTheDatedSnapshotWithANotice() throws IOException {
        List<String> notices = new ArrayList<>();
        Path home = tmp.resolve("fresh");
        Clock in2027 = Clock.fixed(Instant.parse("2027-01-07T00:00:00Z"), ZoneOffset.UTC);
        VulnDb vulndb = new VulnDb(home, null, true, notices::add, in2027);
        try (AdvisoryStore store = vulndb.open()) {
            assertThat(notices.get(0)).contains("snapshot").contains("2026-11-28").contains("warden db update");
            assertThat(store.findByPackage("golang", "stdlib")).isNotEmpty();
            assertThat(store.kev("CVE-2021-44228")).isPresent();
            assertThat(store.advisoriesBySource()).containsKeys("osv", "debian-tracker", "alpine-secdb");
            // the whole Go (4,291) and PyPA (2,661) databases, 13 GHSA and 23 distro samples; 7 of the samples are
            // Go or PyPA records already there
            assertThat(store.advisoriesBySource().get("osv")).isEqualTo(4291 + 2661 + 13 + 23 - 7);
        }
        notices.clear();
        try (AdvisoryStore store = vulndb.open()) {
            assertThat(notices).singleElement().satisfies(n -> assertThat(n).startsWith("SAMPLE DATA").contains("advisories dated 2024-10-10"));
        }
        try (var left = java.nio.file.Files.list(home.resolve("db"))) {
            assertThat(left).extracting(p -> p.getFileName().toString()).contains("warden.db").noneMatch(n -> n.endsWith(".db") && n.startsWith("."));
        }
    }

    @Test
    void postgresUrlsBecomeJdbcUrlsWithoutLeakingPasswords() {
        Database pg = Database.parse("postgresql://warden:s%40cret@db.example:5433/advisories?sslmode=require");
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/advisories?sslmode=require");
        assertThat(pg.user()).isEqualTo("warden");
        assertThat(pg.password()).isEqualTo("s@cret");
        assertThat(pg.describe()).doesNotContain("s@cret").doesNotContain("s%40cret");
        assertThat(pg.isSqlite()).isFalse();
        assertThat(Database.parse("/tmp/x.db").isSqlite()).isTrue();
    }

    private Path zipOf(Path file) throws IOException {
        Path zip = tmp.resolve("all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(file.getFileName().toString()));
            out.write(Files.readAllBytes(file));
            out.closeEntry();
        }
        return zip;
    }
}
