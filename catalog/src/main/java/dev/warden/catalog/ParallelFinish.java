package dev.warden.catalog;

import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finishes the runs' sessions side by side, one thread a run up to the processors there are: sessions share nothing
 * (each has its own context and sink), and finishing is where most catalogers do their work.
 */
final class ParallelFinish {
    private ParallelFinish() {}

    static void finishAll(List<CatalogerRun> runs, FileSystemView files) throws IOException {
        int threads = Math.max(1, Math.min(runs.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (CatalogerRun r : runs) {
                futures.add(executor.submit(() -> r.finish(files)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while cataloguing", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cataloger failed outside its guard", e.getCause());
                }
            }
        }
    }
}
