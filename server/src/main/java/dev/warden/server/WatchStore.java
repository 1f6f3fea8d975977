package dev.warden.server;

import static dev.warden.server.SqlColumns.instant;
import static dev.warden.server.SqlColumns.number;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.SafeText;
import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Watches, their runs and what each run saw per tag ({@code watch}, {@code watch_run}, {@code watch_run_tag},
 * {@code watch_tag}). Every change of a watch is in the audit log, in the transaction that makes it.
 */
public final class WatchStore {
    /** What a watch is made or changed with (checked by the caller). */
    public record Spec(String name, String registry, String repository, String tagPattern, String schedule, String credentials,
                       boolean insecure, boolean enabled) {}

    /**
     * One run of a watch. Counts are null until the run has them; {@code tagErrors} counts the matched tags whose
     * manifest could not be read (null for runs recorded before it was kept).
     */
    public record Run(String id, String watchId, Instant tick, String trigger, String state, Instant createdAt, Instant startedAt,
                      Instant finishedAt, Long tagsListed, Long tagsMatched, Long toAnalyse, Long analysed, Long failed, Long rejudged,
                      Long moved, Long disappeared, String error, Long tagErrors) {
        /** A finished run that did its work but could not read some of its tags. */
        public static final String DONE_WITH_ERRORS = "done_with_errors";

        /**
         * How the run ended, for a reader who looks at nothing else: its state while it runs; {@code failed};
         * {@value #DONE_WITH_ERRORS} when it finished but some tags could not be read (not clean: those tags were
         * neither analysed nor judged); {@code done} only when every tag was.
         */
        public String outcome() {
            if (state.equals("done") && tagErrors != null && tagErrors > 0) {
                return DONE_WITH_ERRORS;
            }
            return state;
        }

        /** The outcome in words: "done with 3 tag errors", "failed", "analysing". */
        public String outcomeText() {
            return outcome().equals(DONE_WITH_ERRORS) ? "done with " + tagErrors + " tag error" + (tagErrors == 1 ? "" : "s") : state;
        }
    }

    /** What a run saw of one tag. */
    public record RunTag(String tag, String digest, String previousDigest, String status, boolean analyse, String error) {}

    /**
     * Where a tag of the watch pointed at its last run; {@code goneAt} null while the registry lists it. {@code digest}
     * is the image (of the server's platform), {@code tagDigest} what the tag named (that image, or an index holding
     * it; null for tags last seen before it was kept).
     */
    public record SeenTag(String tag, String digest, String tagDigest, Instant firstSeen, Instant lastSeen, Instant goneAt) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /**
     * A watch as the API and the console take it, checked: an {@link ApiProblem} (400) naming what is wrong, else the
     * spec to store. {@code tagPattern} null for every tag, {@code credentials} null for anonymous.
     */
    public static Spec checked(String name, String registry, String repository, String tagPattern, String schedule, String credentials,
                               boolean insecure, boolean enabled) {
        for (String[] field : new String[][] {{"name", name}, {"registry", registry}, {"repository", repository}, {"schedule", schedule}}) {
            if (field[1] == null) {
                throw ApiProblem.badRequest("'" + field[0] + "' is needed");
            }
        }
        if (!NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (registry.contains("://")) {
            throw ApiProblem.badRequest("registry is a host[:port] without a scheme, e.g. 'registry.example.com' or '127.0.0.1:5000', not '"
                    + SafeText.quote(registry) + "' (plain HTTP: \"insecure\": true)");
        }
        if (repository.contains(":") || repository.contains("@")) {
            throw ApiProblem.badRequest("repository is a path without a tag or digest, e.g. 'shop/app', not '" + SafeText.quote(repository)
                    + "'; tagPattern chooses the tags");
        }
        RegistryReference ref;
        try {
            ref = RegistryReference.parse(registry + "/" + repository + ":latest");
        } catch (WardenException e) {
            throw ApiProblem.badRequest("registry and repository: " + e.getMessage());
        }
        boolean hub = ref.registry().equals(RegistryReference.DOCKER_HUB);
        if (!hub && !ref.registry().equals(registry)) {
            throw ApiProblem.badRequest("registry '" + SafeText.quote(registry) + "' must be a host name with a dot or a port, localhost, "
                    + "or docker.io for Docker Hub");
        }
        if (hub && !Set.of("docker.io", "index.docker.io", "registry-1.docker.io").contains(registry)) {
            throw ApiProblem.badRequest("registry '" + SafeText.quote(registry) + "' must be a host name with a dot or a port, localhost, "
                    + "or docker.io for Docker Hub");
        }
        String pattern = tagPattern == null ? "*" : tagPattern;
        String creds = credentials;
        try {
            TagPattern.parse(pattern);
            CronSchedule.parse(schedule);
            creds = CredentialRef.parse(credentials).text();
        } catch (WardenException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return new Spec(name, ref.registry(), ref.repository(), pattern, schedule.trim(), creds, insecure, enabled);
    }

    private static final String WATCH_COLUMNS = "id, name, registry, repository, tag_pattern, schedule, credentials, insecure, enabled, "
            + "created_at, created_by, updated_at";
    private static final String RUN_COLUMNS = "id, watch_id, tick, trigger_kind, state, created_at, started_at, finished_at, tags_listed, "
            + "tags_matched, to_analyse, analysed, failed, rejudged, moved, disappeared, error, tag_errors";

    private final Transactions tx;
    private final ObjectMapper json;

    public WatchStore(Transactions tx, ObjectMapper json) {
        this.tx = tx;
        this.json = json;
    }

    public Watch create(Spec spec, String actor) {
        long now = System.currentTimeMillis();
        Watch w = new Watch(UUID.randomUUID().toString(), spec.name(), spec.registry(), spec.repository(), spec.tagPattern(), spec.schedule(),
                spec.credentials(), spec.insecure(), spec.enabled(), Instant.ofEpochMilli(now), actor, Instant.ofEpochMilli(now));
        return tx.inTransaction(c -> {
            if (byName(c, spec.name()).isPresent()) {
                throw new ApiProblem(409, "conflict", "Conflict", "a watch named '" + spec.name() + "' exists");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch (" + WATCH_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ps, w);
                ps.executeUpdate();
            }
            AuditLog.record(c, actor, "watch.create", "watch", w.id(), null, write(w));
            return w;
        });
    }

    public Optional<Watch> update(String id, Spec spec, String actor) {
        return tx.inTransaction(c -> {
            Optional<Watch> before = get(c, id);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            Optional<Watch> named = byName(c, spec.name());
            if (named.isPresent() && !named.get().id().equals(id)) {
                throw new ApiProblem(409, "conflict", "Conflict", "a watch named '" + spec.name() + "' exists");
            }
            Watch b = before.get();
            Watch w = new Watch(id, spec.name(), spec.registry(), spec.repository(), spec.tagPattern(), spec.schedule(), spec.credentials(),
                    spec.insecure(), spec.enabled(), b.createdAt(), b.createdBy(), Instant.now());
            try (PreparedStatement ps = c.prepareStatement("UPDATE watch SET name = ?, registry = ?, repository = ?, tag_pattern = ?, "
                    + "schedule = ?, credentials = ?, insecure = ?, enabled = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, w.name());
                ps.setString(2, w.registry());
                ps.setString(3, w.repository());
                ps.setString(4, w.tagPattern());
                ps.setString(5, w.schedule());
                ps.setString(6, w.credentials());
                ps.setLong(7, w.insecure() ? 1 : 0);
                ps.setLong(8, w.enabled() ? 1 : 0);
                ps.setLong(9, w.updatedAt().toEpochMilli());
                ps.setString(10, id);
                ps.executeUpdate();
            }
            AuditLog.record(c, actor, "watch.update", "watch", id, write(b), write(w));
            return Optional.of(w);
        });
    }

    /** Deletes the watch (its runs stay as history; queued runs of it finish as "watch deleted"). */
    public boolean delete(String id, String actor) {
        return tx.inTransaction(c -> {
            Optional<Watch> before = get(c, id);
            if (before.isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM watch WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM watch_tag WHERE watch_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            AuditLog.record(c, actor, "watch.delete", "watch", id, write(before.get()), null);
            return true;
        });
    }

    public Optional<Watch> get(String id) {
        return tx.read(c -> get(c, id));
    }

    static Optional<Watch> get(Connection c, String id) throws SQLException {
        return SqlRows.first(c, "SELECT " + WATCH_COLUMNS + " FROM watch WHERE id = ?", WatchStore::watch, id);
    }

    private static Optional<Watch> byName(Connection c, String name) throws SQLException {
        return SqlRows.first(c, "SELECT " + WATCH_COLUMNS + " FROM watch WHERE name = ?", WatchStore::watch, name);
    }

    public List<Watch> list(int limit, int offset) {
        return tx.read(c -> SqlRows.list(c, "SELECT " + WATCH_COLUMNS + " FROM watch ORDER BY name LIMIT ? OFFSET ?", WatchStore::watch, limit, offset));
    }

    public List<Watch> enabled() {
        return tx.read(c -> SqlRows.list(c, "SELECT " + WATCH_COLUMNS + " FROM watch WHERE enabled = ? ORDER BY id", WatchStore::watch, true));
    }

    private static Watch watch(ResultSet rs) throws SQLException {
        return new Watch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getLong(8) == 1, rs.getLong(9) == 1, Instant.ofEpochMilli(rs.getLong(10)), rs.getString(11), Instant.ofEpochMilli(rs.getLong(12)));
    }

    private static void bind(PreparedStatement ps, Watch w) throws SQLException {
        ps.setString(1, w.id());
        ps.setString(2, w.name());
        ps.setString(3, w.registry());
        ps.setString(4, w.repository());
        ps.setString(5, w.tagPattern());
        ps.setString(6, w.schedule());
        ps.setString(7, w.credentials());
        ps.setLong(8, w.insecure() ? 1 : 0);
        ps.setLong(9, w.enabled() ? 1 : 0);
        ps.setLong(10, w.createdAt().toEpochMilli());
        ps.setString(11, w.createdBy());
        ps.setLong(12, w.updatedAt().toEpochMilli());
    }

    // ---- runs

    /** A queued run row, written in the transaction that queues its job. */
    static void insertRun(Connection c, String runId, String watchId, Instant tick, String trigger, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO watch_run (id, watch_id, tick, trigger_kind, state, created_at) "
                + "VALUES (?, ?, ?, ?, 'queued', ?)")) {
            ps.setString(1, runId);
            ps.setString(2, watchId);
            if (tick == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, tick.toEpochMilli());
            }
            ps.setString(4, trigger);
            ps.setLong(5, now);
            ps.executeUpdate();
        }
    }

    public List<Run> runs(String watchId, int limit, int offset) {
        return tx.read(c -> SqlRows.list(c, "SELECT " + RUN_COLUMNS + " FROM watch_run WHERE watch_id = ? ORDER BY created_at DESC, id "
                + "LIMIT ? OFFSET ?", WatchStore::run, watchId, limit, offset));
    }

    /**
     * The latest run of each of these watches (as {@link #runs} orders them: newest queued first), by watch id; a watch
     * that never ran is absent. One query for a page of watches, so a list shows every watch's last run at once.
     */
    public Map<String, Run> lastRuns(List<String> watchIds) {
        if (watchIds.isEmpty()) {
            return Map.of();
        }
        return tx.read(c -> {
            Map<String, Run> out = new LinkedHashMap<>();
            for (Run r : SqlRows.list(c, "SELECT " + RUN_COLUMNS + " FROM watch_run r WHERE watch_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(watchIds.size(), "?")) + ") AND NOT EXISTS (SELECT 1 FROM watch_run n "
                    + "WHERE n.watch_id = r.watch_id AND (n.created_at > r.created_at OR (n.created_at = r.created_at AND n.id < r.id)))",
                    WatchStore::run, watchIds)) {
                out.put(r.watchId(), r);
            }
            return out;
        });
    }

    public Optional<Run> run(String runId) {
        return tx.read(c -> run(c, runId));
    }

    static Optional<Run> run(Connection c, String runId) throws SQLException {
        return SqlRows.first(c, "SELECT " + RUN_COLUMNS + " FROM watch_run WHERE id = ?", WatchStore::run, runId);
    }

    private static Run run(ResultSet rs) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), instant(rs, 3), rs.getString(4), rs.getString(5), instant(rs, 6), instant(rs, 7),
                instant(rs, 8), number(rs, 9), number(rs, 10), number(rs, 11), number(rs, 12), number(rs, 13), number(rs, 14), number(rs, 15),
                number(rs, 16), rs.getString(17), number(rs, 18));
    }

    public List<RunTag> runTags(String runId) {
        return tx.read(c -> runTags(c, runId));
    }

    static List<RunTag> runTags(Connection c, String runId) throws SQLException {
        return SqlRows.list(c, "SELECT tag, digest, previous_digest, status, needs_analysis, error FROM watch_run_tag WHERE run_id = ? ORDER BY tag",
                rs -> new RunTag(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5) == 1, rs.getString(6)), runId);
    }

    /** Every tag the watch has seen, by tag. */
    static Map<String, SeenTag> seenTags(Connection c, String watchId) throws SQLException {
        Map<String, SeenTag> out = new LinkedHashMap<>();
        for (SeenTag t : SqlRows.list(c, "SELECT tag, digest, tag_digest, first_seen, last_seen, gone_at FROM watch_tag WHERE watch_id = ? "
                + "ORDER BY tag", rs -> new SeenTag(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                instant(rs, 6)), watchId)) {
            out.put(t.tag(), t);
        }
        return out;
    }

    public List<SeenTag> seenTags(String watchId) {
        return tx.read(c -> List.copyOf(seenTags(c, watchId).values()));
    }



    private String write(Watch w) {
        try {
            return json.writeValueAsString(w);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a watch as JSON", e);
        }
    }
}
