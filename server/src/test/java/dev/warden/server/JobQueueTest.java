package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.vulndb.VulnDb;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job table as two replicas use it, each with its own connection pool over one database (a real PostgreSQL made
 * with initdb, and a SQLite file): concurrent workers claim every job exactly once; a lease that expires lets another
 * worker claim the job, and the first worker's results are then refused and rolled back; two schedulers looking at
 * the same tick queue one run.
 */
@Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
class JobQueueTest {
    @TempDir
    static Path dir;
    static PostgresCluster pg;

    @BeforeAll
    static void postgres() throws Exception {
        pg = new PostgresCluster();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /**
     * Two replicas over one database: two pools over one PostgreSQL database or one SQLite file, each with its
     * transactions and job queue, the job and watch tables emptied. One home per kind of database for the whole class:
     * the first open of a SQLite home imports the shipped advisory snapshot, which takes a while.
     */
    private record Replicas(ServerDatabase[] databases, Transactions[] tx, JobQueue[] queues) implements AutoCloseable {
        static Replicas open(String db) {
            Path home = dir.resolve(db);
            String location = db.equals("postgresql") ? pg.url() : null;
            ServerDatabase[] databases = new ServerDatabase[2];
            Transactions[] tx = new Transactions[2];
            JobQueue[] queues = new JobQueue[2];
            for (int i = 0; i < 2; i++) {
                databases[i] = ServerDatabase.open(VulnDb.of(home, location, true, n -> { }));
                tx[i] = new Transactions(databases[i]);
                queues[i] = new JobQueue(tx[i], !databases[i].isSqlite());
            }
            tx[0].inTransaction(c -> {
                for (String table : List.of("job", "watch", "watch_run", "watch_run_tag", "watch_tag")) {
                    c.createStatement().executeUpdate("DELETE FROM " + table);
                }
                return null;
            });
            return new Replicas(databases, tx, queues);
        }

        @Override
        public void close() {
            databases[0].close();
            databases[1].close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void concurrentWorkersOfTwoReplicasClaimEachJobExactlyOnce(String db) throws Exception {
        try (Replicas replicas = Replicas.open(db)) {
            int jobs = 120;
            replicas.tx()[0].inTransaction(c -> {
                for (int i = 0; i < jobs; i++) {
                    JobQueue.enqueue(c, "test", "test:" + i, "{\"n\": " + i + "}", 3, Instant.now());
                }
                return null;
            });
            Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Transactions tx = replicas.tx()[t % 2];
                JobQueue queue = replicas.queues()[t % 2];
                String owner = "worker-" + t;
                running.add(threads.submit(() -> {
                    Optional<JobQueue.Claimed> job;
                    while ((job = queue.claim(owner, Duration.ofSeconds(30))).isPresent()) {
                        JobQueue.Claimed j = job.get();
                        claims.computeIfAbsent(j.id(), k -> new AtomicInteger()).incrementAndGet();
                        tx.inTransaction(c -> {
                            JobQueue.complete(c, j, "{}");
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            threads.shutdown();
            assertThat(claims).hasSize(jobs);
            assertThat(claims.values()).allMatch(n -> n.get() == 1);
            List<JobQueue.Job> done = replicas.queues()[1].list("done", "test", 500, 0);
            assertThat(done).hasSize(jobs).allMatch(j -> j.attempts() == 1);
            assertThat(done.stream().map(JobQueue.Job::leaseOwner).distinct().count()).as("several workers took part").isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anExpiredLeaseIsClaimedAgainAndTheFirstWorkersResultsAreRefused(String db) throws Exception {
        try (Replicas replicas = Replicas.open(db)) {
            Transactions txA = replicas.tx()[0];
            Transactions txB = replicas.tx()[1];
            JobQueue a = replicas.queues()[0];
            JobQueue b = replicas.queues()[1];
            txA.inTransaction(c -> JobQueue.enqueue(c, "test", "lease", "{}", 3, Instant.now()));
            JobQueue.Claimed first = a.claim("a", Duration.ofSeconds(1)).orElseThrow();
            assertThat(b.claim("b", Duration.ofSeconds(30))).as("held by a's lease").isEmpty();
            assertThat(a.renew(first, Duration.ofSeconds(1))).isTrue();
            Thread.sleep(1_300);
            // a's lease ran out: the metrics show the job still running, held by a, with its lease expired
            JobQueue.Metrics stuck = b.metrics(Instant.now(), 10);
            assertThat(stuck.expired()).singleElement().satisfies(j -> {
                assertThat(j.id()).isEqualTo(first.id());
                assertThat(j.leaseOwner()).isEqualTo("a");
            });
            assertThat(stuck.kinds()).singleElement().satisfies(k -> {
                assertThat(k.kind()).isEqualTo("test");
                assertThat(k.byState()).containsExactly(Map.entry("running", 1L));
                assertThat(k.expiredLeases()).isEqualTo(1);
                assertThat(k.last()).as("nothing finished yet").isNull();
            });
            JobQueue.Claimed second = b.claim("b", Duration.ofSeconds(30)).orElseThrow();
            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(a.renew(first, Duration.ofSeconds(1))).as("a's lease is gone").isFalse();
            // a, late, tries to write its results and finish: the whole transaction is refused
            assertThatThrownBy(() -> txA.inTransaction(c -> {
                AuditLog.record(c, "a", "test.result", "job", first.id(), null, "{}");
                JobQueue.complete(c, first, "{\"by\": \"a\"}");
                return null;
            })).isInstanceOf(JobQueue.LeaseLost.class);
            txB.inTransaction(c -> {
                JobQueue.complete(c, second, "{\"by\": \"b\"}");
                return null;
            });
            JobQueue.Job job = b.get(first.id()).orElseThrow();
            assertThat(job.state()).isEqualTo("done");
            assertThat(job.result()).contains("\"b\"");
            assertThat(job.leaseOwner()).isEqualTo("b");
            int results = txB.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = 'test.result'");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(results).as("nothing of a's attempt was written").isZero();

            // a job whose workers keep dying is failed after its last attempt, not claimed forever
            txA.inTransaction(c -> JobQueue.enqueue(c, "test", "dies", "{}", 1, Instant.now()));
            a.claim("a", Duration.ofSeconds(1)).orElseThrow();
            Thread.sleep(1_300);
            assertThat(b.claim("b", Duration.ofSeconds(30))).isEmpty();
            assertThat(b.list("failed", "test", 10, 0)).singleElement().satisfies(j -> assertThat(j.error()).contains("lease expired"));
            JobQueue.Metrics after = a.metrics(Instant.now(), 10);
            assertThat(after.expired()).isEmpty();
            assertThat(after.kinds()).singleElement().satisfies(k -> {
                assertThat(k.byState()).containsOnly(Map.entry("done", 1L), Map.entry("failed", 1L));
                assertThat(k.expiredLeases()).isZero();
                assertThat(k.last().dedupeKey()).as("the last to finish").isEqualTo("dies");
                assertThat(k.last().state()).isEqualTo("failed");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void twoReplicasSchedulersQueueOneRunPerTick(String db) throws Exception {
        try (Replicas replicas = Replicas.open(db)) {
            var json = ServerJson.mapper();
            Instant now = Instant.parse("2026-12-08T02:00:20Z");
            List<WatchScheduler> schedulers = new ArrayList<>();
            WatchStore store = null;
            for (int i = 0; i < 2; i++) {
                Transactions tx = replicas.tx()[i];
                store = new WatchStore(tx, json);
                WatchRunner runner = new WatchRunner(store, replicas.queues()[i], new ImageStore(tx, json), new PolicyStore(tx, json),
                        new VexStore(tx), null, null, tx, json, JobSettings.defaults(dir.resolve("cache")), Map.of());
                schedulers.add(new WatchScheduler(store, runner, Clock.fixed(now, ZoneOffset.UTC), System.err));
            }
            Watch w = store.create(new WatchStore.Spec("nightly", "registry.example.com", "shop/app", "*", "0 2 * * *", null, false, true), "test");
            replicas.tx()[0].inTransaction(c -> {
                c.createStatement().executeUpdate("UPDATE watch SET created_at = " + Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
                return null;
            });
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<Integer>> ticks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                WatchScheduler s = schedulers.get(i % 2);
                ticks.add(threads.submit(() -> {
                    go.await();
                    return s.tick();
                }));
            }
            go.countDown();
            int queued = 0;
            for (Future<Integer> t : ticks) {
                queued += t.get();
            }
            threads.shutdown();
            assertThat(queued).isEqualTo(1);
            assertThat(schedulers.get(1).tick()).as("the same tick again").isZero();
            List<WatchStore.Run> runs = store.runs(w.id(), 10, 0);
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.trigger()).isEqualTo("schedule");
                assertThat(r.tick()).isEqualTo(Instant.parse("2026-12-08T02:00:00Z"));
                assertThat(r.state()).isEqualTo("queued");
            });
            // a watch made after the tick does not run for it
            store.create(new WatchStore.Spec("late", "registry.example.com", "shop/other", "*", "0 2 * * *", null, false, true), "test");
            replicas.tx()[0].inTransaction(c -> {
                c.createStatement().executeUpdate("UPDATE watch SET created_at = " + now.minusSeconds(5).toEpochMilli() + " WHERE name = 'late'");
                return null;
            });
            assertThat(schedulers.get(0).tick()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aServerStoppingGivesItsJobsBackAtOnce(String db) throws Exception {
        try (Replicas replicas = Replicas.open(db)) {
            JobQueue queue = replicas.queues()[0];
            replicas.tx()[0].inTransaction(c -> JobQueue.enqueue(c, "test", "stop", "{}", 3, Instant.now()));
            CountDownLatch started = new CountDownLatch(1);
            JobSettings settings = new JobSettings(1, Duration.ofMinutes(10), Duration.ofMillis(50), Duration.ofMinutes(1), dir.resolve("cache"));
            JobWorkers workers = new JobWorkers(queue, Map.of("test", job -> {
                started.countDown();
                Thread.sleep(60_000); // a long job, interrupted by the stop
            }), settings, "stopping", System.err).start();
            assertThat(started.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            workers.close();
            // the 10-minute lease did not have to run out: the job is free now, its interrupted attempt not counted
            JobQueue.Claimed again = replicas.queues()[1].claim("other", Duration.ofSeconds(30)).orElseThrow();
            assertThat(again.attempts()).isEqualTo(1);
        }
    }
}
