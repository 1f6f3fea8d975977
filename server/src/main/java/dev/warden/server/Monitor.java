package dev.warden.server;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.warden.core.Sbom;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.LookupKeys;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.ChangeLog;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Continuous monitoring: keeps every stored image's judgement current as the advisory database, the VEX statements
 * and the policy change, whoever changes them. On its own scheduled thread, every {@link Timings#pollEvery} (and at
 * once when poked), it compares three cheap numbers with how far it has followed them ({@link MonitorCursors}):
 * <ul>
 *   <li>the advisory database's change log ({@link ChangeLog}: its identity and last seq), written by every import
 *   of any process on the same database. New rows name (purl type, name) pairs; the images holding them
 *   ({@code image_advisory_key}) or with an open finding of the advisory are re-judged with the advisory ids as cause.
 *   Another identity (a bundle swapped in whole) or a row of kind {@code all} re-judges every image;</li>
 *   <li>the VEX revision: the statements created or decided since, and the images with a finding of their
 *   vulnerability that hold a package the statement names;</li>
 *   <li>the active policy version: every image.</li>
 * </ul>
 * A new cursor starts at the present (images were judged against it when pushed). Work happens under the cursor's
 * lease, so replicas on one PostgreSQL share it without judging a range twice at once.
 */
public final class Monitor implements AutoCloseable {
    static final String ADVISORIES = "advisories";
    static final String VEX = "vex";
    static final String POLICY = "policy";
    /** The change log's source of EPSS score changes. */
    private static final String EPSS = "epss";
    /** Change log rows read per round: a bigger backlog is worked off over several rounds. */
    static final int MAX_CHANGES_PER_ROUND = 20_000;
    /**
     * Statements decided up to this long before the VEX cursor last moved are looked at again: replicas' clocks differ,
     * and a statement written while another replica was working must not be missed. Looking again costs a re-judge
     * that stores nothing new.
     */
    static final Duration VEX_CLOCK_MARGIN = Duration.ofMinutes(5);

    /** How often to poll, how long a lease lasts, how many images between lease renewals. */
    public record Timings(Duration pollEvery, Duration lease, int batch) {
        /** Polls every 2 s, well inside the 10 s within which a change must be noticed. */
        public static final Timings DEFAULT = new Timings(Duration.ofSeconds(2), Duration.ofMinutes(2), 200);
    }

    /** What the last rounds did, for tests, metrics and the log. */
    public record Round(String trigger, String detail, ImageRejudger.Result result) {}

    private final ServerDatabase database;
    private final VulnDb advisories;
    private final ImageStore images;
    private final ImageRejudger rejudger;
    private final PolicyStore policies;
    private final VexStore vex;
    private final Transactions tx;
    private final MonitorCursors cursors;
    private final Runnable alertsWritten;
    private final Timings timings;
    private final String owner;
    private final PrintStream log;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean keysIndexed = new AtomicBoolean();
    private final java.util.concurrent.ConcurrentLinkedDeque<Round> rounds = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile String lastProblem;

    public Monitor(ServerDatabase database, VulnDb advisories, ImageStore images, ImageRejudger rejudger, PolicyStore policies, VexStore vex,
                   Transactions tx, Runnable alertsWritten, Timings timings, String owner, PrintStream log) {
        this.database = database;
        this.advisories = advisories;
        this.images = images;
        this.rejudger = rejudger;
        this.policies = policies;
        this.vex = vex;
        this.tx = tx;
        this.cursors = new MonitorCursors(tx);
        this.alertsWritten = alertsWritten;
        this.timings = timings;
        this.owner = owner;
        this.log = log;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::round, 0, timings.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks now instead of at the next poll (after a VEX statement or a policy version was stored here). */
    public void poke() {
        if (!scheduler.isShutdown()) {
            scheduler.execute(this::round);
        }
    }

    /** The most recent rounds that did work, newest first (at most 50). */
    public List<Round> recentRounds() {
        return List.copyOf(rounds);
    }

    private void round() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (keysIndexed.compareAndSet(false, true)) {
                indexOldImages();
            }
            followAdvisories();
            followPolicy();
            followVex();
            lastProblem = null;
        } catch (RuntimeException e) {
            // the database is away, or a round failed: said once, tried again at the next poll
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(lastProblem)) {
                log.println("warden serve: monitoring paused: " + problem);
                lastProblem = problem;
            }
        } finally {
            running.set(false);
        }
    }

    /** Images stored before the lookup keys were kept (server schema 1) get theirs, once per start. */
    private void indexOldImages() {
        List<String> digests;
        Set<String> done = new java.util.HashSet<>();
        while (!(digests = images.digestsWithoutAdvisoryKeys(timings.batch())).isEmpty() && done.addAll(digests)) {
            for (String digest : digests) {
                images.storedImage(digest).ifPresent(stored -> {
                    try {
                        Sbom sbom = new dev.warden.catalog.sbom.SbomReader().read(stored.cycloneDx(), "stored SBOM of " + digest);
                        images.indexAdvisoryKeys(digest, sbom);
                    } catch (RuntimeException e) {
                        log.println("warden serve: cannot index the packages of " + digest + ": " + e.getMessage());
                    }
                });
            }
        }
    }

    // ---- advisories

    private void followAdvisories() {
        ChangeLog.State state = advisoryState();
        Optional<MonitorCursors.Cursor> cursor = cursors.read(ADVISORIES);
        long now = System.currentTimeMillis();
        if (cursor.isEmpty()) {
            cursors.initialise(ADVISORIES, withFeeds(state.identity(), dataFeeds()), state.lastSeq(), now);
            return;
        }
        MonitorCursors.Cursor at = cursor.get();
        boolean sameDatabase = databaseOf(at.identity()).equals(state.identity()) && at.position() <= state.lastSeq();
        if (sameDatabase && at.position() == state.lastSeq()) {
            return;
        }
        if (!claim(ADVISORIES)) {
            return;
        }
        try {
            String feeds = dataFeeds();
            String identity = withFeeds(state.identity(), feeds);
            if (!sameDatabase) {
                Cause cause = Cause.advisories(List.of(), Map.of("reason", "the advisory database was replaced", "database", state.identity()));
                ImageRejudger.Result r = rejudgeAll(ADVISORIES, cause);
                remember(new Round(ADVISORIES, "database replaced: every image re-matched", r));
                cursors.advance(ADVISORIES, owner, identity, state.lastSeq(), System.currentTimeMillis());
                return;
            }
            List<ChangeLog.Change> changes = advisoryChanges(at.position());
            if (changes.isEmpty()) {
                cursors.advance(ADVISORIES, owner, identity, state.lastSeq(), System.currentTimeMillis());
                return;
            }
            long upTo = changes.get(changes.size() - 1).seq();
            Map<String, Object> range = Map.of("changeLog", Map.of("from", at.position() + 1, "to", upTo), "database", state.identity());
            String feedsBefore = feedsOf(at.identity());
            if (changes.stream().anyMatch(ChangeLog.Change::everything)) {
                ImageRejudger.Result r = rejudgeAll(ADVISORIES, Cause.advisories(List.of(),
                        withReason(range, "an import changed too much to list: every image re-matched")));
                remember(new Round(ADVISORIES, "everything may have changed", r));
            } else if (feedsBefore != null && !feedsBefore.equals(feeds)) {
                // policies read whether the database has a KEV or EPSS feed at all (no data without one): every image
                ImageRejudger.Result r = rejudgeAll(ADVISORIES, Cause.advisories(List.of(),
                        withReason(range, "the database's KEV or EPSS feed came or went: every image re-judged")));
                remember(new Round(ADVISORIES, "data feeds now: " + (feeds.isEmpty() ? "none" : feeds), r));
            } else {
                Touched touched = touched(changes, range);
                ImageRejudger.Result r = rejudgeChangedInBatches(touched);
                remember(new Round(ADVISORIES, changes.size() + " changes, " + touched.causes().size() + " images", r));
            }
            cursors.advance(ADVISORIES, owner, identity, upTo, System.currentTimeMillis());
        } catch (RuntimeException e) {
            cursors.release(ADVISORIES, owner);
            throw e;
        }
    }

    /** Between the database's identity and the data feeds it had, in the advisories cursor's identity. */
    private static final String FEEDS_MARK = " feeds=";

    private static String withFeeds(String identity, String feeds) {
        return identity + FEEDS_MARK + feeds;
    }

    private static String databaseOf(String cursorIdentity) {
        int at = cursorIdentity.indexOf(FEEDS_MARK);
        return at < 0 ? cursorIdentity : cursorIdentity.substring(0, at);
    }

    /** The data feeds a cursor saw; null for a cursor written before they were kept (taken as unchanged). */
    private static String feedsOf(String cursorIdentity) {
        int at = cursorIdentity.indexOf(FEEDS_MARK);
        return at < 0 ? null : cursorIdentity.substring(at + FEEDS_MARK.length());
    }

    /**
     * Which of the feeds policies ask about as a whole the advisory database has (KEV, EPSS; "kev,epss", "kev" or
     * ""): a policy without its feed says no data for every image, so their coming or going re-judges every image.
     */
    private String dataFeeds() {
        // read over the connection the change log is read on (PostgreSQL: the server's pool), not by opening the
        // store: opening it costs two new connections, a round's largest fixed cost on PostgreSQL
        Map<String, Long> feeds = withAdvisoryConnection(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT feed, records FROM feed_state"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
        List<String> present = new ArrayList<>();
        for (String kind : List.of("kev", "epss")) {
            if (feeds.entrySet().stream().anyMatch(e -> e.getKey().contains(kind) && e.getValue() > 0)) {
                present.add(kind);
            }
        }
        return String.join(",", present);
    }

    private static Map<String, Object> withReason(Map<String, Object> m, String reason) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.put("reason", reason);
        return out;
    }

    /** The images a range of advisory changes touches: each with its cause, and the changes' lookup keys it holds. */
    private record Touched(Map<String, Cause> causes, Map<String, Set<LookupKeys.Key>> keys) {}

    /** Each touched image with its cause: the advisory ids of the changes whose packages it holds or that it has findings of. */
    private Touched touched(List<ChangeLog.Change> changes, Map<String, Object> range) {
        Map<LookupKeys.Key, Set<String>> idsByKey = new LinkedHashMap<>();
        Set<String> allIds = new LinkedHashSet<>();
        Set<String> notOnlyEpss = new java.util.HashSet<>(); // ids some change other than an EPSS score names
        for (ChangeLog.Change c : changes) {
            allIds.add(c.advisoryId());
            if (!EPSS.equals(c.source())) {
                notOnlyEpss.add(c.advisoryId());
            }
            if (c.purlType() != null && c.name() != null) {
                idsByKey.computeIfAbsent(new LookupKeys.Key(c.purlType(), c.name()), k -> new TreeSet<>()).add(c.advisoryId());
            }
        }
        Map<String, Set<String>> idsByDigest = new java.util.TreeMap<>();
        Map<String, Set<LookupKeys.Key>> held = images.keysHeld(idsByKey.keySet());
        held.forEach((digest, keys) -> keys.forEach(k ->
                idsByDigest.computeIfAbsent(digest, d -> new TreeSet<>()).addAll(idsByKey.get(k))));
        // a withdrawn advisory, or one whose package the image no longer names the same way: its open findings say where it is
        images.openFindingsOf(allIds).forEach((digest, ids) -> idsByDigest.computeIfAbsent(digest, d -> new TreeSet<>()).addAll(ids));
        Map<String, Cause> causes = new LinkedHashMap<>();
        // an image only EPSS scores reached says so (cause epss), so its alerts tell a score moved, not an advisory
        idsByDigest.forEach((digest, ids) -> causes.put(digest, ids.stream().noneMatch(notOnlyEpss::contains)
                ? Cause.epss(List.copyOf(ids), range) : Cause.advisories(List.copyOf(ids), range)));
        return new Touched(causes, held);
    }

    private ChangeLog.State advisoryState() {
        return withAdvisoryConnection(ChangeLog::state);
    }

    private List<ChangeLog.Change> advisoryChanges(long after) {
        return withAdvisoryConnection(c -> ChangeLog.since(c, after, MAX_CHANGES_PER_ROUND));
    }

    private interface AdvisoryRead<T> {
        T read(Connection c) throws SQLException;
    }

    /**
     * The advisory database: on PostgreSQL the server's own pool (the same database); on SQLite a connection of its
     * own, opened for each look, so that a file swapped in by {@code db import BUNDLE} is the one read.
     */
    private <T> T withAdvisoryConnection(AdvisoryRead<T> read) {
        if (!database.isSqlite() && database.location().jdbcUrl().equals(advisories.database().jdbcUrl())) {
            return tx.read(read::read);
        }
        try (Connection c = advisories.database().connect()) {
            return read.read(c);
        } catch (SQLException e) {
            throw new ServerDatabase.DatabaseUnavailable(advisories.database().describe(), e);
        }
    }

    // ---- policy

    private void followPolicy() {
        long current = policies.active().map(PolicyStore.PolicyVersion::version).orElse(0L);
        Optional<MonitorCursors.Cursor> cursor = cursors.read(POLICY);
        if (cursor.isEmpty()) {
            cursors.initialise(POLICY, "", current, System.currentTimeMillis());
            return;
        }
        if (cursor.get().position() == current || !claim(POLICY)) {
            return;
        }
        try {
            ImageRejudger.Result r = rejudgeAll(POLICY, Cause.policy(current == 0 ? null : current));
            remember(new Round(POLICY, "policy version " + current, r));
            cursors.advance(POLICY, owner, "", current, System.currentTimeMillis());
        } catch (RuntimeException e) {
            cursors.release(POLICY, owner);
            throw e;
        }
    }

    // ---- VEX

    private void followVex() {
        long revision = vex.revision();
        Optional<MonitorCursors.Cursor> cursor = cursors.read(VEX);
        if (cursor.isEmpty()) {
            cursors.initialise(VEX, "", revision, System.currentTimeMillis());
            return;
        }
        if (cursor.get().position() == revision || !claim(VEX)) {
            return;
        }
        try {
            long since = cursor.get().updatedAt() - VEX_CLOCK_MARGIN.toMillis();
            List<VexStore.Stored> changed = statementsDecidedSince(since);
            Map<String, Cause> causes = new LinkedHashMap<>();
            Map<String, List<String>> statementsByDigest = new java.util.TreeMap<>();
            for (VexStore.Stored s : changed) {
                for (String digest : imagesTouchedBy(s.statement())) {
                    statementsByDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(s.id());
                }
            }
            statementsByDigest.forEach((digest, ids) -> causes.put(digest, Cause.vex(ids, revision)));
            ImageRejudger.Result r = rejudgeInBatches(VEX, causes);
            remember(new Round(VEX, changed.size() + " statements, " + causes.size() + " images", r));
            cursors.advance(VEX, owner, "", revision, System.currentTimeMillis());
        } catch (RuntimeException e) {
            cursors.release(VEX, owner);
            throw e;
        }
    }

    private List<VexStore.Stored> statementsDecidedSince(long since) {
        return tx.read(c -> {
            List<VexStore.Stored> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, state, created_at, created_by, doc FROM vex_statement "
                    + "WHERE created_at >= ? OR decided_at >= ? ORDER BY created_at, id")) {
                ps.setLong(1, since);
                ps.setLong(2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new VexStore.Stored(rs.getString(1), rs.getString(2), java.time.Instant.ofEpochMilli(rs.getLong(3)),
                                rs.getString(4), VexStore.read(rs.getString(1), rs.getString(5))));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The images a statement can change: those with a finding (open, suppressed or not) of its vulnerability or one of
     * its aliases, narrowed, when its products are package URLs, to those holding one of those packages.
     */
    Set<String> imagesTouchedBy(VexStatement s) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(s.vulnerability());
        ids.addAll(s.aliases());
        Set<String> withFinding = images.digestsWithFindingsNaming(ids);
        Set<LookupKeys.Key> products = new LinkedHashSet<>();
        boolean allPurls = !s.products().isEmpty();
        for (String product : s.products()) {
            try {
                PackageURL purl = new PackageURL(product);
                products.add(new LookupKeys.Key(purl.getType(), purl.getName()));
            } catch (MalformedPackageURLException e) {
                allPurls = false; // an image reference or a CPE: the vulnerability alone decides
            }
        }
        if (!allPurls || withFinding.isEmpty()) {
            return withFinding;
        }
        Set<String> holding = images.digestsHoldingPackages(products);
        Set<String> out = new TreeSet<>(withFinding);
        out.retainAll(holding);
        return out;
    }

    // ---- shared

    private boolean claim(String cursor) {
        long now = System.currentTimeMillis();
        return cursors.claim(cursor, owner, now, now + timings.lease().toMillis());
    }

    /** Renews the lease between batches; stops the round when another replica has taken it over (it does the range again). */
    private void renew(String cursor) {
        if (!claim(cursor)) {
            throw new IllegalStateException("lost the " + cursor + " lease while re-judging; another replica carries on");
        }
    }

    private ImageRejudger.Result rejudgeInBatches(String cursor, Map<String, Cause> causes) {
        ImageRejudger.Result total = ImageRejudger.Result.empty();
        List<Map.Entry<String, Cause>> all = new ArrayList<>(causes.entrySet());
        for (int from = 0; from < all.size(); from += timings.batch()) {
            Map<String, Cause> batch = new LinkedHashMap<>();
            all.subList(from, Math.min(all.size(), from + timings.batch())).forEach(e -> batch.put(e.getKey(), e.getValue()));
            total = total.plus(rejudger.rejudgeEach(batch, this::rejudged));
            renew(cursor);
        }
        return total;
    }

    /** As {@link #rejudgeInBatches} for advisory changes: each batch matches again only what the changes name. */
    private ImageRejudger.Result rejudgeChangedInBatches(Touched touched) {
        ImageRejudger.Result total = ImageRejudger.Result.empty();
        List<String> all = new ArrayList<>(touched.causes().keySet());
        for (int from = 0; from < all.size(); from += timings.batch()) {
            Map<String, Cause> batch = new LinkedHashMap<>();
            all.subList(from, Math.min(all.size(), from + timings.batch())).forEach(d -> batch.put(d, touched.causes().get(d)));
            total = total.plus(rejudger.rejudgeChanged(batch, touched.keys(), this::rejudged));
            renew(ADVISORIES);
        }
        return total;
    }

    private ImageRejudger.Result rejudgeAll(String cursor, Cause cause) {
        ImageRejudger.Result total = ImageRejudger.Result.empty();
        String after = null;
        List<String> page;
        while (!(page = images.digestsAfter(after, timings.batch())).isEmpty()) {
            total = total.plus(rejudger.rejudge(page, cause, this::rejudged));
            after = page.get(page.size() - 1);
            renew(cursor);
        }
        return total;
    }

    private void rejudged(ImageStore.Rejudged outcome) {
        if (!outcome.alerts().isEmpty()) {
            alertsWritten.run();
        }
    }

    private void remember(Round round) {
        rounds.addFirst(round);
        while (rounds.size() > 50) {
            rounds.pollLast();
        }
        ImageRejudger.Result r = round.result();
        log.println("warden serve: re-judged " + r.judged() + " image(s) for " + round.trigger() + " (" + round.detail() + "): "
                + r.changed() + " new judgement(s), " + r.alerts() + " alert(s)" + (r.failed().isEmpty() ? "" : ", " + r.failed().size() + " failed"));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
