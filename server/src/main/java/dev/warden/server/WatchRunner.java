package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.image.ImageLimits;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import dev.warden.image.SourceRef;
import dev.warden.image.registry.RegistryReference;
import dev.warden.image.registry.RegistryRefusedException;
import dev.warden.image.registry.RegistryTags;
import dev.warden.image.registry.RetryPolicy;
import dev.warden.pipeline.ImageAccess;
import dev.warden.pipeline.ScanPipeline;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicySpec;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a watch's run does, as three kinds of job so that replicas share the work:
 * <ol>
 *   <li>{@value #RUN}: list the repository's tags (following the registry's pages), keep those the pattern matches,
 *       resolve each to its image's manifest digest, record what moved, appeared or disappeared, and queue one
 *       {@value #ANALYSE} job per digest not stored yet (keyed by the digest, so the same digest is never analysed by
 *       two workers at once) and one {@value #FINISH} job;</li>
 *   <li>{@value #ANALYSE}: analyse one image from the registry as {@code warden push} does (the layer cache keeps
 *       layers seen before), judge it with the server's policy and VEX, and store it with its tags;</li>
 *   <li>{@value #FINISH}: once the run's analyses are over, judge again every other stored image the watch's tags point
 *       to (advisories, policy or VEX may have changed since) and close the run with its counts.</li>
 * </ol>
 * Each job writes its results in the transaction that marks it done.
 */
public final class WatchRunner {
    public static final String RUN = "watch.run";
    public static final String ANALYSE = "watch.analyse";
    public static final String FINISH = "watch.finish";
    /** A registry outage or a broken image gets this many tries, a backoff apart. */
    static final int MAX_ATTEMPTS = 3;
    /** Tags one run takes after the pattern: each costs a manifest request and may cost an analysis. */
    static final int MAX_TAGS_PER_RUN = 2_000;
    /** Registry requests of a watch retry less than a laptop's pull: the next run comes anyway. */
    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(60));

    private final WatchStore watches;
    private final JobQueue queue;
    private final ImageStore images;
    private final PolicyStore policies;
    private final VexStore vex;
    private final ImageRejudger rejudger;
    private final VulnDb advisories;
    private final Transactions tx;
    private final ObjectMapper json;
    private final JobSettings settings;
    private final Map<String, String> environment;

    public WatchRunner(WatchStore watches, JobQueue queue, ImageStore images, PolicyStore policies, VexStore vex, ImageRejudger rejudger,
                       VulnDb advisories, Transactions tx, ObjectMapper json, JobSettings settings, Map<String, String> environment) {
        this.watches = watches;
        this.queue = queue;
        this.images = images;
        this.policies = policies;
        this.vex = vex;
        this.rejudger = rejudger;
        this.advisories = advisories;
        this.tx = tx;
        this.json = json;
        this.settings = settings;
        this.environment = Map.copyOf(environment);
    }

    /** The handler of each kind of job this class does. */
    public Map<String, JobWorkers.Handler> handlers() {
        return Map.of(RUN, this::run, ANALYSE, this::analyse, FINISH, this::finish);
    }

    /** Queues a run of {@code watch} now (asked for through the API); its id. */
    public String runNow(Watch watch) {
        String runId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        tx.inTransaction(c -> {
            JobQueue.enqueue(c, RUN, null, payload(runId, watch.id()), MAX_ATTEMPTS, Instant.ofEpochMilli(now));
            WatchStore.insertRun(c, runId, watch.id(), null, "manual", now);
            return null;
        });
        return runId;
    }

    /**
     * Queues the run of {@code watch} for its schedule's {@code tick} unless a replica has already (the job's key is
     * the watch and the tick). True when this call queued it.
     */
    public boolean runForTick(Watch watch, Instant tick) {
        String runId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        return tx.inTransaction(c -> {
            if (!JobQueue.enqueue(c, RUN, "watch-run:" + watch.id() + ":" + tick.toEpochMilli(), payload(runId, watch.id()), MAX_ATTEMPTS,
                    Instant.ofEpochMilli(now))) {
                return false;
            }
            WatchStore.insertRun(c, runId, watch.id(), tick, "schedule", now);
            return true;
        });
    }

    private String payload(String runId, String watchId) {
        return json.createObjectNode().put("runId", runId).put("watchId", watchId).toString();
    }

    // ---- watch.run

    /**
     * What a run found of one tag: the image of the server's platform ({@code digest}) and what the tag names
     * ({@code tagDigest}: that image or an index holding it), or why its manifest could not be read.
     */
    private record Listed(String tag, String digest, String tagDigest, String error) {}

    /**
     * The one line a run shows for a failure. A registry that wants credentials the watch does not give is told in the
     * watch's terms (its {@code credentials} reference), not the CLI's ({@code docker login}, {@code --username}).
     */
    static String reason(WardenException e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof RegistryRefusedException r && !r.credentialsGiven()) {
                return r.what() + ": " + r.registry() + (r.status() == 403 ? " denied access (HTTP 403)" : " requires authentication (HTTP 401)")
                        + ": give the watch credentials by reference (\"credentials\": \"env:NAME\", \"file:/path\", \"docker\" or "
                        + "\"docker:/path/config.json\"; docs/watches.md)";
            }
        }
        return Api.firstLine(e.getMessage());
    }

    /** The tags the registry lists, and how many manifests the listing downloaded (the others were known by HEAD). */
    private record Listing(List<String> tags, List<Listed> matched, int heads, int manifestsFetched) {}

    private void run(JobQueue.Claimed job) throws IOException {
        JsonNode p = json.readTree(job.payload());
        String runId = p.path("runId").asText();
        Optional<Watch> found = watches.get(p.path("watchId").asText());
        if (found.isEmpty()) {
            closeRun(job, runId, "failed", "the watch was deleted before its run started");
            return;
        }
        Watch watch = found.get();
        setRunState(runId, "listing");
        Listing listing;
        try {
            listing = list(watch);
        } catch (WardenException e) {
            boolean last = job.attempts() >= job.maxAttempts();
            runFailed(watch, runId, last ? "failed" : "listing", (last ? "" : "attempt " + job.attempts() + " of " + job.maxAttempts()
                    + " failed, retrying: ") + reason(e));
            throw e;
        }
        Set<String> inRegistry = Set.copyOf(listing.tags());
        tx.inTransaction(c -> {
            recordListing(c, job, watch, runId, listing, inRegistry);
            return null;
        });
    }

    private Listing list(Watch watch) throws IOException {
        SourceOptions options = access(watch).options(false);
        RegistryReference repository = RegistryReference.parse(watch.imageRepository());
        try (RegistryTags.Session registry = RegistryTags.open(repository, options, RETRY)) {
            // what a digest means for this platform never changes: every digest a tag of the watch ever named is known
            for (WatchStore.SeenTag seen : watches.seenTags(watch.id())) {
                if (seen.tagDigest() != null) {
                    registry.remember(seen.tagDigest(), seen.digest());
                }
            }
            List<String> tags = registry.tags(RegistryTags.DEFAULT_MAX_TAGS, settings.tagsPerPage());
            TagPattern pattern = watch.pattern();
            List<String> matched = tags.stream().filter(pattern::matches).sorted().toList();
            if (matched.size() > MAX_TAGS_PER_RUN) {
                throw new WardenException("watch " + watch.name() + ": " + matched.size() + " tags match '" + pattern + "', more than "
                        + MAX_TAGS_PER_RUN + " a run takes; narrow the tag pattern");
            }
            List<Listed> listed = new ArrayList<>();
            for (String tag : matched) {
                if (!RegistryReference.isTag(tag)) {
                    // a hostile or broken registry's name: asking for its manifest would put it in a URL
                    listed.add(new Listed(tag, null, null, "not a tag name the OCI distribution spec allows ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}); "
                            + "not requested"));
                    continue;
                }
                try {
                    RegistryTags.Resolved resolved = registry.resolve(tag);
                    listed.add(new Listed(tag, resolved.platformDigest(), resolved.digest(), null));
                } catch (WardenException e) {
                    // one broken tag (no image for the platform, a manifest the registry lost) must not stop the others
                    listed.add(new Listed(tag, null, null, Api.firstLine(e.getMessage())));
                }
            }
            return new Listing(tags, listed, registry.heads(), registry.manifestsFetched());
        }
    }

    private void recordListing(Connection c, JobQueue.Claimed job, Watch watch, String runId, Listing listing, Set<String> inRegistry)
            throws SQLException {
        long now = System.currentTimeMillis();
        int tagsListed = listing.tags().size();
        List<Listed> listed = listing.matched();
        Map<String, WatchStore.SeenTag> seen = WatchStore.seenTags(c, watch.id());
        Map<String, List<String>> toAnalyse = new TreeMap<>();
        int moved = 0;
        int disappeared = 0;
        int tagErrors = 0;
        for (Listed l : listed) {
            WatchStore.SeenTag before = seen.get(l.tag());
            if (l.error() != null) {
                tagErrors++;
                insertRunTag(c, runId, l.tag(), null, before == null ? null : before.digest(), "error", false, l.error());
                continue;
            }
            boolean known = before != null && before.goneAt() == null;
            String status = !known ? "new" : before.digest().equals(l.digest()) ? "unchanged" : "moved";
            if (status.equals("moved")) {
                moved++;
            }
            boolean stored = ImageStore.exists(c, l.digest());
            if (!stored) {
                toAnalyse.computeIfAbsent(l.digest(), d -> new ArrayList<>()).add(l.tag());
            } else {
                ImageStore.pointTag(c, watch.imageRepository(), l.tag(), l.digest(), now);
            }
            insertRunTag(c, runId, l.tag(), l.digest(), known ? before.digest() : null, status, !stored, null);
            upsertSeen(c, watch.id(), l.tag(), l.digest(), l.tagDigest(), before, now);
        }
        for (WatchStore.SeenTag s : seen.values()) {
            if (s.goneAt() == null && !inRegistry.contains(s.tag())) {
                disappeared++;
                insertRunTag(c, runId, s.tag(), null, s.digest(), "gone", false, null);
                try (PreparedStatement ps = c.prepareStatement("UPDATE watch_tag SET gone_at = ? WHERE watch_id = ? AND tag = ?")) {
                    ps.setLong(1, now);
                    ps.setString(2, watch.id());
                    ps.setString(3, s.tag());
                    ps.executeUpdate();
                }
                ImageStore.deleteTag(c, watch.imageRepository(), s.tag(), now);
            }
        }
        for (Map.Entry<String, List<String>> e : toAnalyse.entrySet()) {
            ObjectNode p = json.createObjectNode().put("runId", runId).put("watchId", watch.id()).put("repository", watch.imageRepository())
                    .put("digest", e.getKey());
            p.set("tags", json.valueToTree(e.getValue()));
            JobQueue.enqueueOrRearm(c, ANALYSE, "analyse:" + e.getKey(), p.toString(), MAX_ATTEMPTS, Instant.ofEpochMilli(now));
        }
        JobQueue.enqueue(c, FINISH, "watch-finish:" + runId, payload(runId, watch.id()), MAX_ATTEMPTS, Instant.ofEpochMilli(now));
        try (PreparedStatement ps = c.prepareStatement("UPDATE watch_run SET state = 'analysing', tags_listed = ?, tags_matched = ?, "
                + "to_analyse = ?, moved = ?, disappeared = ?, tag_errors = ? WHERE id = ?")) {
            ps.setLong(1, tagsListed);
            ps.setLong(2, listed.size());
            ps.setLong(3, toAnalyse.size());
            ps.setLong(4, moved);
            ps.setLong(5, disappeared);
            ps.setLong(6, tagErrors);
            ps.setString(7, runId);
            ps.executeUpdate();
        }
        JobQueue.complete(c, job, json.createObjectNode().put("tagsListed", tagsListed).put("tagsMatched", listed.size())
                .put("toAnalyse", toAnalyse.size()).put("moved", moved).put("disappeared", disappeared).put("tagErrors", tagErrors)
                .put("manifestHeads", listing.heads()).put("manifestsFetched", listing.manifestsFetched()).toString());
    }

    private static void insertRunTag(Connection c, String runId, String tag, String digest, String previous, String status, boolean analyse,
                                     String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch_run_tag (run_id, tag, digest, previous_digest, status, needs_analysis, "
                + "error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, tag);
            ps.setString(3, digest);
            ps.setString(4, previous);
            ps.setString(5, status);
            ps.setLong(6, analyse ? 1 : 0);
            ps.setString(7, error);
            ps.executeUpdate();
        }
    }

    private static void upsertSeen(Connection c, String watchId, String tag, String digest, String tagDigest, WatchStore.SeenTag before,
                                   long now) throws SQLException {
        String sql = before == null
                ? "INSERT INTO watch_tag (digest, tag_digest, last_seen, first_seen, watch_id, tag) VALUES (?, ?, ?, ?, ?, ?)"
                : "UPDATE watch_tag SET digest = ?, tag_digest = ?, last_seen = ?, first_seen = ?, gone_at = NULL WHERE watch_id = ? AND tag = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, digest);
            ps.setString(2, tagDigest);
            ps.setLong(3, now);
            ps.setLong(4, before == null || before.goneAt() != null ? now : before.firstSeen().toEpochMilli());
            ps.setString(5, watchId);
            ps.setString(6, tag);
            ps.executeUpdate();
        }
    }

    // ---- watch.analyse

    private void analyse(JobQueue.Claimed job) throws IOException {
        JsonNode p = json.readTree(job.payload());
        String digest = p.path("digest").asText();
        String repository = p.path("repository").asText();
        List<String> tags = new ArrayList<>();
        p.path("tags").forEach(t -> tags.add(t.asText()));
        Optional<Watch> watch = watches.get(p.path("watchId").asText());
        boolean stored = tx.read(c -> ImageStore.exists(c, digest));
        if (stored || watch.isEmpty()) {
            // pushed meanwhile, or the watch is gone: nothing to analyse (the run's last step points the tags)
            tx.inTransaction(c -> {
                JobQueue.complete(c, job, json.createObjectNode().put("digest", digest)
                        .put("skipped", stored ? "already stored" : "the watch was deleted").toString());
                return null;
            });
            return;
        }
        ScanPipeline pipeline = new ScanPipeline(access(watch.get()));
        PolicyStore.Active active = policies.activeSet();
        boolean secrets = active.set().policies().stream().anyMatch(s -> s instanceof PolicySpec.Secrets);
        SourceRef source = SourceRef.parse("registry://" + repository + "@" + digest);
        Sbom analysed = pipeline.analyse(source, secrets);
        String manifest = analysed.image() == null ? null : analysed.image().manifestDigest();
        if (!digest.equals(manifest)) {
            throw new WardenException(repository + "@" + digest + ": the analysed image has manifest digest " + manifest);
        }
        ScanResult unmatched = new ScanResult(analysed, List.of(), new ScanResult.DatabaseInfo("none (judged below)", null, Map.of()),
                Instant.now(), List.of());
        PolicyEngine.Context context = pipeline.baseImages(false, null).context(unmatched, active.set().baseImages());
        // stored as a push stores it: the CycloneDX document kept, read back, with the image facts applied
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(analysed, cdx);
        byte[] cycloneDx = cdx.toByteArray();
        ImageFactsDocument facts = ImageFactsDocument.of(analysed, context);
        Sbom sbom = facts.applyTo(new SbomReader().read(cycloneDx, "SBOM of " + repository + "@" + digest));
        PushedImage image = new PushedImage(digest, "manifest", repository, tags, sbom, cycloneDx, facts.write(json), context);
        long vexRevision = vex.revision();
        Judge.Outcome outcome;
        try (AdvisoryStore store = advisories.open()) {
            outcome = Judge.judge(sbom, context, active.set(), vex.approved(), store, advisories.describe(store), Instant.now());
        }
        String result = json.createObjectNode().put("digest", digest).put("packages", sbom.packages().size())
                .put("findings", outcome.scan().findings().size()).put("verdict", outcome.overall()).toString();
        images.store(image, outcome, active.version(), vexRevision, "watch:" + watch.get().name(), Cause.of("watch"), c -> {
            JobQueue.complete(c, job, result);
            return null;
        });
    }

    // ---- watch.finish

    private void finish(JobQueue.Claimed job) throws IOException {
        JsonNode p = json.readTree(job.payload());
        String runId = p.path("runId").asText();
        String watchId = p.path("watchId").asText();
        Map<String, String> analyses = tx.read(c -> analysisStates(c, runId));
        if (analyses.values().stream().anyMatch(s -> s.equals("queued") || s.equals("running"))) {
            queue.later(job, settings.poll());
            return;
        }
        Optional<Watch> watch = watches.get(watchId);
        if (watch.isEmpty()) {
            closeRun(job, runId, "failed", "the watch was deleted during its run");
            return;
        }
        Set<String> analysedHere = new LinkedHashSet<>();
        int failed = 0;
        for (Map.Entry<String, String> e : analyses.entrySet()) {
            if (e.getValue().equals("done")) {
                analysedHere.add(e.getKey());
            } else {
                failed++;
            }
        }
        List<WatchStore.SeenTag> current = watches.seenTags(watchId).stream().filter(t -> t.goneAt() == null).toList();
        Set<String> toRejudge = new LinkedHashSet<>();
        for (WatchStore.SeenTag t : current) {
            if (!analysedHere.contains(t.digest())) {
                toRejudge.add(t.digest());
            }
        }
        // the monitor's entry point: findings, judgement (cause "watch") and alerts of each image in one transaction
        ImageRejudger.Result rejudged = rejudger.rejudge(toRejudge, Cause.of("watch"));
        int failedCount = failed;
        int rejudgedCount = rejudged.judged();
        String repository = watch.get().imageRepository();
        tx.inTransaction(c -> {
            long now = System.currentTimeMillis();
            // an analysis queued by an earlier run, or an image pushed meanwhile: the tags point at what is stored now
            for (WatchStore.SeenTag t : current) {
                if (ImageStore.exists(c, t.digest())) {
                    ImageStore.pointTag(c, repository, t.tag(), t.digest(), now);
                }
            }
            WatchStore.Run listedRun = WatchStore.run(c, runId).orElseThrow();
            List<WatchStore.RunTag> tagErrors = WatchStore.runTags(c, runId).stream().filter(t -> t.error() != null).toList();
            Closing closing = closing(failedCount, analyses.size(), listedRun.tagsMatched() == null ? 0 : listedRun.tagsMatched(), tagErrors);
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_run SET state = ?, finished_at = ?, analysed = ?, failed = ?, "
                    + "rejudged = ?, error = ? WHERE id = ?")) {
                ps.setString(1, closing.state());
                ps.setLong(2, now);
                ps.setLong(3, analysedHere.size());
                ps.setLong(4, failedCount);
                ps.setLong(5, rejudgedCount);
                ps.setString(6, closing.error());
                ps.setString(7, runId);
                ps.executeUpdate();
            }
            WatchStore.Run closed = WatchStore.run(c, runId).orElseThrow();
            if (!closed.outcome().equals("done")) {
                // a nightly run nobody looks at must still reach someone: webhooks subscribed to watch_failed
                Alerts.watchFailed(c, watch.get(), closed, tagErrors, json, now);
            }
            JobQueue.complete(c, job, json.createObjectNode().put("analysed", analysedHere.size()).put("failed", failedCount)
                    .put("rejudged", rejudgedCount).put("tagErrors", tagErrors.size()).put("outcome", closed.outcome()).toString());
            return null;
        });
    }

    /** How a run ends: its state and the one line that says why it is not clean (null when it is). */
    record Closing(String state, String error) {}

    /**
     * A run fails when an analysis failed, or when not one of its matched tags could be read (nothing was checked);
     * it is done otherwise, and when some tags could not be read its error names how many and the first of them.
     */
    static Closing closing(int failedAnalyses, int analyses, long tagsMatched, List<WatchStore.RunTag> tagErrors) {
        String tags = tagErrors.isEmpty() ? null : (tagErrors.size() == tagsMatched ? "none of the " + tagsMatched + " tags could be read"
                : tagErrors.size() + " of " + tagsMatched + " tags could not be read") + "; the first, '" + tagErrors.getFirst().tag() + "': "
                + tagErrors.getFirst().error();
        if (failedAnalyses > 0) {
            return new Closing("failed", failedAnalyses + " of " + analyses + " analyses failed: see /api/v1/jobs?state=failed"
                    + (tags == null ? "" : "; " + tags));
        }
        if (!tagErrors.isEmpty() && tagErrors.size() == tagsMatched) {
            return new Closing("failed", tags);
        }
        return new Closing("done", tags);
    }

    /** digest -> state of its analysis job, for each digest this run had to analyse. */
    private static Map<String, String> analysisStates(Connection c, String runId) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT t.digest, j.state FROM watch_run_tag t JOIN job j "
                + "ON j.dedupe_key = 'analyse:' || t.digest WHERE t.run_id = ? AND t.needs_analysis = 1")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    // ---- shared

    private void setRunState(String runId, String state) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_run SET state = ?, started_at = COALESCE(started_at, ?) WHERE id = ?")) {
                ps.setString(1, state);
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void closeRun(JobQueue.Claimed job, String runId, String state, String error) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_run SET state = ?, finished_at = ?, error = ? WHERE id = ?")) {
                ps.setString(1, state);
                ps.setLong(2, System.currentTimeMillis());
                ps.setString(3, error);
                ps.setString(4, runId);
                ps.executeUpdate();
            }
            JobQueue.complete(c, job, json.createObjectNode().put("error", error).toString());
            return null;
        });
    }

    /**
     * A run's listing failed: the run says so with the error; {@code state} failed after the last attempt, which raises
     * the watch's {@code watch_failed} alert.
     */
    private void runFailed(Watch watch, String runId, String state, String error) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch_run SET state = ?, finished_at = ?, error = ? WHERE id = ?")) {
                ps.setString(1, state);
                if (state.equals("failed")) {
                    ps.setLong(2, System.currentTimeMillis());
                } else {
                    ps.setNull(2, java.sql.Types.BIGINT);
                }
                ps.setString(3, error);
                ps.setString(4, runId);
                ps.executeUpdate();
            }
            if (state.equals("failed")) {
                Alerts.watchFailed(c, watch, WatchStore.run(c, runId).orElseThrow(), List.of(), json, System.currentTimeMillis());
            }
            return null;
        });
    }

    /** How a watch's registry is reached: its credentials read now from where the reference points. */
    private ImageAccess access(Watch watch) {
        CredentialRef ref = watch.credentialRef();
        CredentialRef.Secret secret = ref.read(environment);
        Set<String> insecure = watch.insecure() ? Set.of(watch.registry()) : Set.of();
        return new ImageAccess(null, secret == null ? null : secret.username(), secret == null ? null : secret::password, insecure,
                settings.cacheDir(), ref.dockerConfig(ImageAccess.defaultDockerConfig()), ImageLimits.DEFAULT, Progress.NONE);
    }
}
