package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.server.PostgresCluster;
import dev.warden.server.WatchImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code warden serve} processes, each with its own WARDEN_HOME and layer cache as on two machines, over one
 * real PostgreSQL (initdb), watching Debian's docker-registry (images pushed by skopeo):
 * <ul>
 *   <li>a watch of 20 images, run once: both replicas' workers take analyses, and each image is analysed exactly
 *       once (one analysis job per digest with one attempt; each image's own layer fetched from the registry once);</li>
 *   <li>a worker killed with SIGKILL while it pulls an image (a proxy holds the blob download) loses its job to the
 *       other replica once its short lease expires; the image is stored once, whole, and nothing of the killed
 *       attempt was written.</li>
 * </ul>
 */
@Tag("live") // a real PostgreSQL cluster and docker-registry
class WatchReplicasTest {
    /** Short, so that the killed worker's job is free again quickly; renewed every third of it while a job runs. */
    private static final String LEASE = "4s";
    private static final int IMAGES = 20;

    @TempDir
    Path dir;
    private final List<WardenProcess.Served> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws InterruptedException {
        for (WardenProcess.Served p : processes) {
            p.close();
        }
    }

    @Test
    void replicasShareAWatchAnalysingEachImageOnceAndOutliveAWorkerKilledMidJob() throws Exception {
        try (PostgresCluster pg = new PostgresCluster(); RegistryServer registry = RegistryServer.anonymous(dir.resolve("registry"));
             StallingProxy proxy = new StallingProxy(registry.host())) {
            List<String> tags = IntStream.rangeClosed(1, IMAGES).mapToObj(i -> String.format("t%02d", i)).toList();
            WatchImages images = WatchImages.create(dir.resolve("images")).add(tags, "replica").add("slow", "held mid-pull");
            for (String tag : tags) {
                registry.push(images.layout(), tag, "replicas/app:" + tag);
            }
            registry.push(images.layout(), "slow", "stall/app:1.0");

            WardenProcess replicaA = new WardenProcess(dir, "a", pg.url());
            WardenProcess.Run tokenRun = replicaA.run(Map.of(), "server", "token", "create", "--name", "admin", "--role", "admin");
            assertThat(tokenRun.exit()).as(tokenRun.err()).isZero();
            String token = tokenRun.out().trim();
            WardenProcess.Served a = serve(replicaA, "a");
            WardenProcess.Served b = serve(new WardenProcess(dir, "b", pg.url()), "b");
            String urlA = a.awaitListening();
            String urlB = b.awaitListening();

            // ---- 20 images, one run, two replicas
            String watch = createWatch(urlA, token, "replicas", registry.host(), "replicas/app");
            JsonNode run = runAndWait(urlA, urlB, token, watch);
            assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("done");
            assertThat(run.path("tagsMatched").asInt()).isEqualTo(IMAGES);
            assertThat(run.path("toAnalyse").asInt()).isEqualTo(IMAGES);
            assertThat(run.path("analysed").asInt()).isEqualTo(IMAGES);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres", "postgres", "")) {
                List<Map<String, Object>> analyses = rows(c, "SELECT dedupe_key, state, attempts, lease_owner FROM job WHERE kind = 'watch.analyse'");
                assertThat(analyses).hasSize(IMAGES);
                assertThat(analyses).allSatisfy(j -> {
                    assertThat(j.get("state")).isEqualTo("done");
                    assertThat(j.get("attempts")).isEqualTo(1L);
                });
                assertThat(analyses.stream().map(j -> j.get("dedupe_key")).distinct()).hasSize(IMAGES);
                List<Long> owners = analyses.stream().map(j -> pidOf((String) j.get("lease_owner"))).distinct().toList();
                assertThat(owners).as("both replicas analysed").containsExactlyInAnyOrder(a.pid(), b.pid());
                assertThat(count(c, "SELECT COUNT(*) FROM image WHERE repository = '" + registry.host() + "/replicas/app'")).isEqualTo(IMAGES);
                assertThat(count(c, "SELECT COUNT(*) FROM judgement j JOIN image i ON i.digest = j.digest WHERE i.repository = '"
                        + registry.host() + "/replicas/app'")).as("one judgement each").isEqualTo(IMAGES);
            }
            for (String tag : tags) {
                assertThat(registry.requests("GET", "/blobs/" + images.ownLayer(tag))).as(tag + "'s own layer, fetched once").isEqualTo(1);
            }
            // the shared base layer: kept by each replica's layer cache once fetched; two workers of one replica that start
            // at once may both fetch it before either has kept it (the cache does not make one wait for the other)
            assertThat(registry.requests("GET", "/blobs/" + images.baseLayer())).as("at most once per worker").isBetween(1L, 4L);

            // ---- a worker killed mid-job
            String stalled = createWatch(urlA, token, "stalled", proxy.host(), "stall/app");
            proxy.holdBlobs();
            String runId = json.readTree(send(urlA, "POST", "/api/v1/watches/" + stalled + "/run", token, null).body()).path("id").asText();
            String digest = images.digest("slow");
            Map<String, Object> held;
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/postgres", "postgres", "")) {
                held = await(() -> {
                    List<Map<String, Object>> r = rows(c, "SELECT id, lease_owner, lease_expires, attempts FROM job WHERE dedupe_key = 'analyse:" + digest
                            + "' AND state = 'running'");
                    return r.isEmpty() || proxy.held() == 0 ? null : r.get(0);
                }, Duration.ofMinutes(2), "an analysis of the held image under way");
                long victim = pidOf((String) held.get("lease_owner"));
                WardenProcess.Served killed = victim == a.pid() ? a : b;
                WardenProcess.Served survivor = killed == a ? b : a;
                String survivorUrl = killed == a ? urlB : urlA;
                assertThat(new ProcessBuilder("kill", "-KILL", Long.toString(victim)).start().waitFor()).isZero();
                assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(count(c, "SELECT COUNT(*) FROM image WHERE digest = '" + digest + "'")).as("nothing stored mid-job").isZero();
                proxy.release();

                JsonNode done = awaitRun(survivorUrl, token, stalled, runId);
                assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("done");
                assertThat(done.path("analysed").asInt()).isEqualTo(1);
                Map<String, Object> job = rows(c, "SELECT state, attempts, lease_owner, started_at FROM job WHERE id = '" + held.get("id") + "'").get(0);
                assertThat(job.get("state")).isEqualTo("done");
                assertThat(job.get("attempts")).as("claimed again after the lease expired").isEqualTo(2L);
                assertThat(pidOf((String) job.get("lease_owner"))).isEqualTo(survivor.pid());
                assertThat((Long) job.get("started_at")).as("not before the killed worker's lease ran out")
                        .isGreaterThanOrEqualTo((Long) held.get("lease_expires"));
                // stored once and whole: the image, its packages, one judgement, its current judgement pointing at it
                assertThat(count(c, "SELECT COUNT(*) FROM image WHERE digest = '" + digest + "' AND judgement_id IS NOT NULL")).isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM image_package p JOIN image i ON i.id = p.image_id WHERE i.digest = '" + digest + "'")).isPositive();
                assertThat(count(c, "SELECT COUNT(*) FROM judgement WHERE digest = '" + digest + "'")).isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM image_tag WHERE digest = '" + digest + "' AND tag = '1.0'")).isEqualTo(1);
                assertThat(count(c, "SELECT COUNT(*) FROM job WHERE state IN ('queued', 'running')")).isZero();
            }
        }
    }

    private WardenProcess.Served serve(WardenProcess replica, String name) throws Exception {
        WardenProcess.Served served = replica.start(name, "--workers", "2", "--job-lease", LEASE);
        processes.add(served);
        return served;
    }

    private String createWatch(String url, String token, String name, String registry, String repository) throws Exception {
        // a yearly schedule: the runs of this test are the ones it asks for
        String body = "{\"name\": \"" + name + "\", \"registry\": \"" + registry + "\", \"repository\": \"" + repository
                + "\", \"tagPattern\": \"*\", \"schedule\": \"0 0 1 1 *\"}";
        HttpResponse<String> r = send(url, "POST", "/api/v1/watches", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).path("id").asText();
    }

    /** Runs through one replica, follows the run through the other. */
    private JsonNode runAndWait(String runOn, String followOn, String token, String watch) throws Exception {
        HttpResponse<String> r = send(runOn, "POST", "/api/v1/watches/" + watch + "/run", token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return awaitRun(followOn, token, watch, json.readTree(r.body()).path("id").asText());
    }

    private JsonNode awaitRun(String url, String token, String watch, String runId) throws Exception {
        return await(() -> {
            JsonNode run = json.readTree(send(url, "GET", "/api/v1/watches/" + watch + "/runs/" + runId, token, null).body());
            String state = run.path("state").asText();
            return state.equals("done") || state.equals("failed") ? run : null;
        }, Duration.ofMinutes(5), "run " + runId);
    }

    private HttpResponse<String> send(String url, String method, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @FunctionalInterface
    private interface Probe<T> {
        T get() throws Exception;
    }

    private <T> T await(Probe<T> probe, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + timeout + " for " + what + "; serve logs:\n" + Files.readString(dir.resolve("serve-a-err.txt"))
                + "\n" + Files.readString(dir.resolve("serve-b-err.txt")));
    }

    private static long pidOf(String leaseOwner) {
        String[] parts = leaseOwner.split("/"); // host/pid/random
        return Long.parseLong(parts[parts.length - 2]);
    }

    private static List<Map<String, Object>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(rs.getMetaData().getColumnLabel(i), v instanceof Integer n ? Long.valueOf(n) : v);
                }
                out.add(row);
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
