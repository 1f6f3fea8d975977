package dev.warden.pipeline;

import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The advisory store, opened on its own thread while the image is read: loading SQLite's native library,
 * connecting, checking the schema (or installing the snapshot on a first run) and starting the JSON parser of advisory
 * documents then overlap with cataloguing instead of coming before or after it. {@link #get} waits for it; {@link #close} closes it whether or not
 * anyone asked for it, so a failed analysis leaves no connection open.
 */
public final class BackgroundStore implements AutoCloseable {
    private final Future<AdvisoryStore> opening;
    private boolean closed;

    private BackgroundStore(VulnDb db, Runnable meanwhile) {
        ExecutorService executor = HeadStart.daemonThread("warden-open-advisory-store"); // never keeps a failed command's JVM alive
        opening = executor.submit(() -> {
            AdvisoryStore store = db.open();
            try {
                store.prepareDocuments(); // the JSON parser's class initialisation, which matching would otherwise pay on the main thread
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            try {
                meanwhile.run();
            } catch (RuntimeException e) {
                // only a head start: whatever failed here is met again, and reported, where it is really needed
            }
            return store;
        });
        executor.shutdown();
    }

    /** Starts opening {@code db}'s store. */
    public static BackgroundStore open(VulnDb db) {
        return new BackgroundStore(db, () -> { });
    }

    /**
     * Starts opening {@code db}'s store, and once it is open runs {@code meanwhile} on the same thread: set-up the
     * command needs later (a report format's {@link dev.warden.report.ReportFormat#prepare}), done while the image is read.
     */
    public static BackgroundStore open(VulnDb db, Runnable meanwhile) {
        return new BackgroundStore(db, meanwhile);
    }

    /** The open store; what stopped it from opening (a user error naming the database, say) is thrown here. */
    public AdvisoryStore get() throws IOException {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening the advisory database", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            opening.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // it never opened: nothing to close, and get() reported why to whoever needed the store
        }
    }
}
