package dev.warden.server;

import dev.warden.vulndb.FeedDownloader;
import dev.warden.vulndb.ImportReport;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's own scheduled {@code db update} ({@code warden serve --db-update-every 6h}): every {@code every}, one
 * replica (the one that takes the {@code db-update} cursor's lease) fetches and imports the enabled feeds, as
 * {@code warden db update} does. Its imports write the change log like any other, so the monitor re-judges what they
 * touched. The time of the last update is in the database: a restart does not update again before it is due, and
 * replicas do not update in turn.
 */
public final class AdvisoryUpdates implements AutoCloseable {
    static final String CURSOR = "db-update";
    /** How often a replica looks whether an update is due. */
    static final Duration CHECK_EVERY = Duration.ofMinutes(1);
    /** An update holds the lease this long: the NVD feed's pages alone can take most of an hour. */
    static final Duration LEASE = Duration.ofHours(2);

    private final VulnDb advisories;
    private final MonitorCursors cursors;
    private final Duration every;
    private final String owner;
    private final PrintStream log;
    private final ScheduledExecutorService scheduler;

    public AdvisoryUpdates(ServerDatabase database, VulnDb advisories, Duration every, PrintStream log) {
        this.advisories = advisories;
        this.cursors = new MonitorCursors(new Transactions(database));
        this.every = every;
        this.owner = WardenServer.replicaId();
        this.log = log;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-db-update");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            long now = System.currentTimeMillis();
            // a new cursor says "never updated": the first check updates
            cursors.initialise(CURSOR, "", 0, now);
            var cursor = cursors.read(CURSOR).orElseThrow();
            if (now - cursor.position() < every.toMillis() || !cursors.claim(CURSOR, owner, now, now + LEASE.toMillis())) {
                return;
            }
            try (AdvisoryStore store = advisories.open(false)) {
                List<ImportReport> reports = advisories.update(store, List.of(), FeedDownloader.withDefaultClient(), VulnDb.Listener.NONE);
                long failed = reports.stream().filter(r -> r.failure() != null).count();
                log.println("warden serve: scheduled db update: " + reports.size() + " feed(s), " + failed + " failed"
                        + (failed == 0 ? "" : " (" + String.join("; ", reports.stream().filter(r -> r.failure() != null)
                        .map(r -> r.feed() + ": " + r.failure()).toList()) + ")"));
            } finally {
                cursors.advance(CURSOR, owner, "", now, System.currentTimeMillis());
            }
        } catch (RuntimeException e) {
            log.println("warden serve: scheduled db update failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
