package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same migrations and API on a real PostgreSQL: two server replicas over one database share what is pushed, a
 * digest pushed to both at once is stored once, and a PostgreSQL restart under load is ridden out (503 meanwhile,
 * never 500, then working again) without restarting either server.
 */
@Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
class ServerPostgresTest {
    @RegisterExtension
    final PostgresReplicas replicas = new PostgresReplicas();

    @Test
    void replicasShareOneDatabaseAndStoreADigestOnce() throws Exception {
        ServerFixture a = replicas.a();
        ServerFixture b = replicas.b();
        String token = a.token(Role.ADMIN); // made through replica A's pool, accepted by B: one token table
        byte[] body = TestImages.pushBody(TestImages.debian(ServerApiTest.DIGEST_A, "5.8.0-1", null), "shop/app", List.of("1.0"), a.json);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> pushes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ServerFixture replica = i % 2 == 0 ? a : b;
                pushes.add(pool.submit(() -> replica.send("POST", "/api/v1/images", token, body, "application/json")));
            }
            int created = 0;
            for (Future<HttpResponse<String>> f : pushes) {
                HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
                created += r.statusCode() == 201 ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        JsonNode fromB = b.json(b.get("/api/v1/images", token));
        assertThat(fromB.path("items")).hasSize(1);
        assertThat(b.json(b.get("/api/v1/images/sha256:" + ServerApiTest.DIGEST_A + "/history", token)).path("items")).hasSize(1);
        // the stored verdict names the advisory database it was judged against: PostgreSQL's, empty here, and says so
        JsonNode db = b.json(b.get("/api/v1/images/sha256:" + ServerApiTest.DIGEST_A, token)).path("judgement").path("database");
        assertThat(db.path("location").asText()).startsWith("jdbc:postgresql://127.0.0.1:" + replicas.pg().port);
        String yaml = "version: 1\npolicies:\n  - id: x\n    type: vulnerabilities\n    severities: [critical]\n";
        assertThat(a.send("PUT", "/api/v1/policy", token, yaml.getBytes(), "application/yaml").statusCode()).isEqualTo(201);
        assertThat(b.get("/api/v1/policy", token).body()).isEqualTo(yaml);
    }

    @Test
    void aPostgresRestartUnderLoadIsRiddenOut() throws Exception {
        ServerFixture a = replicas.a();
        ServerFixture b = replicas.b();
        String token = a.token(Role.DEVELOPER);
        byte[] body = TestImages.pushBody(TestImages.debian(ServerApiTest.DIGEST_A, "5.8.0-1", null), "shop/app", List.of("1.0"), a.json);
        assertThat(a.send("POST", "/api/v1/images", token, body, "application/json").statusCode()).isEqualTo(201);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                boolean pushes = i == 0;
                load.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = pushes ? a.send("POST", "/api/v1/images", token, body, "application/json")
                                    : a.get("/api/v1/images/sha256:" + ServerApiTest.DIGEST_A + "/findings", token);
                            statuses.add(r.statusCode());
                            if (r.statusCode() != 200 && r.statusCode() != 503
                                    || r.statusCode() == 503 && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                                bad.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            bad.add(e.toString());
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1500);
            replicas.pg().stop();
            Thread.sleep(3000);
            replicas.pg().start();
            Thread.sleep(1000);
        } finally {
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(bad).isEmpty();
        assertThat(statuses).contains(503);
        // and the same servers work again, reads and writes
        long deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
            status = a.send("POST", "/api/v1/images", token, body, "application/json").statusCode();
        }
        assertThat(status).isEqualTo(200);
        assertThat(a.get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(a.get("/api/v1/images", token).statusCode()).isEqualTo(200);
    }
}
