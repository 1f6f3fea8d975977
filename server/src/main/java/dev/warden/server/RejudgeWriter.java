package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.Score;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the re-judgements of many stored images inside one transaction (the caller's) with batched statements: each
 * image's findings (new, changed, resolved), its judgement when it differs from the one in force, and the alerts
 * they raise. The rules are those of a push ({@link ImageStore#store}); the statements are prepared once per batch,
 * not once per image, so a re-judgement of a hundred images is a handful of round trips to PostgreSQL.
 *
 * <p>A re-judgement may cover only part of an image's findings (its {@code scope}: the packages matched again when an
 * advisory changed); findings of packages outside the scope are neither rewritten nor resolved.
 */
final class RejudgeWriter {
    /**
     * One image re-judged.
     *
     * @param scope  package references ({@link #packageRef}) whose findings were judged anew; null: every finding
     * @param judged the findings of the scope now (VEX applied)
     * @param all    every finding of the image now (for the judgement's summary)
     */
    record Rejudgement(String digest, Cause cause, Set<String> scope, List<Finding> judged, List<Finding> all, List<PolicyResult> results,
                       Score score, ScanResult.DatabaseInfo database, Long policyVersion, long vexRevision) {
        static Rejudgement whole(String digest, Cause cause, Judge.Outcome outcome, Long policyVersion, long vexRevision) {
            List<Finding> findings = outcome.scan().findings();
            return new Rejudgement(digest, cause, null, findings, findings, outcome.verdict().results(), outcome.verdict().score(),
                    outcome.scan().database(), policyVersion, vexRevision);
        }

        boolean inScope(String findingKey) {
            return scope == null || scope.contains(findingKey.substring(findingKey.indexOf('|') + 1));
        }
    }

    /** A stored finding as a re-judgement compares it. */
    record FindingRow(String key, boolean open, boolean kev, String advisoryId, String doc) {}

    /** Digests per {@code IN (...)} query: well under SQLite's parameter limit, and short statements for PostgreSQL. */
    static final int DIGESTS_PER_QUERY = 200;

    private final ObjectMapper json;
    private final boolean sqlite;

    RejudgeWriter(ObjectMapper json, boolean sqlite) {
        this.json = json;
        this.sqlite = sqlite;
    }

    /** What a finding's key names after its advisory id: the package's purl, or name@version without one ({@link ImageStore#key}). */
    static String packageRef(dev.warden.core.Package p) {
        return p.purl() == null ? p.name() + "@" + p.version() : p.purl();
    }

    /**
     * Every stored finding (open or resolved) of these images, by digest; the document of open ones only (a resolved
     * finding that comes back is written anew whatever it said).
     */
    static Map<String, List<FindingRow>> findingRows(Connection c, List<String> digests) throws SQLException {
        Map<String, List<FindingRow>> out = new HashMap<>();
        for (List<String> chunk : chunks(digests)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, finding_key, resolved_at, kev, advisory_id, "
                    + "CASE WHEN resolved_at IS NULL THEN doc END FROM finding WHERE digest IN (" + marks(chunk.size()) + ")")) {
                bind(ps, chunk, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(2);
                        rs.getLong(3);
                        boolean open = rs.wasNull();
                        out.computeIfAbsent(rs.getString(1), d -> new ArrayList<>())
                                .add(new FindingRow(key, open, rs.getLong(4) == 1, rs.getString(5), rs.getString(6)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Takes the images' row locks on PostgreSQL (SQLite's IMMEDIATE transaction holds the database's write lock from
     * its start): a push of one of them waits for this batch, and what the batch reads of them after this stays true
     * until it commits. One SELECT ... FOR UPDATE per chunk, in digest order (two batches sharing images take their
     * locks in the same order), writing nothing: an UPDATE per image made a new row version of each.
     */
    void lock(Connection c, List<String> digests) throws SQLException {
        if (sqlite) {
            return;
        }
        for (List<String> chunk : chunks(digests.stream().sorted().toList())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM image WHERE digest IN (" + marks(chunk.size()) + ") "
                    + "ORDER BY digest FOR UPDATE")) {
                bind(ps, chunk, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1); // each row returned is locked
                    }
                }
            }
        }
    }

    /** The repository and the judgement in force of each of these images (those stored), by digest. */
    record Current(String repository, ImageStore.Judgement judgement) {}

    static Map<String, Current> current(Connection c, List<String> digests) throws SQLException {
        Map<String, Current> out = new HashMap<>();
        String columns = "j." + ImageStore.JUDGEMENT_COLUMNS.replace(", ", ", j.");
        for (List<String> chunk : chunks(digests)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT i.digest, i.repository, " + columns + " FROM image i "
                    + "LEFT JOIN judgement j ON j.id = i.judgement_id WHERE i.digest IN (" + marks(chunk.size()) + ")")) {
                bind(ps, chunk, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Current(rs.getString(2), ImageStore.judgementRow(rs, 3)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Writes the batch; {@code rows} are the images' stored findings when the caller has read them in this
     * transaction already (null: read here); {@code alerts}: raise the alerts the changes call for (not for an image's
     * first push). Images no longer stored are left out of the answer.
     */
    List<ImageStore.Rejudged> write(Connection c, List<Rejudgement> batch, Map<String, List<FindingRow>> rows, long now, boolean alerts)
            throws SQLException {
        return write(c, batch, rows, null, now, alerts);
    }

    /**
     * As above; {@code known}: the images' repository and judgement in force when the caller has read them in this
     * transaction after taking their locks ({@link #lock}); null: locked and read here.
     */
    List<ImageStore.Rejudged> write(Connection c, List<Rejudgement> batch, Map<String, List<FindingRow>> rows, Map<String, Current> known, long now,
                                    boolean alerts) throws SQLException {
        List<String> digests = batch.stream().map(Rejudgement::digest).toList();
        if (known == null) {
            lock(c, digests);
        }
        Map<String, Current> current = known != null ? known : current(c, digests);
        Map<String, List<FindingRow>> stored = rows != null ? rows : findingRows(c, digests);
        List<ImageStore.Rejudged> out = new ArrayList<>();
        List<Alerts.Judged> judged = new ArrayList<>();
        // a batch is judged against one advisory database: its description written once, not once per image
        Map<ScanResult.DatabaseInfo, String> dbStates = new HashMap<>();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO finding (digest, finding_key, advisory_id, aliases, package, version, "
                + "purl, severity, fixed_version, kev, suppressed, vex_status, first_seen, resolved_at, doc) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE finding SET aliases = ?, severity = ?, fixed_version = ?, kev = ?, "
                     + "suppressed = ?, vex_status = ?, resolved_at = NULL, doc = ? WHERE digest = ? AND finding_key = ?");
             PreparedStatement resolve = c.prepareStatement("UPDATE finding SET resolved_at = ? WHERE digest = ? AND finding_key = ?");
             PreparedStatement judgement = c.prepareStatement("INSERT INTO judgement (id, digest, judged_at, cause, policy_version, vex_revision, "
                     + "db_state, verdict, grade, score, points, maximum, results, summary, cause_detail) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement image = c.prepareStatement("UPDATE image SET judgement_id = ?, grade = ?, score = ?, verdict = ? WHERE digest = ?")) {
            for (Rejudgement r : batch) {
                Current now0 = current.get(r.digest());
                if (now0 == null) {
                    continue;
                }
                ImageStore.FindingChanges diff = findings(insert, update, resolve, r, stored.getOrDefault(r.digest(), List.of()), now);
                ImageStore.Judgement before = now0.judgement();
                ImageStore.Judgement after = judgement(judgement, image, r, before, diff, now, dbStates);
                judged.add(new Alerts.Judged(r.digest(), now0.repository(), before, after, r.cause(), diff));
            }
            insert.executeBatch();
            update.executeBatch();
            resolve.executeBatch();
            judgement.executeBatch();
            image.executeBatch();
        }
        List<List<Alerts.Alert>> raised = alerts ? Alerts.raiseAll(c, judged, json, now) : null;
        for (int i = 0; i < judged.size(); i++) {
            Alerts.Judged j = judged.get(i);
            out.add(new ImageStore.Rejudged(j.digest(), j.before(), j.after(), j.changes(), raised == null ? List.of() : raised.get(i)));
        }
        return out;
    }

    /** As a push's: findings new (or back), changed, now in KEV, and resolved; only within the re-judgement's scope. */
    private ImageStore.FindingChanges findings(PreparedStatement insert, PreparedStatement update, PreparedStatement resolve, Rejudgement r,
                                               List<FindingRow> rows, long now) throws SQLException {
        Map<String, FindingRow> existing = new HashMap<>();
        for (FindingRow row : rows) {
            if (r.inScope(row.key())) {
                existing.put(row.key(), row);
            }
        }
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding f : r.judged()) {
            current.putIfAbsent(ImageStore.key(f), f);
        }
        List<Finding> added = new ArrayList<>();
        List<Finding> nowKev = new ArrayList<>();
        for (Map.Entry<String, Finding> e : current.entrySet()) {
            Finding f = e.getValue();
            String doc = write(f);
            String fixed = f.fixedVersions().isEmpty() ? null : f.fixedVersions().get(0);
            String vexStatus = f.vex() == null ? null : f.vex().statement().status().name().toLowerCase(Locale.ROOT);
            FindingRow before = existing.get(e.getKey());
            if (before != null && before.open() && doc.equals(before.doc())) {
                continue; // open and unchanged: a re-judgement of thousands of images writes only what changed
            }
            if (before != null) {
                update.setString(1, write(f.aliases()));
                update.setString(2, f.severity().level().id());
                update.setString(3, fixed);
                update.setLong(4, f.kev() == null ? 0 : 1);
                update.setLong(5, f.suppressed() ? 1 : 0);
                update.setString(6, vexStatus);
                update.setString(7, doc);
                update.setString(8, r.digest());
                update.setString(9, e.getKey());
                update.addBatch();
                if (!before.open()) {
                    added.add(f); // came back after being resolved
                } else if (!before.kev() && f.kev() != null) {
                    nowKev.add(f); // open before, in KEV now
                }
            } else {
                insert.setString(1, r.digest());
                insert.setString(2, e.getKey());
                insert.setString(3, f.id());
                insert.setString(4, write(f.aliases()));
                insert.setString(5, f.pkg().name());
                insert.setString(6, f.pkg().version() == null ? "" : f.pkg().version());
                insert.setString(7, f.pkg().purl() == null ? "" : f.pkg().purl());
                insert.setString(8, f.severity().level().id());
                insert.setString(9, fixed);
                insert.setLong(10, f.kev() == null ? 0 : 1);
                insert.setLong(11, f.suppressed() ? 1 : 0);
                insert.setString(12, vexStatus);
                insert.setLong(13, now);
                insert.setString(14, doc);
                insert.addBatch();
                added.add(f);
            }
        }
        List<String> resolved = new ArrayList<>();
        for (FindingRow row : existing.values()) {
            if (row.open() && !current.containsKey(row.key())) {
                resolve.setLong(1, now);
                resolve.setString(2, r.digest());
                resolve.setString(3, row.key());
                resolve.addBatch();
                resolved.add(row.advisoryId());
            }
        }
        return new ImageStore.FindingChanges(List.copyOf(added), List.copyOf(resolved), List.copyOf(nowKev));
    }

    /** The judgement now in force: {@code before} when policy, VEX, advisories and the outcome are the same (not history). */
    private ImageStore.Judgement judgement(PreparedStatement insert, PreparedStatement image, Rejudgement r, ImageStore.Judgement before,
                                           ImageStore.FindingChanges diff, long now, Map<ScanResult.DatabaseInfo, String> dbStates)
            throws SQLException {
        String results = write(r.results());
        String summary = write(ImageStore.summary(r.all()));
        String dbState = dbStates.computeIfAbsent(r.database(), this::write);
        if (before != null && before.results().equals(results) && before.summary().equals(summary) && before.dbState().equals(dbState)
                && Objects.equals(before.policyVersion(), r.policyVersion()) && before.vexRevision() == r.vexRevision()) {
            return before;
        }
        Score score = r.score();
        ImageStore.Judgement j = new ImageStore.Judgement(UUID.randomUUID().toString(), Instant.ofEpochMilli(now), r.cause().kind(), r.policyVersion(),
                r.vexRevision(), Judge.Outcome.overall(r.results()), String.valueOf(score.grade()), score.percent(), score.points(), score.maximum(),
                results, summary, dbState, write(r.cause().detail(diff)));
        insert.setString(1, j.id());
        insert.setString(2, r.digest());
        insert.setLong(3, now);
        insert.setString(4, j.cause());
        if (r.policyVersion() == null) {
            insert.setNull(5, java.sql.Types.BIGINT);
        } else {
            insert.setLong(5, r.policyVersion());
        }
        insert.setLong(6, r.vexRevision());
        insert.setString(7, dbState);
        insert.setString(8, j.verdict());
        insert.setString(9, j.grade());
        insert.setLong(10, j.score());
        insert.setLong(11, j.points());
        insert.setLong(12, j.maximum());
        insert.setString(13, results);
        insert.setString(14, summary);
        insert.setString(15, j.causeDetail());
        insert.addBatch();
        image.setString(1, j.id());
        image.setString(2, j.grade());
        image.setLong(3, j.score());
        image.setString(4, j.verdict());
        image.setString(5, r.digest());
        image.addBatch();
        return j;
    }

    static List<List<String>> chunks(List<String> all) {
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += DIGESTS_PER_QUERY) {
            out.add(all.subList(from, Math.min(all.size(), from + DIGESTS_PER_QUERY)));
        }
        return out;
    }

    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement ps, List<String> values, int first) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
