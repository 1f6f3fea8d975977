package dev.warden.server;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns each enabled watch's cron schedule into runs. Every replica runs one and looks every few seconds; a tick's run
 * is queued under the key (watch, tick), so whichever replica comes first queues it and the others find it there:
 * one run per tick across replicas. Only the latest tick that is due is queued: a server that was down over several
 * ticks runs once when it is back, as anacron does. A tick before the watch was made is not due.
 */
public final class WatchScheduler implements AutoCloseable {
    private final WatchStore watches;
    private final WatchRunner runner;
    private final Clock clock;
    private final PrintStream log;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-watch-scheduler");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean failingSaid;

    public WatchScheduler(WatchStore watches, WatchRunner runner, Clock clock, PrintStream log) {
        this.watches = watches;
        this.runner = runner;
        this.clock = clock;
        this.log = log;
    }

    public WatchScheduler start(java.time.Duration every) {
        executor.scheduleWithFixedDelay(this::safeTick, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void safeTick() {
        try {
            tick();
            failingSaid = false;
        } catch (RuntimeException e) {
            if (!failingSaid) {
                failingSaid = true;
                log.println("warden serve: watch scheduler: " + e.getMessage() + " (retrying)");
            }
        }
    }

    /** One look at every enabled watch; the number of runs this call queued. */
    public int tick() {
        Instant now = clock.instant();
        int queued = 0;
        for (Watch w : watches.enabled()) {
            Optional<Instant> due = w.cron().latestAtOrBefore(now);
            if (due.isPresent() && !due.get().isBefore(w.createdAt()) && runner.runForTick(w, due.get())) {
                queued++;
            }
        }
        return queued;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
