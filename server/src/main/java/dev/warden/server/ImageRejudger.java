package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.LookupKeys;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Re-judges stored images: reads each one's SBOM and facts back, matches it against the advisory database now, applies
 * the approved VEX statements and the active policy, and records findings, judgement (with its {@link Cause}) and
 * alerts in one transaction per image ({@link ImageStore#rejudged}). The entry point for every trigger: the monitor
 * (advisories, VEX, policy) and the nightly job. Policy, VEX and the advisory store are read once per call.
 */
public final class ImageRejudger {
    /**
     * What one call did. {@code readBack}: how many of the judged images had their SBOM read back and matched whole
     * (the rest were judged from the match index alone): an advisory change that reads SBOMs back is the slow path.
     */
    public record Result(int judged, int changed, int alerts, List<String> missing, List<String> failed, int readBack) {
        public static Result empty() {
            return new Result(0, 0, 0, List.of(), List.of(), 0);
        }

        Result plus(Result other) {
            List<String> m = new ArrayList<>(missing);
            m.addAll(other.missing);
            List<String> f = new ArrayList<>(failed);
            f.addAll(other.failed);
            return new Result(judged + other.judged, changed + other.changed, alerts + other.alerts, m, f, readBack + other.readBack);
        }
    }

    /** Listens to what a call re-judged, image by image (the monitor pokes the webhook sender with it). */
    public interface Listener {
        void rejudged(ImageStore.Rejudged outcome);

        Listener NONE = outcome -> { };
    }

    private final VulnDb advisories;
    private final ServerDatabase database;
    private final ImageStore images;
    private final PolicyStore policies;
    private final VexStore vex;
    private final ObjectMapper json;
    private final PrintStream log;
    private final IncrementalJudge incremental;

    public ImageRejudger(VulnDb advisories, ServerDatabase database, ImageStore images, PolicyStore policies, VexStore vex, ObjectMapper json,
                         PrintStream log) {
        this.advisories = advisories;
        this.database = database;
        this.images = images;
        this.policies = policies;
        this.vex = vex;
        this.json = json;
        this.log = log;
        this.incremental = new IncrementalJudge(json);
    }

    public Result rejudge(Collection<String> digests, Cause cause) {
        return rejudge(digests, cause, Listener.NONE);
    }

    /**
     * Re-judges each digest (those no longer stored are reported as missing). An image whose stored SBOM cannot be
     * read is reported as failed and logged; the others go on.
     */
    public Result rejudge(Collection<String> digests, Cause cause, Listener listener) {
        java.util.Map<String, Cause> each = new java.util.LinkedHashMap<>();
        digests.forEach(d -> each.put(d, cause));
        return rejudgeEach(each, listener);
    }

    /**
     * As {@link #rejudge}, each digest with its own cause (the advisory ids of a change that touch that image). Each
     * image's SBOM is read back and matched whole, on {@link #JUDGING_THREADS} threads; the batch is written in one
     * transaction (all or nothing).
     */
    public Result rejudgeEach(java.util.Map<String, Cause> causes, Listener listener) {
        return causes.isEmpty() ? Result.empty() : inRound(round -> full(causes, round, listener));
    }

    /**
     * Re-judges images after advisories changed: {@code keys} are the lookup keys of the changes each image holds,
     * {@code causes} each image's cause with the changed advisory ids. Only the packages the changes name are matched
     * again ({@link IncrementalJudge}); images it cannot judge that way are judged in full. One transaction.
     */
    public Result rejudgeChanged(java.util.Map<String, Cause> causes, java.util.Map<String, java.util.Set<LookupKeys.Key>> keys, Listener listener) {
        if (causes.isEmpty()) {
            return Result.empty();
        }
        return inRound(round -> {
            if (!round.vexSettled()) {
                return full(causes, round, listener);
            }
            IncrementalJudge.Plan plan = images.inRejudgeTransaction((c, index, writer, now) -> incremental.judge(c, index, writer, now, causes, keys,
                    round.active(), round.vexRevision(), round.statements(), round.store(), round.database(), round.pool()));
            List<String> missing = new ArrayList<>(causes.keySet());
            plan.done().forEach(r -> missing.remove(r.digest()));
            missing.removeAll(plan.full());
            Result done = tally(plan.done(), missing, List.of(), listener, false);
            java.util.Map<String, Cause> rest = new java.util.LinkedHashMap<>();
            plan.full().forEach(d -> rest.put(d, causes.get(d)));
            return rest.isEmpty() ? done : done.plus(full(rest, round, listener));
        });
    }

    /**
     * What one call judges against, read once: the policy, VEX and advisories in force, and the judging threads.
     * {@code vexSettled}: no approved statement has passed its review date unswept. One that has stops applying at
     * once, but the revision moves only when the review sweep marks it expired; until then a judgement's revision no
     * longer tells which statements decided its findings, so the incremental path (which keeps the findings it does
     * not match again as stored) must not be taken.
     */
    private record Round(PolicyStore.Active active, long vexRevision, List<VexStatement> statements, boolean vexSettled, SharedAdvisories store,
                         ScanResult.DatabaseInfo database, ExecutorService pool) {}

    private Result inRound(java.util.function.Function<Round, Result> work) {
        PolicyStore.Active active = policies.activeSet();
        long vexRevision = vex.revision();
        java.time.Instant now = java.time.Instant.now();
        List<VexStatement> statements = vex.approved(now);
        boolean vexSettled = vex.dueForReview(now).isEmpty();
        try (AdvisoryStore store = openAdvisories(); ExecutorService pool = judgingPool()) {
            return work.apply(new Round(active, vexRevision, statements, vexSettled, new SharedAdvisories(store), advisories.describe(store), pool));
        }
    }

    /**
     * The advisory store for one call. On PostgreSQL the advisories share the server's database: the store borrows a
     * connection of the server's pool, where opening it connects twice (schema check and store), the largest fixed
     * cost of a monitor round there (two new backends: 35 ms at load 9 on a 2-core machine). On SQLite it is opened
     * afresh, so that a file {@code db import BUNDLE} swapped in is the one read.
     */
    private AdvisoryStore openAdvisories() {
        if (!database.isSqlite() && database.location().jdbcUrl().equals(advisories.database().jdbcUrl())) {
            return AdvisoryStore.over(advisories.database(), database.connect());
        }
        return advisories.open(false);
    }

    private Result full(java.util.Map<String, Cause> causes, Round round, Listener listener) {
        List<String> missing = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<java.util.concurrent.Future<Judged>> work = new ArrayList<>();
        for (var entry : causes.entrySet()) {
            work.add(round.pool().submit(() -> judgeWhole(entry.getKey(), entry.getValue(), round)));
        }
        List<RejudgeWriter.Rejudgement> batch = new ArrayList<>();
        java.util.Map<String, Sbom> toIndex = new java.util.HashMap<>();
        for (var f : work) {
            Judged j;
            try {
                j = f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            switch (j) {
                case Judged.Missing m -> missing.add(m.digest());
                case Judged.Failed x -> {
                    failed.add(x.digest());
                    log.println("warden serve: cannot re-judge " + x.digest() + ": " + x.reason());
                }
                case Judged.Done d -> {
                    batch.add(d.rejudgement());
                    if (d.toIndex() != null) {
                        toIndex.put(d.rejudgement().digest(), d.toIndex());
                    }
                }
            }
        }
        List<ImageStore.Rejudged> written = images.rejudged(batch, toIndex);
        java.util.Set<String> writtenDigests = new java.util.HashSet<>();
        written.forEach(r -> writtenDigests.add(r.digest()));
        batch.stream().map(RejudgeWriter.Rejudgement::digest).filter(d -> !writtenDigests.contains(d)).forEach(missing::add);
        return tally(written, missing, failed, listener, true);
    }

    /** What was written, counted, each told to the listener (after the commit: a webhook never tells of what was rolled back). */
    private static Result tally(List<ImageStore.Rejudged> written, List<String> missing, List<String> failed, Listener listener, boolean readBack) {
        int changed = 0;
        int alerts = 0;
        for (ImageStore.Rejudged r : written) {
            changed += r.before() == null || !r.before().id().equals(r.after().id()) ? 1 : 0;
            alerts += r.alerts().size();
            listener.rejudged(r);
        }
        return new Result(written.size(), changed, alerts, missing, failed, readBack ? written.size() : 0);
    }

    /** One image judged in full, or why not. */
    private sealed interface Judged {
        record Done(RejudgeWriter.Rejudgement rejudgement, Sbom toIndex) implements Judged {}

        record Missing(String digest) implements Judged {}

        record Failed(String digest, String reason) implements Judged {}
    }

    private Judged judgeWhole(String digest, Cause cause, Round round) {
        if (Thread.currentThread().isInterrupted()) {
            return new Judged.Missing(digest);
        }
        var stored = images.storedImage(digest);
        if (stored.isEmpty()) {
            return new Judged.Missing(digest);
        }
        try {
            ImageFactsDocument facts = ImageFactsDocument.read(json.readTree(stored.get().factsJson()), json);
            Sbom sbom = facts.applyTo(new SbomReader().read(stored.get().cycloneDx(), "stored SBOM of " + digest));
            Judge.Outcome outcome = Judge.judge(sbom, facts.context(), round.active().set(), round.statements(), round.store(), round.database(),
                    Instant.now());
            return new Judged.Done(RejudgeWriter.Rejudgement.whole(digest, cause, outcome, round.active().version(), round.vexRevision()),
                    stored.get().indexed() ? null : sbom);
        } catch (WardenException | IOException | java.io.UncheckedIOException e) {
            return new Judged.Failed(digest, e.getMessage()); // a stored SBOM that cannot be read fails its image, not the batch
        }
    }

    /** Threads judging images at once: matching is CPU work; the store serialises its queries. */
    static final int JUDGING_THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    private static ExecutorService judgingPool() {
        return Executors.newFixedThreadPool(JUDGING_THREADS, Thread.ofPlatform().name("warden-judge-", 0).daemon().factory());
    }
}
