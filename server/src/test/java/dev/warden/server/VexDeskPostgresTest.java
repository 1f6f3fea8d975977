package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The VEX desk on a real PostgreSQL with two server replicas over it (migration V4 included): one proposal approved on
 * both at once is decided once (the other is told 409), and the review sweep run by both at once expires a statement
 * once. (The PostgreSQL advisory store here is empty, so no image has findings: what is judged is VexDeskTest's.)
 */
@Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
class VexDeskPostgresTest {

    @RegisterExtension
    final PostgresReplicas replicas = new PostgresReplicas();

    @Test
    void twoReplicasDecideOnceAndSweepOnce() throws Exception {
        ServerFixture a = replicas.a();
        ServerFixture b = replicas.b();
        String dev = a.token(Role.DEVELOPER);
        String security = a.token(Role.SECURITY);
        String body = "{\"vulnerability\":\"CVE-2022-0456\",\"products\":[\"pkg:deb/debian/chromium\"],\"status\":\"not_affected\","
                + "\"justification\":\"vulnerable_code_not_in_execute_path\",\"reviewDate\":\"" + LocalDate.now(ZoneOffset.UTC) + "\"}";
        HttpResponse<String> proposed = a.send("POST", "/api/v1/vex/proposals", dev, body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
        String id = a.json(proposed).path("id").asText();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> decisions = new ArrayList<>();
            for (ServerFixture replica : List.of(a, b)) {
                Callable<HttpResponse<String>> approve = () -> replica.send("POST", "/api/v1/vex/statements/" + id + "/approve", security,
                        "{\"comment\":\"ok\"}".getBytes(StandardCharsets.UTF_8), "application/json");
                decisions.add(pool.submit(approve));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> d : decisions) {
                statuses.add(d.get().statusCode());
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);

            // the review date passes; both replicas sweep at once
            long past = LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            new Transactions(a.database).inTransaction(c -> {
                try (var ps = c.prepareStatement("UPDATE vex_statement SET review_date = ? WHERE id = ?")) {
                    ps.setLong(1, past);
                    ps.setString(2, id);
                    return ps.executeUpdate();
                }
            });
            List<Future<VexDesk.Sweep>> sweeps = new ArrayList<>();
            for (ServerFixture replica : List.of(a, b)) {
                Callable<VexDesk.Sweep> sweep = () -> replica.server.vexDesk().reviewSweep(Instant.now());
                sweeps.add(pool.submit(sweep));
            }
            int expired = 0;
            for (Future<VexDesk.Sweep> s : sweeps) {
                expired += s.get().expired().size();
            }
            // the servers' own schedulers may have taken it first: never more than one
            assertThat(expired).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        JsonNode audit = a.json(a.get("/api/v1/audit?type=vex", security)).path("items");
        List<String> actions = audit.findValuesAsText("action");
        assertThat(actions.stream().filter("vex.expire"::equals).count()).isEqualTo(1);
        assertThat(actions.stream().filter("vex.approve"::equals).count()).isEqualTo(1);
    }
}
