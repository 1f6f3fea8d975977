package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.match.LookupKeys;
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
                            String grade, int score, int points, int maximum, String results, String summary, String dbState,
                            String causeDetail) {}

    /** One stored finding. */
    public record StoredFinding(String advisoryId, String findingKey, boolean suppressed, Instant firstSeen, Instant resolvedAt,
                                String doc) {}

    /** What a push stored: the digest and the judgement now current. */
    public record Stored(String digest, Judgement judgement, boolean newImage, int newFindings, int resolvedFindings, List<Alerts.Alert> alerts) {}

    /**
     * What one judgement changed in an image's findings: those new (or back after being resolved), the advisory ids of
     * those resolved, and those already open that are now in CISA KEV.
     */
    public record FindingChanges(List<Finding> added, List<String> resolved, List<Finding> nowKev) {}

    /** A stored image re-judged: the judgement before and the one now current (the same when nothing changed). */
    public record Rejudged(String digest, Judgement before, Judgement after, FindingChanges changes, List<Alerts.Alert> alerts) {
        public boolean verdictChanged() {
            return before == null || !before.verdict().equals(after.verdict()) || !before.grade().equals(after.grade());
        }
    }

    /**
     * What a re-judgement needs of a stored image: the SBOM as pushed (CycloneDX JSON) and its facts; {@code indexed}
     * when its packages are in the match index ({@link MatchIndex}, pushed since server schema 6).
     */
    public record StoredImage(String digest, String repository, byte[] cycloneDx, String factsJson, boolean indexed) {}

    /** List filters; null means any. */
    public record Filter(String repository, String tag, String grade, String verdict) {}

    private final Transactions tx;
    private final ObjectMapper json;
    private final MatchIndex matchIndex;
    private final RejudgeWriter writer;

    public ImageStore(Transactions tx, ObjectMapper json) {
        this.tx = tx;
        this.json = json;
        this.matchIndex = new MatchIndex(json);
        this.writer = new RejudgeWriter(json, tx.sqlite());
    }

    public Stored store(PushedImage image, Judge.Outcome outcome, Long policyVersion, long vexRevision, String actor, String cause) {
        return store(image, outcome, policyVersion, vexRevision, actor, Cause.of(cause));
    }

    /**
     * Stores a push: the image, its packages and advisory keys, findings and judgement in one transaction. A push of a
     * digest already stored raises the alerts its judgement calls for ({@link Alerts}), in the same transaction.
     */
    public Stored store(PushedImage image, Judge.Outcome outcome, Long policyVersion, long vexRevision, String actor, Cause cause) {
        return store(image, outcome, policyVersion, vexRevision, actor, cause, null);
    }

    /**
     * Stores the image as {@link #store(PushedImage, Judge.Outcome, Long, long, String, Cause)} does, running
     * {@code alsoInTransaction} (null for nothing) last in the same transaction: a job marks itself done there, so its
     * results and its completion are written together or not at all.
     */
    public Stored store(PushedImage image, Judge.Outcome outcome, Long policyVersion, long vexRevision, String actor, Cause cause,
                        Transactions.Work<?> alsoInTransaction) {
        long now = System.currentTimeMillis();
        byte[] sbomGzip = gzip(image.cycloneDx());
        String sbomSha = Sha256.hex(image.cycloneDx());
        for (int attempt = 1; ; attempt++) {
            try {
                return storeOnce(image, outcome, policyVersion, vexRevision, actor, cause, now, sbomGzip, sbomSha, alsoInTransaction);
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

    private Stored storeOnce(PushedImage image, Judge.Outcome outcome, Long policyVersion, long vexRevision, String actor, Cause cause,
                             long now, byte[] sbomGzip, String sbomSha, Transactions.Work<?> alsoInTransaction) {
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
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO image (id, digest, digest_kind, repository, first_pushed, last_pushed, "
                        + "pushed_by, facts, sbom, sbom_sha256, package_count) VALUES (" + ImageKeys.next(tx.sqlite()) + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (digest) DO NOTHING")) {
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
            matchIndex.store(c, image.digest(), image.sbom()); // its lookup keys, each with its packages
            Rejudged judged = writer.write(c, List.of(RejudgeWriter.Rejudgement.whole(image.digest(), cause, outcome, policyVersion, vexRevision)),
                    null, now, !isNew).getFirst();
            if (alsoInTransaction != null) {
                alsoInTransaction.run(c);
            }
            return new Stored(image.digest(), judged.after(), isNew, judged.changes().added().size(), judged.changes().resolved().size(),
                    judged.alerts());
        });
    }

    /** Whether an image with this digest is stored. */
    static boolean exists(Connection c, String digest) throws SQLException {
        return single(c, "SELECT digest FROM image WHERE digest = ?", digest).isPresent();
    }

    private void storeTags(Connection c, PushedImage image, long now) throws SQLException {
        for (String tag : image.tags()) {
            pointTag(c, image.repository(), tag, image.digest(), now);
        }
    }

    private static String tagDigest(Connection c, String repository, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM image_tag WHERE repository = ? AND tag = ?")) {
            ps.setString(1, repository);
            ps.setString(2, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Points {@code repository:tag} at {@code digest}, recording the move in the tag's history; nothing when it already does. */
    static void pointTag(Connection c, String repository, String tag, String digest, long now) throws SQLException {
        String current = tagDigest(c, repository, tag);
        if (digest.equals(current)) {
            return;
        }
        String sql = current == null ? "INSERT INTO image_tag (digest, since, repository, tag) VALUES (?, ?, ?, ?)"
                : "UPDATE image_tag SET digest = ?, since = ? WHERE repository = ? AND tag = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, digest);
            ps.setLong(2, now);
            ps.setString(3, repository);
            ps.setString(4, tag);
            ps.executeUpdate();
        }
        recordTagChange(c, repository, tag, digest, current, current == null ? null : "moved", now);
    }

    /** The registry no longer has {@code repository:tag}: it points nowhere now; its history says where it pointed last. */
    static boolean deleteTag(Connection c, String repository, String tag, long now) throws SQLException {
        String current = tagDigest(c, repository, tag);
        if (current == null) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM image_tag WHERE repository = ? AND tag = ?")) {
            ps.setString(1, repository);
            ps.setString(2, tag);
            ps.executeUpdate();
        }
        recordTagChange(c, repository, tag, current, current, "deleted", now);
        return true;
    }

    private static void recordTagChange(Connection c, String repository, String tag, String digest, String previous, String change, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tag_history (id, repository, tag, digest, previous_digest, at, change_kind) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, repository);
            ps.setString(3, tag);
            ps.setString(4, digest);
            ps.setString(5, previous);
            ps.setLong(6, now);
            ps.setString(7, change);
            ps.executeUpdate();
        }
    }

    private static void storePackages(Connection c, PushedImage image) throws SQLException {
        long key = ImageKeys.of(c, image.digest());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM image_package WHERE image_id = ?")) {
            ps.setLong(1, key);
            ps.executeUpdate();
        }
        Map<String, Package> byPurl = new LinkedHashMap<>();
        for (Package p : image.sbom().packages()) {
            if (p.purl() != null && !p.purl().isBlank()) {
                byPurl.putIfAbsent(p.purl(), p);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_package (image_id, purl_type, name, version, purl) VALUES (?, ?, ?, ?, ?)")) {
            for (Package p : byPurl.values()) {
                ps.setLong(1, key);
                ps.setString(2, p.type() == null ? "" : p.type());
                ps.setString(3, p.name() == null ? "" : p.name());
                ps.setString(4, p.version() == null ? "" : p.version());
                ps.setString(5, p.purl());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Map<String, Object> summary(List<Finding> findings) {
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

    private static void insertAdvisoryKeys(Connection c, String digest, java.util.Set<LookupKeys.Key> keys) throws SQLException {
        long image = ImageKeys.of(c, digest);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_advisory_key (image_id, purl_type, name) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            for (LookupKeys.Key k : keys) {
                ps.setLong(1, image);
                ps.setString(2, k.type());
                ps.setString(3, k.name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Stores the lookup keys of an image stored before they were kept (server schema 1); idempotent. */
    public void indexAdvisoryKeys(String digest, dev.warden.core.Sbom sbom) {
        tx.inTransaction(c -> {
            insertAdvisoryKeys(c, digest, LookupKeys.of(sbom));
            return null;
        });
    }

    /** Stored images without lookup keys (pushed before schema 2), up to {@code limit}. */
    public List<String> digestsWithoutAdvisoryKeys(int limit) {
        return tx.read(c -> strings(c, "SELECT digest FROM image i WHERE NOT EXISTS (SELECT 1 FROM image_advisory_key k WHERE k.image_id = i.id) "
                + "ORDER BY digest LIMIT " + limit));
    }

    /** The stored images whose SBOM holds any of these lookup keys, each with the keys it holds. */
    public Map<String, java.util.Set<LookupKeys.Key>> keysHeld(java.util.Collection<LookupKeys.Key> keys) {
        return pairs("image_advisory_key", keys);
    }

    /** The stored images holding any of these packages as the SBOM names them (purl type and name; any namespace). */
    public java.util.Set<String> digestsHoldingPackages(java.util.Collection<LookupKeys.Key> packages) {
        return pairs("image_package", packages).keySet();
    }

    /**
     * The images whose rows in {@code table} (keyed by image key, indexed by purl type and name) name any of these keys,
     * by digest. Two steps, each an index look-up whatever the number of stored images: the image keys from the
     * (purl type, name) index, then their digests by image key. (As one join, PostgreSQL's planner may choose to read
     * the image table whole.)
     */
    private Map<String, java.util.Set<LookupKeys.Key>> pairs(String table, java.util.Collection<LookupKeys.Key> keys) {
        Map<Long, java.util.Set<LookupKeys.Key>> byImage = new HashMap<>();
        List<LookupKeys.Key> all = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
        Map<String, java.util.Set<LookupKeys.Key>> out = new java.util.TreeMap<>();
        tx.read(c -> {
            for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
                List<LookupKeys.Key> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
                StringBuilder sql = new StringBuilder("SELECT image_id, purl_type, name FROM " + table + " WHERE ");
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(i == 0 ? "" : " OR ").append("(purl_type = ? AND name = ?)");
                }
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    int i = 1;
                    for (LookupKeys.Key k : chunk) {
                        ps.setString(i++, k.type());
                        ps.setString(i++, k.name());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            byImage.computeIfAbsent(rs.getLong(1), d -> new java.util.LinkedHashSet<>())
                                    .add(new LookupKeys.Key(rs.getString(2), rs.getString(3)));
                        }
                    }
                }
            }
            List<Long> ids = new ArrayList<>(byImage.keySet());
            for (int from = 0; from < ids.size(); from += RejudgeWriter.DIGESTS_PER_QUERY) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + RejudgeWriter.DIGESTS_PER_QUERY));
                try (PreparedStatement ps = c.prepareStatement("SELECT id, digest FROM image WHERE id IN (" + RejudgeWriter.marks(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setLong(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(2), byImage.get(rs.getLong(1)));
                        }
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** Keys per query: well under SQLite's 32,766 parameters, each key an indexed look-up. */
    private static final int KEYS_PER_QUERY = 200;

    /** The stored images with an open finding of any of these advisory ids, each with the ids it has. */
    public Map<String, java.util.Set<String>> openFindingsOf(java.util.Collection<String> advisoryIds) {
        Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        List<String> all = new ArrayList<>(new java.util.LinkedHashSet<>(advisoryIds));
        tx.read(c -> {
            for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
                try (PreparedStatement ps = c.prepareStatement("SELECT digest, advisory_id FROM finding WHERE resolved_at IS NULL AND advisory_id IN ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getString(1), d -> new java.util.TreeSet<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            return null;
        });
        return out;
    }

    /**
     * The stored images with an open finding (suppressed or not) whose advisory id or one of whose aliases is among
     * {@code ids}: what a VEX statement about those ids can change. Aliases are a JSON list: matched as its quoted item.
     */
    public java.util.Set<String> digestsWithFindingsNaming(java.util.Collection<String> ids) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT digest FROM finding WHERE resolved_at IS NULL AND "
                    + "(advisory_id = ? OR aliases LIKE ? ESCAPE '!')")) {
                for (String id : new java.util.LinkedHashSet<>(ids)) {
                    ps.setString(1, id);
                    ps.setString(2, "%" + write(id).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** Every stored digest after {@code after} (null: from the start), in order, at most {@code limit}: for full re-judging. */
    public List<String> digestsAfter(String after, int limit) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest FROM image WHERE digest > ? ORDER BY digest LIMIT ?")) {
                ps.setString(1, after == null ? "" : after);
                ps.setInt(2, limit);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The stored SBOM and facts of an image, for re-judging; empty when no such image is stored. */
    public Optional<StoredImage> storedImage(String digest) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT repository, sbom, facts, match_view FROM image WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredImage(digest, rs.getString(1), gunzip(rs.getBytes(2)), rs.getString(3),
                            rs.getString(4) != null)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Records a re-judgement of a stored image (advisories, VEX or the policy changed): its findings, the judgement
     * with its cause, and the alerts it raises, in one transaction. Empty when the image is no longer stored.
     */
    public Optional<Rejudged> rejudged(String digest, Judge.Outcome outcome, Long policyVersion, long vexRevision, Cause cause) {
        List<Rejudged> out = rejudged(List.of(RejudgeWriter.Rejudgement.whole(digest, cause, outcome, policyVersion, vexRevision)), Map.of());
        return out.stream().findFirst();
    }

    /**
     * Records the re-judgements of many stored images in one transaction with batched statements (all or none are
     * written); {@code toIndex} are SBOMs (read back, facts applied) of images not in the match index yet, indexed in
     * the same transaction. Images no longer stored are left out of the answer.
     */
    List<Rejudged> rejudged(List<RejudgeWriter.Rejudgement> batch, Map<String, dev.warden.core.Sbom> toIndex) {
        if (batch.isEmpty()) {
            return List.of();
        }
        long now = System.currentTimeMillis();
        // redoable: a re-judgement lost with its commit is done again by the round (or job) that asked for it
        return tx.inRedoableTransaction(c -> {
            List<Rejudged> out = writer.write(c, batch, null, now, true);
            for (Rejudged r : out) {
                dev.warden.core.Sbom sbom = toIndex.get(r.digest());
                if (sbom != null) {
                    matchIndex.store(c, r.digest(), sbom);
                }
            }
            return out;
        });
    }

    /** Runs {@code work} in one transaction with the match index and the batch writer: the incremental re-judgement's. */
    <T> T inRejudgeTransaction(RejudgeWork<T> work) {
        long now = System.currentTimeMillis();
        return tx.inRedoableTransaction(c -> work.run(c, matchIndex, writer, now));
    }

    /** Work in a re-judging transaction. */
    interface RejudgeWork<T> {
        T run(Connection c, MatchIndex index, RejudgeWriter writer, long now) throws SQLException;
    }

    // ---- reads

    public List<ImageSummary> list(Filter filter, int limit, int offset) {
        return tx.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT digest, repository, grade, score, verdict, first_pushed, last_pushed, package_count "
                    + "FROM image WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
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
            args.add(limit);
            args.add(offset);
            return SqlRows.list(c, sql.toString(), rs -> summaryRow(c, rs), args);
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

    /** The judgement in force of each of these images that is stored and judged, by digest: one read per chunk, not per image. */
    public Map<String, Judgement> currentJudgements(List<String> digests) {
        return tx.read(c -> {
            Map<String, Judgement> out = new HashMap<>();
            RejudgeWriter.current(c, digests).forEach((digest, current) -> {
                if (current.judgement() != null) {
                    out.put(digest, current.judgement());
                }
            });
            return out;
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

    static final String JUDGEMENT_COLUMNS = "id, judged_at, cause, policy_version, vex_revision, verdict, grade, score, points, "
            + "maximum, results, summary, db_state, cause_detail";

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
                    out.add(judgementRow(rs, 1));
                }
            }
        }
        return out;
    }

    /** The judgement whose {@link #JUDGEMENT_COLUMNS} start at column {@code first}; null when its id is (an outer join found none). */
    static Judgement judgementRow(ResultSet rs, int first) throws SQLException {
        int i = first - 1;
        if (rs.getString(i + 1) == null) {
            return null;
        }
        long pv = rs.getLong(i + 4);
        Long policyVersion = rs.wasNull() ? null : pv;
        return new Judgement(rs.getString(i + 1), Instant.ofEpochMilli(rs.getLong(i + 2)), rs.getString(i + 3), policyVersion, rs.getLong(i + 5),
                rs.getString(i + 6), rs.getString(i + 7), rs.getInt(i + 8), rs.getInt(i + 9), rs.getInt(i + 10), rs.getString(i + 11),
                rs.getString(i + 12), rs.getString(i + 13), rs.getString(i + 14));
    }

    /** Tag moves of the image's repository, newest first. */
    public List<Map<String, Object>> tagHistory(String repository, int limit) {
        return tx.read(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tag, digest, previous_digest, at, change_kind FROM tag_history "
                    + "WHERE repository = ? ORDER BY at DESC, id LIMIT ?")) {
                ps.setString(1, repository);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("tag", rs.getString(1));
                        m.put("digest", rs.getString(2));
                        m.put("previousDigest", rs.getString(3));
                        m.put("at", Instant.ofEpochMilli(rs.getLong(4)).toString());
                        // pushed (first or moved) or, from a watch, deleted from the registry
                        m.put("change", rs.getString(5) == null ? (rs.getString(3) == null ? "tagged" : "moved") : rs.getString(5));
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
