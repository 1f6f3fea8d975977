package dev.warden.pipeline;

import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The advisory store, opened on its own thread while the image is read: loading SQLite's native library,
 * connecting, checking the schema (or installing the snapshot on a first run) and starting the JSON parser of advisory
 * documents then overlap with cataloguing instead of coming before or after it. {@link #get} waits for it; {@link #close} closes it whether or not
 * anyone asked for it, so a failed analysis leaves no connection open. Started by {@link StartUpWork}, which says what
 * runs on its thread.
 */
public final class BackgroundStore implements AutoCloseable {
    private final Future<AdvisoryStore> opening;
    private final VulnDb db;
    private boolean closed;

    private BackgroundStore(VulnDb db, Consumer<AdvisoryStore> opened, Runnable meanwhile) {
        this.db = db;
        ExecutorService executor = HeadStart.daemonThread(StartUpWork.STORE_THREAD); // never keeps a failed command's JVM alive
        opening = executor.submit(() -> {
            AdvisoryStore store = db.open();
            try {
                opened.accept(store);
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

    /**
     * {@link StartUpWork#advisoryStore(VulnDb)}, which says what else runs on the store's thread; kept so that code
     * written against this entry point before start-up was gathered still compiles.
     */
    public static BackgroundStore open(VulnDb db) {
        return StartUpWork.advisoryStore(db);
    }

    /**
     * Starts opening {@code db}'s store; once it is open runs {@code opened} on it (a failure there fails the store,
     * as its own set-up), then {@code meanwhile} on the same thread: set-up the command needs later, done while the
     * image is read, whose failure is only a lost head start.
     */
    static BackgroundStore open(VulnDb db, Consumer<AdvisoryStore> opened, Runnable meanwhile) {
        return new BackgroundStore(db, opened, meanwhile);
    }

    /** What a report says of the data: its date, whether it is the shipped sample (docs/vulndb.md). */
    dev.warden.core.finding.ScanResult.DatabaseInfo describe() throws IOException {
        return db.describe(get());
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
