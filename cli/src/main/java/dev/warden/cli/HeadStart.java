package dev.warden.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Set-up a command will need later (loading and initialising a writer's classes, say), started on a daemon thread of
 * its own while the main thread reads the image. Nobody waits for it: if the main thread gets there first it does the
 * same work itself, and a failure here is met again, and reported, where the work is really needed.
 */
final class HeadStart {
    private HeadStart() {}

    static void run(String threadName, Runnable work) {
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true); // never keeps the JVM alive
            thread.setUncaughtExceptionHandler((t, e) -> { }); // an Error here is met again on the main thread
            return thread;
        });
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // only a head start (see above)
            }
        });
        executor.shutdown();
    }
}
