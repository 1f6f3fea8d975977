package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.SourcePackage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden serve}, {@code warden server token create}, {@code warden push} and {@code --server}, each a real
 * process over real HTTP and the real SQLite database under a temporary WARDEN_HOME: the token is made with no server
 * running, the server says one line when it serves and one when SIGTERM stopped it (after the push in flight
 * finished), and the laptop's {@code policy --server --format json} agrees with the server's stored verdict.
 */
class ServerCommandsTest {
    private static final String DIGEST = "sha256:" + "d".repeat(64);

    @TempDir
    Path dir;
    private WardenProcess warden;
    private WardenProcess.Served serve;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void commands() {
        warden = new WardenProcess(dir, null, null);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    private Path home() {
        return dir.resolve("home");
    }

    private String startServer() throws Exception {
        serve = warden.serve("a");
        // the second line is the console's address, to open in a browser
        assertThat(serve.nextLine()).startsWith("warden serve: console at " + serve.url() + "/ ");
        return serve.url();
    }

    private Path sbomFile() throws IOException {
        ImageInfo image = new ImageInfo("registry.example.com/shop/app:2.0", DIGEST, null, new ImageInfo.Platform("linux", "amd64", null),
                ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        List<Package> packages = List.of(deb("libsope1", "5.8.0-1", new SourcePackage("sope", "5.8.0-1")),
                deb("chromium", "97.0.4692.99-1", new SourcePackage("chromium", "97.0.4692.99-1")));
        Sbom sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"), packages, List.of());
        Path file = dir.resolve("app.cdx.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(sbom, out);
        }
        return file;
    }

    private static Package deb(String name, String version, SourcePackage source) {
        String purl = "pkg:deb/debian/" + name + "@" + version.replace("+", "%2B") + "?arch=amd64&distro=debian-12";
        return new Package(purl, "deb", "debian", name, version, purl, List.of("GPL-2.0-only"), List.of(new Location("/var/lib/dpkg/status", "")),
                source, "dpkg", null, Map.of());
    }

    @Test
    void tokenPushPolicyParityAndGracefulStop() throws Exception {
        WardenProcess.Run token = warden.run(Map.of(), "server", "token", "create", "--name", "ci", "--role", "security");
        assertThat(token.exit()).as(token.err()).isZero();
        assertThat(token.out()).matches("wdn_[A-Za-z0-9_-]{43}\n");
        assertThat(token.err()).as("a token's stderr carries no advisory-data notices").isBlank();
        String secret = token.out().trim();
        WardenProcess.Run badRole = warden.run(Map.of(), "server", "token", "create", "--name", "x", "--role", "root");
        assertThat(badRole.exit()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'root'").doesNotContain("Exception");

        String url = startServer();
        Map<String, String> env = Map.of("WARDEN_TOKEN", secret);
        // a policy published on the server: the laptop must use it, not its default set
        String yaml = "version: 1\npolicies:\n  - id: no-fixable\n    type: vulnerabilities\n    severities: [critical, high, medium, low, unknown]\n"
                + "    fixable_only: true\n  - id: non-root\n    type: non_root\n";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/policy")).header("Authorization", "Bearer " + secret)
                .PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

        Path sbom = sbomFile();
        WardenProcess.Run push = warden.run(env, "push", "sbom://" + sbom, "--server", url, "--repository", "shop/app", "--tag", "2.0", "--exit-code");
        assertThat(push.err()).doesNotContain("Exception");
        assertThat(push.out().lines().findFirst()).contains(DIGEST);
        assertThat(push.out()).contains("verdict: violated");
        assertThat(push.exit()).isEqualTo(1);

        WardenProcess.Run laptop = warden.run(env, "policy", "sbom://" + sbom, "--server", url, "--format", "json");
        assertThat(laptop.exit()).as(laptop.err()).isZero();
        JsonNode local = json.readTree(laptop.out());
        HttpResponse<String> stored = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/images/" + DIGEST))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode judgement = json.readTree(stored.body()).path("judgement");
        Map<String, String> localStatuses = new HashMap<>();
        local.path("results").forEach(r -> localStatuses.put(r.path("policyId").asText(), r.path("status").asText()));
        Map<String, String> serverStatuses = new HashMap<>();
        judgement.path("results").forEach(r -> serverStatuses.put(r.path("policyId").asText(), r.path("status").asText()));
        assertThat(serverStatuses).containsOnlyKeys("no-fixable", "non-root").isEqualTo(localStatuses);
        assertThat(judgement.path("score").asInt()).isEqualTo(local.path("score").path("percent").asInt());
        assertThat(judgement.path("points").asInt()).isEqualTo(local.path("score").path("points").asInt());
        assertThat(judgement.path("grade").asText()).isEqualTo(local.path("score").path("grade").asText());

        // SIGTERM while a push is in flight: the push is answered, then the server says it stopped
        byte[] body = Files.readAllBytes(sbom);
        String pushJson = "{\"repository\":\"shop/app\",\"tags\":[\"2.1\"],\"facts\":{},\"sbom\":" + new String(body, StandardCharsets.UTF_8) + "}";
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/images"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(pushJson)).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(150);
        // SIGTERM from kill(1): Process.destroy() would also close our end of the server's stdout
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(serve.pid())).start().waitFor()).isZero();
        HttpResponse<String> answered = inFlight.get(60, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).as(answered.body()).isIn(200, 201);
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serve.nextLine()).isEqualTo("warden serve: stopped");
        assertThat(serve.nextLine()).isNull();

        // offline: the laptop judges with the cached policy and says how old it is
        WardenProcess.Run offline = warden.run(env, "policy", "sbom://" + sbom, "--server", url, "--format", "json");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.err()).contains("cannot be reached").contains("cached");
        assertThat(json.readTree(offline.out()).path("score").path("percent").asInt()).isEqualTo(judgement.path("score").asInt());
    }

    /**
     * SIGKILL while pushes of a large SBOM are under way, at several moments: after a restart every stored image is
     * whole (its judgement there, as many package rows as the SBOM has packages), never half-written.
     */
    @Test
    void aServerKilledMidPushLeavesNoHalfStoredImage() throws Exception {
        String secret = warden.run(Map.of(), "server", "token", "create", "--name", "ci", "--role", "developer").out().trim();
        List<Package> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(deb("pkg" + i, "1.0-" + i, null));
        }
        // one push to the end first, timed: the kills then land late in a push, where storing happens
        double[] fractions = {-1, 0.8, 0.9, 0.97};
        long full = 0;
        for (int attempt = 0; attempt < fractions.length; attempt++) {
            String url = startServer();
            String digest = "sha256:" + String.format("%064x", attempt + 1);
            ImageInfo image = new ImageInfo("big:" + attempt, digest, null, new ImageInfo.Platform("linux", "amd64", null),
                    ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
            Sbom sbom = new Sbom(image, new Distro("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"), many, List.of());
            java.io.ByteArrayOutputStream cdx = new java.io.ByteArrayOutputStream();
            SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(sbom, cdx);
            String facts = "{\"image\":" + json.writeValueAsString(json.valueToTree(image)) + "}";
            String pushJson = "{\"repository\":\"big\",\"tags\":[\"a\"],\"facts\":" + facts + ",\"sbom\":" + cdx.toString(StandardCharsets.UTF_8) + "}";
            long started = System.nanoTime();
            var answer = http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/images")).header("Authorization", "Bearer " + secret)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(pushJson)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (fractions[attempt] < 0) {
                assertThat(answer.get(300, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
                full = System.nanoTime() - started;
            } else {
                Thread.sleep((long) (full * fractions[attempt] / 1_000_000));
            }
            assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(serve.pid())).start().waitFor()).isZero();
            assertThat(serve.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // a restart recovers the database; then every image stored is whole
        startServer();
        int stored = 0;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home().resolve("server/server.db"));
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT digest, package_count, judgement_id FROM image")) {
            while (rs.next()) {
                stored++;
                assertThat(rs.getLong(2)).isEqualTo(many.size());
                assertThat(rs.getString(3)).as("judgement of " + rs.getString(1)).isNotNull();
                try (var ps = c.prepareStatement("SELECT COUNT(*) FROM image_package WHERE image_id = (SELECT id FROM image WHERE digest = ?)")) {
                    ps.setString(1, rs.getString(1));
                    try (var count = ps.executeQuery()) {
                        count.next();
                        assertThat(count.getLong(1)).isEqualTo(many.size());
                    }
                }
            }
            try (var orphans = c.createStatement().executeQuery("SELECT COUNT(*) FROM judgement WHERE digest NOT IN (SELECT digest FROM image)")) {
                orphans.next();
                assertThat(orphans.getLong(1)).isZero();
            }
        }
        assertThat(stored).isGreaterThanOrEqualTo(1); // the push that was let finish
        System.out.println("ServerCommandsTest: " + (stored - 1) + " of " + (fractions.length - 1) + " killed pushes had been stored whole"
                + " (a full push took " + full / 1_000_000 + " ms)");
    }
}
