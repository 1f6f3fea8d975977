package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.Score;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stored images: one row per digest with its SBOM (gzip), facts, tags and their history, the packages it holds, its
 * findings with first-seen and resolved-at, and every judgement (verdict, score, policy results, the advisory
 * database it was judged against). A push is one transaction: a killed server leaves the image as it was before.
 */
public final class ImageStore {
    /** One image as listed. */
    public record ImageSummary(String digest, String repository, List<String> tags, String grade, Integer score, String verdict,
                               Instant firstPushed, Instant lastPushed, long packages) {}

    /** One judgement of an image. */
    public record Judgement(String id, Instant judgedAt, String cause, Long policyVersion, long vexRevision, String verdict,
                            String grade, int score, int points, int maximum, String results, String summary, String dbState) {}

    /** One stored finding. */
    public record StoredFinding(String advisoryId, String findingKey, boolean suppressed, Instant firstSeen, Instant resolvedAt,
                                String doc) {}

    /** What a push stored: the digest and the judgement now current. */
    public record Stored(String digest, Judgement judgement, boolean newImage, int newFindings, int resolvedFindings) {}

    /** List filters; null means any. */
    public record Filter(String repository, String tag, String grade, String verdict) {}

    private final Transactions tx;
    private final ObjectMapper json;

    public ImageStore(Transactions tx, ObjectMapper json) {
        this.tx = tx;
        this.json = json;
    }

    public Stored store(PushedImage image, Judge.Outcome outcome, Long policyVersion, long vexRevision, String actor, String cause) {
        long now = System.currentTimeMillis();
        byte[] sbomGzip = gzip(image.cycloneDx());
        String sbomSha = Sha256.hex(image.cycloneDx());
        for (int attempt = 1; ; attempt++) {
            try {
                return storeOnce(image, outcome, policyVersion, vexRevision, actor, cause, now, sbomGzip, sbomSha);
            } catch (ConcurrentFirstPush e) {
                if (attempt == 3) {
                    throw e;
                }
                // another push inserted the digest between our update and insert: go again, now as an update
            }
        }
    }

    /** Two first pushes of one digest met (PostgreSQL, read committed): the loser retries as an update. */
    private static final class ConcurrentFirstPush extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentFirstPush(String digest) {
            super("the image " + digest + " was stored by another push meanwhile", null, false, false);
        }
    }

    private Stored storeOnce(PushedImage image, Judge.Outcome outcome, Long policyVersion, long vexRevision, String actor, String cause,
                             long now, byte[] sbomGzip, String sbomSha) {
        return tx.inTransaction(c -> {
            boolean isNew;
            // the first statement takes the row's lock (PostgreSQL) or the database's write lock (SQLite, IMMEDIATE):
            // a second push of the same digest waits here and then sees the first one's rows
            try (PreparedStatement ps = c.prepareStatement("UPDATE image SET last_pushed = ?, pushed_by = ?, repository = ?, facts = ?, "
                    + "sbom = ?, sbom_sha256 = ?, package_count = ?, digest_kind = ? WHERE digest = ?")) {
                ps.setLong(1, now);
                ps.setString(2, actor);
                ps.setString(3, image.repository());
                ps.setString(4, image.factsJson());
                ps.setBytes(5, sbomGzip);
                ps.setString(6, sbomSha);
                ps.setLong(7, image.sbom().packages().size());
                ps.setString(8, image.digestKind());
                ps.setString(9, image.digest());
                isNew = ps.executeUpdate() == 0;
            }
            if (isNew) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO image (digest, digest_kind, repository, first_pushed, last_pushed, "
                        + "pushed_by, facts, sbom, sbom_sha256, package_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING")) {
                    ps.setString(1, image.digest());
                    ps.setString(2, image.digestKind());
                    ps.setString(3, image.repository());
                    ps.setLong(4, now);
                    ps.setLong(5, now);
                    ps.setString(6, actor);
                    ps.setString(7, image.factsJson());
                    ps.setBytes(8, sbomGzip);
                    ps.setString(9, sbomSha);
                    ps.setLong(10, image.sbom().packages().size());
                    if (ps.executeUpdate() == 0) {
                        throw new ConcurrentFirstPush(image.digest());
                    }
                }
            }
            storeTags(c, image, now);
            storePackages(c, image);
            int[] diff = storeFindings(c, image.digest(), outcome.scan().findings(), now);
            Judgement judgement = storeJudgement(c, image.digest(), outcome, policyVersion, vexRevision, cause, now);
            return new Stored(image.digest(), judgement, isNew, diff[0], diff[1]);
        });
    }

    /** What re-judging a stored image stored: the judgement before and the one current now (the same when nothing changed). */
    public record Rejudged(String digest, Judgement before, Judgement after) {
        /** Whether the verdict, grade or score moved. */
        public boolean changed() {
            return before == null || !before.verdict().equals(after.verdict()) || !before.grade().equals(after.grade())
                    || before.score() != after.score();
        }
    }

    /**
     * Stores a new judgement of an image already stored (policy or VEX changed, advisories changed): its findings and
     * judgement only, not a push (last push time, pusher and tags stay). Empty when the image is gone meanwhile.
     */
    public Optional<Rejudged> storeRejudgement(String digest, Judge.Outcome outcome, Long policyVersion, long vexRevision, String cause) {
        long now = System.currentTimeMillis();
        return tx.inTransaction(c -> {
            // takes the row's lock first, as a push does, so a push of the same digest and this one run one after the other
            try (PreparedStatement ps = c.prepareStatement("UPDATE image SET digest = digest WHERE digest = ?")) {
                ps.setString(1, digest);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            Judgement before = currentJudgement(c, digest).orElse(null);
            // a re-judgement that read an older policy or VEX state than the image's current judgement came too late
            // (two publishes at once): the newer one stands
            if (before != null && (before.vexRevision() > vexRevision
                    || before.policyVersion() != null && (policyVersion == null || before.policyVersion() > policyVersion))) {
                return Optional.of(new Rejudged(digest, before, before));
            }
            storeFindings(c, digest, outcome.scan().findings(), now);
            Judgement after = storeJudgement(c, digest, outcome, policyVersion, vexRevision, cause, now);
            return Optional.of(new Rejudged(digest, before, after));
        });
    }

    private void storeTags(Connection c, PushedImage image, long now) throws SQLException {
        for (String tag : image.tags()) {
            String current = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM image_tag WHERE repository = ? AND tag = ?")) {
                ps.setString(1, image.repository());
                ps.setString(2, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        current = rs.getString(1);
                    }
                }
            }
            if (image.digest().equals(current)) {
                continue;
            }
            String sql = current == null ? "INSERT INTO image_tag (digest, since, repository, tag) VALUES (?, ?, ?, ?)"
                    : "UPDATE image_tag SET digest = ?, since = ? WHERE repository = ? AND tag = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, image.digest());
                ps.setLong(2, now);
                ps.setString(3, image.repository());
                ps.setString(4, tag);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tag_history (id, repository, tag, digest, previous_digest, at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, image.repository());
                ps.setString(3, tag);
                ps.setString(4, image.digest());
                ps.setString(5, current);
                ps.setLong(6, now);
                ps.executeUpdate();
            }
        }
    }

    private static void storePackages(Connection c, PushedImage image) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM image_package WHERE digest = ?")) {
            ps.setString(1, image.digest());
            ps.executeUpdate();
        }
        Map<String, Package> byPurl = new LinkedHashMap<>();
        for (Package p : image.sbom().packages()) {
            if (p.purl() != null && !p.purl().isBlank()) {
                byPurl.putIfAbsent(p.purl(), p);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_package (digest, purl_type, name, version, purl) VALUES (?, ?, ?, ?, ?)")) {
            for (Package p : byPurl.values()) {
                ps.setString(1, image.digest());
                ps.setString(2, p.type() == null ? "" : p.type());
                ps.setString(3, p.name() == null ? "" : p.name());
                ps.setString(4, p.version() == null ? "" : p.version());
                ps.setString(5, p.purl());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Returns {new findings, resolved findings}. */
    private int[] storeFindings(Connection c, String digest, List<Finding> findings, long now) throws SQLException {
        Map<String, Boolean> existing = new HashMap<>(); // key -> open
        try (PreparedStatement ps = c.prepareStatement("SELECT finding_key, resolved_at FROM finding WHERE digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    rs.getLong(2);
                    existing.put(key, rs.wasNull());
                }
            }
        }
        Map<String, Finding> current = new LinkedHashMap<>();
        for (Finding f : findings) {
            current.putIfAbsent(key(f), f);
        }
        int added = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO finding (digest, finding_key, advisory_id, aliases, package, version, "
                + "purl, severity, fixed_version, kev, suppressed, vex_status, first_seen, resolved_at, doc) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE finding SET aliases = ?, severity = ?, fixed_version = ?, kev = ?, "
                     + "suppressed = ?, vex_status = ?, resolved_at = NULL, doc = ? WHERE digest = ? AND finding_key = ?")) {
            for (Map.Entry<String, Finding> e : current.entrySet()) {
                Finding f = e.getValue();
                String doc = write(f);
                String fixed = f.fixedVersions().isEmpty() ? null : f.fixedVersions().get(0);
                String vexStatus = f.vex() == null ? null : f.vex().statement().status().name().toLowerCase(java.util.Locale.ROOT);
                if (existing.containsKey(e.getKey())) {
                    update.setString(1, write(f.aliases()));
                    update.setString(2, f.severity().level().id());
                    update.setString(3, fixed);
                    update.setLong(4, f.kev() == null ? 0 : 1);
                    update.setLong(5, f.suppressed() ? 1 : 0);
                    update.setString(6, vexStatus);
                    update.setString(7, doc);
                    update.setString(8, digest);
                    update.setString(9, e.getKey());
                    update.addBatch();
                    if (!existing.get(e.getKey())) {
                        added++; // came back after being resolved
                    }
                } else {
                    insert.setString(1, digest);
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
                    added++;
                }
            }
            insert.executeBatch();
            update.executeBatch();
        }
        int resolved = 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE finding SET resolved_at = ? WHERE digest = ? AND finding_key = ?")) {
            for (Map.Entry<String, Boolean> e : existing.entrySet()) {
                if (e.getValue() && !current.containsKey(e.getKey())) {
                    ps.setLong(1, now);
                    ps.setString(2, digest);
                    ps.setString(3, e.getKey());
                    ps.addBatch();
                    resolved++;
                }
            }
            ps.executeBatch();
        }
        return new int[] {added, resolved};
    }

    private Judgement storeJudgement(Connection c, String digest, Judge.Outcome outcome, Long policyVersion, long vexRevision,
                                     String cause, long now) throws SQLException {
        Score score = outcome.verdict().score();
        String results = write(outcome.verdict().results());
        String summary = write(summary(outcome.scan().findings()));
        String dbState = write(outcome.scan().database());
        Optional<Judgement> latest = currentJudgement(c, digest);
        if (latest.isPresent()) {
            Judgement j = latest.get();
            // the same verdict from the same policy, VEX and advisories is not history: a push repeated stores nothing new
            if (j.results().equals(results) && j.summary().equals(summary) && j.dbState().equals(dbState)
                    && java.util.Objects.equals(j.policyVersion(), policyVersion) && j.vexRevision() == vexRevision) {
                return j;
            }
        }
        Judgement j = new Judgement(UUID.randomUUID().toString(), Instant.ofEpochMilli(now), cause, policyVersion, vexRevision,
                outcome.overall(), String.valueOf(score.grade()), score.percent(), score.points(), score.maximum(), results, summary, dbState);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO judgement (id, digest, judged_at, cause, policy_version, vex_revision, "
                + "db_state, verdict, grade, score, points, maximum, results, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, j.id());
            ps.setString(2, digest);
            ps.setLong(3, now);
            ps.setString(4, cause);
            if (policyVersion == null) {
                ps.setNull(5, java.sql.Types.BIGINT);
            } else {
                ps.setLong(5, policyVersion);
            }
            ps.setLong(6, vexRevision);
            ps.setString(7, dbState);
            ps.setString(8, j.verdict());
            ps.setString(9, j.grade());
            ps.setLong(10, j.score());
            ps.setLong(11, j.points());
            ps.setLong(12, j.maximum());
            ps.setString(13, results);
            ps.setString(14, summary);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE image SET judgement_id = ?, grade = ?, score = ?, verdict = ? WHERE digest = ?")) {
            ps.setString(1, j.id());
            ps.setString(2, j.grade());
            ps.setLong(3, j.score());
            ps.setString(4, j.verdict());
            ps.setString(5, digest);
            ps.executeUpdate();
        }
        return j;
    }

    private static Map<String, Object> summary(List<Finding> findings) {
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (SeverityLevel level : SeverityLevel.values()) {
            bySeverity.put(level.id(), findings.stream().filter(f -> !f.suppressed() && f.severity().level() == level).count());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("findings", findings.stream().filter(f -> !f.suppressed()).count());
        m.put("suppressed", findings.stream().filter(Finding::suppressed).count());
        m.put("bySeverity", bySeverity);
        return m;
    }

    static String key(Finding f) {
        return f.id() + "|" + (f.pkg().purl() == null ? f.pkg().name() + "@" + f.pkg().version() : f.pkg().purl());
    }

    // ---- reads

    public List<ImageSummary> list(Filter filter, int limit, int offset) {
        return tx.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT digest, repository, grade, score, verdict, first_pushed, last_pushed, package_count "
                    + "FROM image WHERE 1 = 1");
            List<String> args = new ArrayList<>();
            if (filter.repository() != null) {
                sql.append(" AND repository = ?");
                args.add(filter.repository());
            }
            if (filter.grade() != null) {
                sql.append(" AND grade = ?");
                args.add(filter.grade());
            }
            if (filter.verdict() != null) {
                sql.append(" AND verdict = ?");
                args.add(filter.verdict());
            }
            if (filter.tag() != null) {
                sql.append(" AND digest IN (SELECT digest FROM image_tag WHERE tag = ?)");
                args.add(filter.tag());
            }
            sql.append(" ORDER BY last_pushed DESC, digest LIMIT ? OFFSET ?");
            List<ImageSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                for (String a : args) {
                    ps.setString(i++, a);
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(summaryRow(c, rs));
                    }
                }
            }
            return out;
        });
    }

    /** How many images are stored. */
    public long count() {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM image"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Digests of stored images, most recently pushed first, at most {@code limit}. */
    public List<String> digests(int limit) {
        return tx.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM image ORDER BY last_pushed DESC, digest LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Digests of images with an open finding (suppressed or not) of any of these vulnerability ids, as the finding's id
     * or one of its aliases: the only images a VEX statement about them can change.
     */
    public java.util.Set<String> digestsWithFinding(java.util.Collection<String> ids) {
        return tx.read(c -> {
            java.util.Set<String> out = new java.util.TreeSet<>();
            try (PreparedStatement byId = c.prepareStatement("SELECT DISTINCT digest FROM finding WHERE advisory_id = ? AND resolved_at IS NULL");
                 PreparedStatement byAlias = c.prepareStatement("SELECT DISTINCT digest FROM finding WHERE aliases LIKE ? AND resolved_at IS NULL")) {
                for (String id : ids) {
                    byId.setString(1, id);
                    collect(byId, out);
                    // aliases is a JSON array of strings: the id with its quotes, LIKE's wildcards escaped
                    byAlias.setString(1, "%" + write(id).replace("%", "").replace("_", "%") + "%");
                    collect(byAlias, out);
                }
            }
            return out;
        });
    }

    private static void collect(PreparedStatement ps, java.util.Set<String> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
    }

    public Optional<ImageSummary> summary(String digest) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, repository, grade, score, verdict, first_pushed, last_pushed, "
                    + "package_count FROM image WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(summaryRow(c, rs)) : Optional.empty();
                }
            }
        });
    }

    private static ImageSummary summaryRow(Connection c, ResultSet rs) throws SQLException {
        String digest = rs.getString(1);
        int score = rs.getInt(4);
        Integer scoreOrNull = rs.wasNull() ? null : score;
        return new ImageSummary(digest, rs.getString(2), tags(c, digest), rs.getString(3), scoreOrNull, rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)), rs.getLong(8));
    }

    private static List<String> tags(Connection c, String digest) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tag FROM image_tag WHERE digest = ? ORDER BY tag")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public Optional<String> facts(String digest) {
        return tx.read(c -> single(c, "SELECT facts FROM image WHERE digest = ?", digest));
    }

    /** The stored CycloneDX SBOM, uncompressed. */
    public Optional<byte[]> sbom(String digest) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sbom FROM image WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(gunzip(rs.getBytes(1))) : Optional.empty();
                }
            }
        });
    }

    public Optional<Judgement> currentJudgement(String digest) {
        return tx.read(c -> currentJudgement(c, digest));
    }

    private static Optional<Judgement> currentJudgement(Connection c, String digest) throws SQLException {
        List<Judgement> j = judgements(c, "SELECT " + JUDGEMENT_COLUMNS + " FROM judgement WHERE id = (SELECT judgement_id FROM image WHERE digest = ?)",
                digest, 1, 0);
        return j.stream().findFirst();
    }

    /** Newest first. */
    public List<Judgement> history(String digest, int limit, int offset) {
        return tx.read(c -> judgements(c, "SELECT " + JUDGEMENT_COLUMNS + " FROM judgement WHERE digest = ? ORDER BY judged_at DESC, id "
                + "LIMIT ? OFFSET ?", digest, limit, offset));
    }

    private static final String JUDGEMENT_COLUMNS = "id, judged_at, cause, policy_version, vex_revision, verdict, grade, score, points, "
            + "maximum, results, summary, db_state";

    private static List<Judgement> judgements(Connection c, String sql, String digest, int limit, int offset) throws SQLException {
        List<Judgement> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, digest);
            if (sql.contains("LIMIT ?")) {
                ps.setInt(2, limit);
                ps.setInt(3, offset);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pv = rs.getLong(4);
                    Long policyVersion = rs.wasNull() ? null : pv;
                    out.add(new Judgement(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), policyVersion, rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getString(11), rs.getString(12),
                            rs.getString(13)));
                }
            }
        }
        return out;
    }

    /** Tag moves of the image's repository, newest first. */
    public List<Map<String, Object>> tagHistory(String repository, int limit) {
        return tx.read(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tag, digest, previous_digest, at FROM tag_history WHERE repository = ? "
                    + "ORDER BY at DESC, id LIMIT ?")) {
                ps.setString(1, repository);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("tag", rs.getString(1));
                        m.put("digest", rs.getString(2));
                        m.put("previousDigest", rs.getString(3));
                        m.put("at", Instant.ofEpochMilli(rs.getLong(4)).toString());
                        out.add(m);
                    }
                }
            }
            return out;
        });
    }

    /** Findings of an image, open ones unless {@code withResolved}; ordered by severity then id. */
    public List<StoredFinding> findings(String digest, boolean withResolved, String severity, int limit, int offset) {
        return tx.read(c -> {
            String sql = "SELECT advisory_id, finding_key, suppressed, first_seen, resolved_at, doc FROM finding WHERE digest = ?"
                    + (withResolved ? "" : " AND resolved_at IS NULL") + (severity == null ? "" : " AND severity = ?")
                    + " ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 "
                    + "WHEN 'negligible' THEN 4 ELSE 5 END, advisory_id, finding_key LIMIT ? OFFSET ?";
            List<StoredFinding> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, digest);
                if (severity != null) {
                    ps.setString(i++, severity);
                }
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long resolved = rs.getLong(5);
                        Instant resolvedAt = rs.wasNull() ? null : Instant.ofEpochMilli(resolved);
                        out.add(new StoredFinding(rs.getString(1), rs.getString(2), rs.getLong(3) == 1, Instant.ofEpochMilli(rs.getLong(4)),
                                resolvedAt, rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    public List<PolicyResult> results(Judgement j) {
        try {
            return List.of(json.readValue(j.results(), PolicyResult[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("stored policy results of judgement " + j.id() + " cannot be read", e);
        }
    }

    public ScanResult.DatabaseInfo databaseInfo(Judgement j) {
        try {
            return json.readValue(j.dbState(), ScanResult.DatabaseInfo.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored database state of judgement " + j.id() + " cannot be read", e);
        }
    }

    public Finding finding(StoredFinding f) {
        try {
            return json.readValue(f.doc(), Finding.class);
        } catch (IOException e) {
            throw new UncheckedIOException("stored finding " + f.findingKey() + " cannot be read", e);
        }
    }

    private static Optional<String> single(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored SBOM cannot be decompressed", e);
        }
    }

}
