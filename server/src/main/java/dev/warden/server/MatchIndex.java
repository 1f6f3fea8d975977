package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.match.LookupKeys;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What matching reads of a stored image, kept in the server's tables so that an advisory change re-matches only the
 * packages it names without reading the SBOM back (server migration V6): the packages matched through each of the
 * image's lookup keys ({@code image_advisory_key.packages}, ids of {@code match_package} documents stored once for
 * the whole fleet), and the image's distro and identity ({@code image.match_view}).
 */
final class MatchIndex {
    /** What matching and VEX read of an SBOM beside its packages. */
    record View(Distro distro, ImageInfo image) {}

    private final ObjectMapper json;

    MatchIndex(ObjectMapper json) {
        this.json = json;
    }

    /** Replaces the image's lookup keys with those of {@code sbom} (the SBOM as read back, facts applied), each with its packages. */
    void store(Connection c, String digest, Sbom sbom) throws SQLException {
        long image = ImageKeys.of(c, digest);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM image_advisory_key WHERE image_id = ?")) {
            ps.setLong(1, image);
            ps.executeUpdate();
        }
        Map<Package, String> ids = new LinkedHashMap<>();
        Map<String, String> docs = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_advisory_key (image_id, purl_type, name, packages) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            for (Map.Entry<LookupKeys.Key, Set<Package>> e : LookupKeys.packagesByKey(sbom).entrySet()) {
                List<String> of = new ArrayList<>();
                for (Package p : e.getValue()) {
                    of.add(ids.computeIfAbsent(p, x -> {
                        String doc = write(x);
                        String id = Sha256.hex(doc.getBytes(StandardCharsets.UTF_8));
                        docs.put(id, doc);
                        return id;
                    }));
                }
                ps.setLong(1, image);
                ps.setString(2, e.getKey().type());
                ps.setString(3, e.getKey().name());
                ps.setString(4, String.join(" ", of));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO match_package (id, doc) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (Map.Entry<String, String> e : docs.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setString(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE image SET match_view = ? WHERE digest = ?")) {
            ps.setString(1, write(new View(sbom.distro(), sbom.image())));
            ps.setString(2, digest);
            ps.executeUpdate();
        }
    }

    /** The views of these images; absent for those stored before V6 (not indexed yet) or no longer stored. */
    Map<String, View> views(Connection c, List<String> digests) throws SQLException {
        Map<String, View> out = new HashMap<>();
        Map<String, View> parsed = new HashMap<>(); // images of one build share their view: each document parsed once
        for (List<String> chunk : RejudgeWriter.chunks(digests)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, match_view FROM image WHERE match_view IS NOT NULL AND digest IN ("
                    + RejudgeWriter.marks(chunk.size()) + ")")) {
                RejudgeWriter.bind(ps, chunk, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), parsed.computeIfAbsent(rs.getString(2), doc -> read(doc, View.class)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The packages of these images matched through any of {@code keys}, by digest and package reference
     * ({@link RejudgeWriter#packageRef}); each document read and parsed once for the whole batch.
     */
    Map<String, Map<String, Package>> packages(Connection c, List<String> digests, Collection<LookupKeys.Key> keys) throws SQLException {
        Map<String, List<String>> idsByDigest = new HashMap<>();
        for (List<String> chunk : RejudgeWriter.chunks(digests)) {
            for (LookupKeys.Key key : keys) {
                try (PreparedStatement ps = c.prepareStatement("SELECT i.digest, k.packages FROM image i JOIN image_advisory_key k ON k.image_id = i.id "
                        + "WHERE k.purl_type = ? AND k.name = ? AND i.digest IN (" + RejudgeWriter.marks(chunk.size()) + ")")) {
                    ps.setString(1, key.type());
                    ps.setString(2, key.name());
                    RejudgeWriter.bind(ps, chunk, 3);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String ids = rs.getString(2);
                            if (ids != null && !ids.isEmpty()) {
                                idsByDigest.computeIfAbsent(rs.getString(1), d -> new ArrayList<>()).addAll(List.of(ids.split(" ")));
                            }
                        }
                    }
                }
            }
        }
        List<String> distinct = idsByDigest.values().stream().flatMap(List::stream).distinct().toList();
        Map<String, Package> parsed = new HashMap<>();
        for (List<String> chunk : RejudgeWriter.chunks(distinct)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, doc FROM match_package WHERE id IN (" + RejudgeWriter.marks(chunk.size()) + ")")) {
                RejudgeWriter.bind(ps, chunk, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parsed.put(rs.getString(1), read(rs.getString(2), Package.class));
                    }
                }
            }
        }
        Map<String, Map<String, Package>> out = new HashMap<>();
        idsByDigest.forEach((digest, ids) -> ids.forEach(id -> {
            Package p = parsed.get(id);
            if (p == null) {
                throw new IllegalStateException("the match index of " + digest + " names a package document that is not stored: " + id);
            }
            out.computeIfAbsent(digest, d -> new LinkedHashMap<>()).putIfAbsent(RejudgeWriter.packageRef(p), p);
        }));
        return out;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String doc, Class<T> type) {
        try {
            return json.readValue(doc, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
