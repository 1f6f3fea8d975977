package dev.warden.server;

import dev.warden.core.WardenException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's workers: a fixed pool of threads, each claiming a job, running its kind's handler while a second,
 * scheduled executor renews the lease, and settling it (done by the handler in its results' transaction, put back
 * for later, or failed with a retry after a backoff). Closing stops claiming and interrupts the jobs in hand; their
 * leases expire and another worker (or replica) takes them.
 */
public final class JobWorkers implements AutoCloseable {
    /** One kind of job's work. It settles the job: {@link JobQueue#complete} in its transaction, or {@link JobQueue#later}. */
    @FunctionalInterface
    public interface Handler {
        void run(JobQueue.Claimed job) throws Exception;
    }

    /** A failed attempt waits this long times the attempts so far before the next. */
    static final Duration RETRY_BACKOFF = Duration.ofSeconds(10);

    private final JobQueue queue;
    private final Map<String, Handler> handlers;
    private final JobSettings settings;
    private final String owner;
    private final PrintStream log;
    private final ExecutorService workers;
    private final ScheduledExecutorService leases;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean databaseDownSaid = new AtomicBoolean();
    /** Jobs in hand now: a graceful stop gives them back at once instead of letting their leases run out. */
    private final java.util.Set<JobQueue.Claimed> inHand = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public JobWorkers(JobQueue queue, Map<String, Handler> handlers, JobSettings settings, String owner, PrintStream log) {
        this.queue = queue;
        this.handlers = Map.copyOf(handlers);
        this.settings = settings;
        this.owner = owner;
        this.log = log;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "warden-job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-job-leases");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the workers; with none configured nothing is claimed here (other replicas do the work). */
    public JobWorkers start() {
        for (int i = 0; i < settings.workers(); i++) {
            workers.submit(this::loop);
        }
        return this;
    }

    /** Who holds the leases this server's workers take. */
    public String owner() {
        return owner;
    }

    private void loop() {
        while (!stopped.get() && !Thread.currentThread().isInterrupted()) {
            Optional<JobQueue.Claimed> claimed;
            try {
                claimed = queue.claim(owner, settings.lease());
                databaseDownSaid.set(false);
            } catch (ServerDatabase.DatabaseUnavailable e) {
                if (databaseDownSaid.compareAndSet(false, true)) {
                    log.println("warden serve: jobs: the database is not available; retrying (" + e.getMessage() + ")");
                }
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                if (!sleep(settings.poll())) {
                    return;
                }
                continue;
            }
            if (stopped.get()) {
                queue.later(claimed.get(), Duration.ZERO); // claimed while the server was stopping: give it back
                return;
            }
            runOne(claimed.get());
        }
    }

    private void runOne(JobQueue.Claimed job) {
        Duration every = settings.lease().dividedBy(3);
        ScheduledFuture<?> renewal = leases.scheduleAtFixedRate(() -> {
            try {
                queue.renew(job, settings.lease());
            } catch (RuntimeException e) {
                // the database is away: the next renewal tries again; if the lease runs out meanwhile the job's
                // completion finds it lost and writes nothing
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        inHand.add(job);
        if (stopped.get()) {
            inHand.remove(job);
            queue.later(job, Duration.ZERO);
            return;
        }
        try {
            Handler handler = handlers.get(job.kind());
            if (handler == null) {
                queue.fail(job, "no handler for jobs of kind '" + job.kind() + "' in this server version", Duration.ZERO);
                return;
            }
            handler.run(job);
            if (!job.settled()) {
                queue.fail(job, "internal error: the " + job.kind() + " handler returned without finishing the job", backoff(job));
            }
        } catch (JobQueue.LeaseLost e) {
            log.println("warden serve: jobs: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: the lease expires and another worker takes the job
        } catch (WardenException | ServerDatabase.DatabaseUnavailable e) {
            settleFailed(job, e.getMessage());
        } catch (Exception | Error e) {
            if (stopped.get()) {
                return;
            }
            log.println("warden serve: jobs: " + job + " failed with an internal error: " + e);
            e.printStackTrace(log);
            settleFailed(job, "internal error: " + e);
        } finally {
            renewal.cancel(false);
            inHand.remove(job);
        }
    }

    private void settleFailed(JobQueue.Claimed job, String message) {
        if (stopped.get() || job.settled()) {
            return;
        }
        try {
            queue.fail(job, message == null ? "failed" : Api.firstLine(message), backoff(job));
        } catch (RuntimeException e) {
            log.println("warden serve: jobs: cannot record the failure of " + job + ": " + e.getMessage());
        }
    }

    private static Duration backoff(JobQueue.Claimed job) {
        return RETRY_BACKOFF.multipliedBy(Math.max(1, job.attempts()));
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops claiming, interrupts the jobs in hand and gives them back to the queue (a SIGTERM'd server, a rolling
     * upgrade): another worker takes them at once. A handler still finishing after that finds its lease gone and
     * writes nothing. A server that dies instead (SIGKILL) gives nothing back: its leases run out.
     */
    @Override
    public void close() {
        stopped.set(true);
        List<JobQueue.Claimed> held = List.copyOf(inHand); // before the interrupts: an interrupted worker lets go of its job
        workers.shutdownNow();
        leases.shutdownNow();
        for (JobQueue.Claimed job : held) {
            try {
                queue.later(job, Duration.ZERO);
            } catch (RuntimeException e) {
                // the database is away: the lease runs out instead
            }
        }
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
