package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.vulndb.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First runs at once on an empty home all get the snapshot's database, and leave nothing else behind. */
class ConcurrentFirstRunTest {

    @TempDir
    Path tmp;

    @Test
    void fourFirstRunsAtOnceAllSucceedAndLeaveOnlyTheDatabase() throws Exception {
        Path home = tmp.resolve("home");
        int runs = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    try (AdvisoryStore store = new VulnDb(home, null, true, notice -> {}, Clock.systemUTC()).open()) {
                        return store.findByPackage("pypi", "urllib3").size();
                    }
                }));
            }
            start.countDown();
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(11);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(home.resolve("db"))) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("warden.db");
        }
    }
}
