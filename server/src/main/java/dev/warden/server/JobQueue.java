package dev.warden.server;

import static dev.warden.server.SqlColumns.instant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work as rows of the {@code job} table, shared by every replica over one database. A worker claims the oldest due
 * row by giving it a lease (on PostgreSQL the row is picked with {@code FOR UPDATE SKIP LOCKED}, so two replicas
 * never take the same row and never wait for each other; on SQLite the claim is one IMMEDIATE transaction, and a
 * server runs one worker). A row whose lease expired (its worker died) is claimed again; a job is done only by the
 * transaction that also writes its results, and only while the lease is still its worker's.
 */
public final class JobQueue {
    /** A row of the table. */
    public record Job(String id, String kind, String dedupeKey, String payload, String state, long attempts, long maxAttempts, Instant runAfter,
                      String leaseOwner, Instant leaseExpires, Instant createdAt, Instant startedAt, Instant finishedAt, String result,
                      String error) {}

    /** A job this worker holds the lease of; settled once done, failed or put back. */
    public static final class Claimed {
        private final String id;
        private final String kind;
        private final String payload;
        private final long attempts;
        private final long maxAttempts;
        private final String owner;
        private final AtomicBoolean settled = new AtomicBoolean();

        Claimed(String id, String kind, String payload, long attempts, long maxAttempts, String owner) {
            this.id = id;
            this.kind = kind;
            this.payload = payload;
            this.attempts = attempts;
            this.maxAttempts = maxAttempts;
            this.owner = owner;
        }

        public String id() {
            return id;
        }

        public String kind() {
            return kind;
        }

        public String payload() {
            return payload;
        }

        /** Claims so far, this one included. */
        public long attempts() {
            return attempts;
        }

        public long maxAttempts() {
            return maxAttempts;
        }

        public String owner() {
            return owner;
        }

        boolean settled() {
            return settled.get();
        }

        @Override
        public String toString() {
            return kind + " job " + id + " (attempt " + attempts + ")";
        }
    }

    /** The job's lease is no longer this worker's (it expired and another worker claimed the job): nothing is written. */
    public static final class LeaseLost extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeaseLost(Claimed job) {
            super(job + ": its lease expired and another worker has it; this worker's results are dropped", null, false, false);
        }
    }

    private static final String COLUMNS = "id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, lease_owner, lease_expires, "
            + "created_at, started_at, finished_at, result, error";

    private final Transactions tx;
    private final boolean skipLocked;

    public JobQueue(Transactions tx, boolean postgres) {
        this.tx = tx;
        this.skipLocked = postgres;
    }

    /**
     * Queues a job unless one with {@code dedupeKey} exists (any state): the key makes "once" hold across replicas, as
     * for a schedule's tick. True when this call queued it.
     */
    public static boolean enqueue(Connection c, String kind, String dedupeKey, String payload, int maxAttempts, Instant runAfter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job (id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, "
                + "created_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING")) {
            bindNew(ps, kind, dedupeKey, payload, maxAttempts, runAfter);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Queues a job under {@code dedupeKey}, or queues the existing one again when it has finished (done or failed); a
     * job with that key that is queued or running is left as it is, so that work on one thing is never done twice at once.
     */
    public static void enqueueOrRearm(Connection c, String kind, String dedupeKey, String payload, int maxAttempts, Instant runAfter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO job (id, kind, dedupe_key, payload, state, attempts, max_attempts, run_after, "
                + "created_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?) ON CONFLICT (dedupe_key) DO UPDATE SET state = 'queued', attempts = 0, "
                + "payload = excluded.payload, run_after = excluded.run_after, lease_owner = NULL, lease_expires = NULL, started_at = NULL, "
                + "finished_at = NULL, result = NULL, error = NULL WHERE job.state IN ('done', 'failed')")) {
            bindNew(ps, kind, dedupeKey, payload, maxAttempts, runAfter);
            ps.executeUpdate();
        }
    }

    private static void bindNew(PreparedStatement ps, String kind, String dedupeKey, String payload, int maxAttempts, Instant runAfter)
            throws SQLException {
        ps.setString(1, UUID.randomUUID().toString());
        ps.setString(2, kind);
        if (dedupeKey == null) {
            ps.setNull(3, Types.VARCHAR);
        } else {
            ps.setString(3, dedupeKey);
        }
        ps.setString(4, payload);
        ps.setLong(5, maxAttempts);
        ps.setLong(6, runAfter.toEpochMilli());
        ps.setLong(7, System.currentTimeMillis());
    }

    /**
     * Claims the oldest job that is due, or whose lease has expired, for {@code owner} with a lease of {@code lease}.
     * A job whose lease expired after its last allowed attempt is marked failed instead (its worker keeps dying on it).
     */
    public Optional<Claimed> claim(String owner, Duration lease) {
        while (true) {
            Optional<Optional<Claimed>> outcome = tx.inTransaction(c -> claimOnce(c, owner, lease));
            if (outcome.isPresent()) {
                return outcome.get();
            }
            // the candidate was given up as failed: look for the next one
        }
    }

    /** Empty: a candidate was failed, look again; else the claimed job or none. */
    private Optional<Optional<Claimed>> claimOnce(Connection c, String owner, Duration lease) throws SQLException {
        long now = System.currentTimeMillis();
        String id;
        String kind;
        String payload;
        long attempts;
        long maxAttempts;
        String state;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, payload, attempts, max_attempts, state FROM job "
                + "WHERE (state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_expires < ?) "
                + "ORDER BY run_after, created_at, id LIMIT 1" + (skipLocked ? " FOR UPDATE SKIP LOCKED" : ""))) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of(Optional.empty());
                }
                id = rs.getString(1);
                kind = rs.getString(2);
                payload = rs.getString(3);
                attempts = rs.getLong(4);
                maxAttempts = rs.getLong(5);
                state = rs.getString(6);
            }
        }
        if (state.equals("running") && attempts >= maxAttempts) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job SET state = 'failed', finished_at = ?, lease_owner = NULL, "
                    + "lease_expires = NULL, error = ? WHERE id = ?")) {
                ps.setLong(1, now);
                ps.setString(2, "its worker stopped before finishing (lease expired) on each of " + attempts + " attempts");
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE job SET state = 'running', attempts = attempts + 1, lease_owner = ?, "
                + "lease_expires = ?, started_at = ? WHERE id = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, now + lease.toMillis());
            ps.setLong(3, now);
            ps.setString(4, id);
            ps.executeUpdate();
        }
        return Optional.of(Optional.of(new Claimed(id, kind, payload, attempts + 1, maxAttempts, owner)));
    }

    /** Extends the lease; false when the job is no longer this worker's. */
    public boolean renew(Claimed job, Duration lease) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job SET lease_expires = ? WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
                ps.setLong(1, System.currentTimeMillis() + lease.toMillis());
                ps.setString(2, job.id);
                ps.setString(3, job.owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Marks the job done with {@code result}, in the caller's transaction (the one writing the job's results):
     * {@link LeaseLost} when the lease is no longer this worker's, which rolls the whole transaction back.
     */
    public static void complete(Connection c, Claimed job, String result) throws SQLException {
        // lease_owner stays: it says which worker did the job
        try (PreparedStatement ps = c.prepareStatement("UPDATE job SET state = 'done', finished_at = ?, result = ?, "
                + "lease_expires = NULL, error = NULL WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, result);
            ps.setString(3, job.id);
            ps.setString(4, job.owner);
            if (ps.executeUpdate() != 1) {
                throw new LeaseLost(job);
            }
        }
        job.settled.set(true);
    }

    /** Puts the job back to be claimed after {@code delay} without counting this claim as an attempt (it waits on other jobs). */
    public void later(Claimed job, Duration delay) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE job SET state = 'queued', attempts = attempts - 1, run_after = ?, "
                    + "lease_owner = NULL, lease_expires = NULL WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
                ps.setLong(1, System.currentTimeMillis() + delay.toMillis());
                ps.setString(2, job.id);
                ps.setString(3, job.owner);
                ps.executeUpdate();
            }
            return null;
        });
        job.settled.set(true);
    }

    /** The attempt failed: queued again after {@code backoff} while attempts remain, else failed for good. */
    public void fail(Claimed job, String error, Duration backoff) {
        boolean last = job.attempts >= job.maxAttempts;
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(last
                    ? "UPDATE job SET state = 'failed', finished_at = ?, error = ?, lease_expires = NULL "
                            + "WHERE id = ? AND lease_owner = ? AND state = 'running'"
                    : "UPDATE job SET state = 'queued', run_after = ?, error = ?, lease_owner = NULL, lease_expires = NULL "
                            + "WHERE id = ? AND lease_owner = ? AND state = 'running'")) {
                ps.setLong(1, System.currentTimeMillis() + (last ? 0 : backoff.toMillis()));
                ps.setString(2, error);
                ps.setString(3, job.id);
                ps.setString(4, job.owner);
                ps.executeUpdate();
            }
            return null;
        });
        job.settled.set(true);
    }

    public Optional<Job> get(String id) {
        return tx.read(c -> SqlRows.first(c, "SELECT " + COLUMNS + " FROM job WHERE id = ?", JobQueue::job, id));
    }

    /** Newest first; {@code state} and {@code kind} null for any. */
    public List<Job> list(String state, String kind, int limit, int offset) {
        return tx.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (state != null) {
                sql.append(" AND state = ?");
                args.add(state);
            }
            if (kind != null) {
                sql.append(" AND kind = ?");
                args.add(kind);
            }
            sql.append(" ORDER BY created_at DESC, id LIMIT ? OFFSET ?");
            args.add(limit);
            args.add(offset);
            return SqlRows.list(c, sql.toString(), JobQueue::job, args);
        });
    }

    /**
     * How one kind of job is doing: how many are in each state, how many running ones have a lease that expired (their
     * worker died or hangs: another worker takes them over, or they fail after their last attempt), and the job of this
     * kind that finished last (done or failed), with how long its last attempt took.
     */
    public record KindMetrics(String kind, Map<String, Long> byState, long expiredLeases, Job last) {}

    /** Every kind's metrics, by kind, and the running jobs whose lease has expired (at most {@code maxStuck}), oldest first. */
    public record Metrics(List<KindMetrics> kinds, List<Job> expired) {}

    /** Counts by kind and state, the last finished job of each kind, and the jobs holding an expired lease at {@code now}. */
    public Metrics metrics(Instant now, int maxStuck) {
        return tx.read(c -> {
            record Count(String kind, String state, long jobs) {}
            Map<String, Map<String, Long>> counts = new TreeMap<>();
            for (Count n : SqlRows.list(c, "SELECT kind, state, COUNT(*) FROM job GROUP BY kind, state",
                    rs -> new Count(rs.getString(1), rs.getString(2), rs.getLong(3)))) {
                counts.computeIfAbsent(n.kind(), k -> new TreeMap<>()).put(n.state(), n.jobs());
            }
            long at = now.toEpochMilli();
            List<Job> expired = SqlRows.list(c, "SELECT " + COLUMNS + " FROM job WHERE state = 'running' AND lease_expires < ? "
                    + "ORDER BY lease_expires, id LIMIT ?", JobQueue::job, at, maxStuck);
            Map<String, Long> expiredByKind = new TreeMap<>();
            for (Map.Entry<String, Long> row : SqlRows.list(c, "SELECT kind, COUNT(*) FROM job WHERE state = 'running' AND lease_expires < ? "
                    + "GROUP BY kind", rs -> Map.entry(rs.getString(1), rs.getLong(2)), at)) {
                expiredByKind.put(row.getKey(), row.getValue());
            }
            List<KindMetrics> kinds = new ArrayList<>();
            for (Map.Entry<String, Map<String, Long>> e : counts.entrySet()) {
                Job last = SqlRows.first(c, "SELECT " + COLUMNS + " FROM job WHERE kind = ? AND state IN ('done', 'failed') "
                        + "ORDER BY finished_at DESC, id LIMIT 1", JobQueue::job, e.getKey()).orElse(null);
                kinds.add(new KindMetrics(e.getKey(), Map.copyOf(e.getValue()), expiredByKind.getOrDefault(e.getKey(), 0L), last));
            }
            return new Metrics(List.copyOf(kinds), List.copyOf(expired));
        });
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7),
                instant(rs, 8), rs.getString(9), instant(rs, 10), instant(rs, 11), instant(rs, 12), instant(rs, 13), rs.getString(14), rs.getString(15));
    }

}
