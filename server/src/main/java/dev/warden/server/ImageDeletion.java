package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes a stored image and every row that is its alone, in one transaction: its tags (each move recorded in the tag
 * history as "deleted", as a tag the registry dropped is), its packages ({@code image_package}), its lookup keys
 * ({@code image_advisory_key}) and the {@code match_package} documents no remaining image names, its findings and
 * judgements, and the image. Alerts and deliveries already raised, the tag history and the audit log stay: they are
 * the record of what happened. The deletion itself is in the audit log.
 *
 * <p>On PostgreSQL a push that shares a package document with the deleted image may run at the same time. It writes
 * the document with {@code ON CONFLICT DO NOTHING} (no lock on an existing row), so the deletion first waits for
 * every transaction writing {@code match_package} to end and holds writers off until it commits
 * ({@code SHARE ROW EXCLUSIVE}): the references it then reads include theirs, and a writer that comes later inserts
 * the document again. SQLite's one writer gives the same order by itself.
 */
public final class ImageDeletion {
    /** What was removed with the image. */
    public record Removed(String digest, String repository, List<String> tags, String grade, String verdict, long packages, long advisoryKeys,
                          long matchPackages, long findings, long judgements) {}

    private final Transactions tx;
    private final boolean postgres;
    private final ObjectMapper json;

    public ImageDeletion(Transactions tx, boolean postgres, ObjectMapper json) {
        this.tx = tx;
        this.postgres = postgres;
        this.json = json;
    }

    /** Deletes the image; empty when no image with this digest is stored. */
    public Optional<Removed> delete(String digest, String actor) {
        long now = System.currentTimeMillis();
        return tx.inTransaction(c -> {
            record Row(long key, String repository, String grade, String verdict) {}
            // the image's row lock first (a push or re-judgement of it waits, then finds it gone), then match_package's
            Optional<Row> image = SqlRows.first(c, "SELECT id, repository, grade, verdict FROM image WHERE digest = ?" + (postgres ? " FOR UPDATE" : ""),
                    rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), digest);
            if (image.isEmpty()) {
                return Optional.empty();
            }
            if (postgres) {
                try (PreparedStatement ps = c.prepareStatement("LOCK TABLE match_package IN SHARE ROW EXCLUSIVE MODE")) {
                    ps.execute();
                }
            }
            List<String[]> tags = SqlRows.list(c, "SELECT repository, tag FROM image_tag WHERE digest = ? ORDER BY repository, tag",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, digest);
            for (String[] t : tags) {
                ImageStore.deleteTag(c, t[0], t[1], now);
            }
            long key = image.get().key();
            Map<LookupKey, Set<String>> held = packagesHeld(c, key);
            long keys = deleteRows(c, "DELETE FROM image_advisory_key WHERE image_id = ?", key);
            long packages = deleteRows(c, "DELETE FROM image_package WHERE image_id = ?", key);
            long findings = deleteRows(c, "DELETE FROM finding WHERE digest = ?", digest);
            long judgements = deleteRows(c, "DELETE FROM judgement WHERE digest = ?", digest);
            deleteRows(c, "DELETE FROM image WHERE digest = ?", digest);
            long collected = collectMatchPackages(c, held);
            Removed removed = new Removed(digest, image.get().repository(), tags.stream().map(t -> t[1]).toList(), image.get().grade(),
                    image.get().verdict(), packages, keys, collected, findings, judgements);
            AuditLog.record(c, actor, "image.delete", "image", digest, write(removed), null);
            return Optional.of(removed);
        });
    }

    /** A lookup key of the match index: (purl type, normalised name). */
    private record LookupKey(String type, String name) {}

    /** The match_package ids the image's lookup keys name, by key. */
    private static Map<LookupKey, Set<String>> packagesHeld(Connection c, long image) throws SQLException {
        Map<LookupKey, Set<String>> held = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT purl_type, name, packages FROM image_advisory_key WHERE image_id = ? AND packages IS NOT NULL")) {
            ps.setLong(1, image);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (String id : rs.getString(3).split(" ")) {
                        if (!id.isEmpty()) {
                            held.computeIfAbsent(new LookupKey(rs.getString(1), rs.getString(2)), k -> new LinkedHashSet<>()).add(id);
                        }
                    }
                }
            }
        }
        return held;
    }

    /**
     * Deletes the {@code match_package} documents in {@code held} (those the deleted image's keys named, its own key rows
     * already gone) that no remaining image names; how many. A document's lookup keys follow from the package alone, so
     * any image holding it names it under the same key: one indexed look per document, under that key, suffices.
     */
    private static long collectMatchPackages(Connection c, Map<LookupKey, Set<String>> held) throws SQLException {
        Set<String> decided = new java.util.HashSet<>();
        List<String> unreferenced = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM image_advisory_key WHERE purl_type = ? AND name = ? AND packages LIKE ? LIMIT 1")) {
            for (Map.Entry<LookupKey, Set<String>> e : held.entrySet()) {
                for (String id : e.getValue()) {
                    if (!decided.add(id)) {
                        continue;
                    }
                    ps.setString(1, e.getKey().type());
                    ps.setString(2, e.getKey().name());
                    ps.setString(3, "%" + id + "%"); // ids are hex: no LIKE wildcard in them
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            unreferenced.add(id);
                        }
                    }
                }
            }
        }
        long deleted = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM match_package WHERE id = ?")) {
            for (String id : unreferenced) {
                ps.setString(1, id);
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    private static long deleteRows(Connection c, String sql, String digest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, digest);
            return ps.executeUpdate();
        }
    }

    private static long deleteRows(Connection c, String sql, long image) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, image);
            return ps.executeUpdate();
        }
    }

    private String write(Removed removed) {
        try {
            return json.writeValueAsString(removed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a deleted image's record as JSON", e);
        }
    }
}
