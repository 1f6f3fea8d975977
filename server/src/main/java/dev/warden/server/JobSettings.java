package dev.warden.server;

import dev.warden.image.registry.RegistryTags;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server runs its jobs.
 *
 * @param workers           workers claiming jobs (a SQLite server runs one: its database has one writer)
 * @param lease             how long a claimed job stays a worker's without a renewal; renewed every third of it while
 *                          the job runs, so a worker that dies loses its job after at most this long
 * @param poll              how often an idle worker looks for work, and how often a run's last step looks whether
 *                          the run's analyses are done
 * @param schedulerInterval how often the scheduler turns watches' cron schedules into runs
 * @param cacheDir          the blob and layer cache the analyses share (layers already seen are not fetched again)
 * @param tagsPerPage       tags a watch run asks the registry for per page of its tag list (it follows every page)
 */
public record JobSettings(int workers, Duration lease, Duration poll, Duration schedulerInterval, Path cacheDir, int tagsPerPage) {
    /** Two workers: analyses are mostly waiting on a registry and hashing; the default lease rides out long GC pauses. */
    public static final int DEFAULT_WORKERS = 2;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
    /** Cron's unit is the minute: looking every 15 s starts a run within 15 s of its time. */
    public static final Duration DEFAULT_SCHEDULER_INTERVAL = Duration.ofSeconds(15);
    /** A lease shorter than this would be renewed more often than a database round trip can be trusted to take. */
    public static final Duration MIN_LEASE = Duration.ofSeconds(1);
    public static final int MAX_WORKERS = 64;

    public JobSettings {
        if (tagsPerPage < 1) {
            throw new dev.warden.core.WardenException("tags per page must be at least 1, got " + tagsPerPage);
        }
        if (workers < 0 || workers > MAX_WORKERS) {
            throw new dev.warden.core.WardenException("workers must be 0 to " + MAX_WORKERS + ", got " + workers);
        }
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new dev.warden.core.WardenException("the job lease must be at least " + MIN_LEASE.toSeconds() + " s");
        }
    }

    /** Settings that ask for the registry's usual page of tags. */
    public JobSettings(int workers, Duration lease, Duration poll, Duration schedulerInterval, Path cacheDir) {
        this(workers, lease, poll, schedulerInterval, cacheDir, RegistryTags.DEFAULT_TAGS_PER_PAGE);
    }

    public static JobSettings defaults(Path cacheDir) {
        return new JobSettings(DEFAULT_WORKERS, DEFAULT_LEASE, DEFAULT_POLL, DEFAULT_SCHEDULER_INTERVAL, cacheDir);
    }

    public JobSettings withWorkers(int n) {
        return new JobSettings(n, lease, poll, schedulerInterval, cacheDir, tagsPerPage);
    }

    /** The same with pages of {@code n} tags (tests use small pages to make a registry page its list). */
    public JobSettings withTagsPerPage(int n) {
        return new JobSettings(workers, lease, poll, schedulerInterval, cacheDir, n);
    }
}
