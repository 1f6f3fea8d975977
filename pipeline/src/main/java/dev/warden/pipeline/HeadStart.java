package dev.warden.pipeline;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Set-up a command will need later (loading and initialising a writer's classes, say), started on a daemon thread of
 * its own while the main thread reads the image. Nobody waits for it: if the main thread gets there first it does the
 * same work itself, and a failure here is met again, and reported, where the work is really needed.
 */
public final class HeadStart {
    private HeadStart() {}

    /** Runs {@code work} on a daemon thread named {@code threadName}; for {@link StartUpWork}, which lists every use. */
    static void run(String threadName, Runnable work) {
        ExecutorService executor = daemonThread(threadName);
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // only a head start (see above)
            }
        });
        executor.shutdown();
    }

    /**
     * An executor of one daemon thread named {@code threadName}, for work the main thread may never wait for: it never
     * keeps the JVM alive, and an Error escaping there stays silent (it is met again on the main thread).
     */
    public static ExecutorService daemonThread(String threadName) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> { });
            return thread;
        });
    }
}
