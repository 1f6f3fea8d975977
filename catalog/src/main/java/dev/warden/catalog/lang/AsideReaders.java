package dev.warden.catalog.lang;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reader threads of one parsing session ({@link FileParsingCataloger#readerThreads}): files of this machine parsed
 * while the walk hands over the next ones, so that on the whole machine the jars' reading (their central directories,
 * their SHA-1) and the walk with every other cataloger share the cores. A fixed pool with a bounded queue: when
 * {@link #QUEUED} files wait, the handing thread parses the next one itself, so at most {@link #QUEUED} plus the
 * threads' files are open at once and nothing waits unbounded. The threads are daemons: a run that ends without
 * finishing its sessions leaves none behind that keeps the JVM alive.
 */
final class AsideReaders implements AutoCloseable {
    /**
     * Files handed over and not yet parsed. Each holds an open file descriptor and nothing else: 16 keeps the readers
     * fed across a run of small files while far from any descriptor limit.
     */
    static final int QUEUED = 16;

    private final ThreadPoolExecutor executor;

    /** {@code threads} readers named after {@code cataloger}. */
    AsideReaders(String cataloger, int threads) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), task -> {
            Thread t = new Thread(task, "warden-" + cataloger + "-reader-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Parses on a reader thread, or on the calling thread when the queue is full. */
    Future<?> submit(Runnable parse) {
        return executor.submit(parse);
    }

    /** After every submitted parse was waited for: lets the threads end. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
