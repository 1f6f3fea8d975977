package dev.warden.server;

import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.vex.OpenVexRules;
import dev.warden.match.vex.OpenVexWriter;
import dev.warden.match.vex.VexDocuments;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * VEX statements made on the server. Each is kept as a one-statement OpenVEX document written and read by the
 * project's own OpenVEX writer and reader, so what is exported is what the CLI reads with {@code --vex}. Statements
 * posted through the API are approved at once (the security role makes them); proposals and reviews are issue 13's.
 */
public final class VexStore {
    public static final String AUTHOR = "Warden server";

    /** One stored statement. */
    public record Stored(String id, String state, Instant createdAt, String createdBy, VexStatement statement) {}

    private final Transactions tx;

    public VexStore(Transactions tx) {
        this.tx = tx;
    }

    /** Every statement of an OpenVEX, CycloneDX VEX or CSAF document, checked against OpenVEX's rules, then stored. */
    public List<Stored> create(byte[] document, String actor) {
        List<String> warnings = new ArrayList<>();
        List<VexStatement> statements = VexDocuments.parse(document, "(request body)", warnings::add);
        if (statements.isEmpty()) {
            throw new WardenException("VEX (request body): the document holds no statements");
        }
        for (VexStatement s : statements) {
            List<String> problems = OpenVexRules.problems(s);
            if (!problems.isEmpty()) {
                throw new WardenException("VEX (request body): statement for " + s.vulnerability() + ": " + String.join("; ", problems));
            }
        }
        long now = System.currentTimeMillis();
        OpenVexWriter writer = new OpenVexWriter(AUTHOR, null);
        return tx.inTransaction(c -> {
            List<Stored> out = new ArrayList<>();
            for (VexStatement s : statements) {
                String id = UUID.randomUUID().toString();
                Instant at = s.timestamp() != null ? s.timestamp() : Instant.ofEpochMilli(now);
                String doc = new String(writer.write(List.of(s), at), StandardCharsets.UTF_8);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO vex_statement (id, vulnerability, status, state, created_at, "
                        + "created_by, decided_at, decided_by, doc) VALUES (?, ?, ?, 'approved', ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, s.vulnerability());
                    ps.setString(3, s.status().name().toLowerCase(java.util.Locale.ROOT));
                    ps.setLong(4, now);
                    ps.setString(5, actor);
                    ps.setLong(6, now);
                    ps.setString(7, actor);
                    ps.setString(8, doc);
                    ps.executeUpdate();
                }
                AuditLog.record(c, actor, "vex.create", "vex", id, null, doc);
                out.add(new Stored(id, "approved", Instant.ofEpochMilli(now), actor, read(id, doc)));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE server_state SET value = value + 1 WHERE name = 'vex_revision'")) {
                ps.executeUpdate();
            }
            return out;
        });
    }

    /** Statements, oldest first (later statements win when applied); {@code approvedOnly} for those that apply. */
    public List<Stored> list(boolean approvedOnly, int limit, int offset) {
        return tx.read(c -> list(c, approvedOnly, limit, offset));
    }

    static List<Stored> list(Connection c, boolean approvedOnly, int limit, int offset) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, state, created_at, created_by, doc FROM vex_statement"
                + (approvedOnly ? " WHERE state = 'approved'" : "") + " ORDER BY created_at, id LIMIT ? OFFSET ?")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                            read(rs.getString(1), rs.getString(5))));
                }
            }
        }
        return out;
    }

    /** Every approved statement, in the order they apply. */
    public List<VexStatement> approved() {
        return list(true, Integer.MAX_VALUE, 0).stream().map(Stored::statement).toList();
    }

    public long revision() {
        return tx.read(VexStore::revision);
    }

    static long revision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM server_state WHERE name = 'vex_revision'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Every approved statement as one OpenVEX document. Its timestamp is the newest statement's, so the same
     * statements always give the same bytes (and the same ETag).
     */
    public byte[] export() {
        List<Stored> all = list(true, Integer.MAX_VALUE, 0);
        Instant newest = all.stream().map(Stored::createdAt).max(Instant::compareTo).orElse(Instant.EPOCH);
        return new OpenVexWriter(AUTHOR, null).write(all.stream().map(Stored::statement).toList(), newest);
    }

    static VexStatement read(String id, String doc) {
        List<VexStatement> statements = VexDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "server statement " + id, w -> { });
        if (statements.size() != 1) {
            throw new IllegalStateException("stored VEX statement " + id + " holds " + statements.size() + " statements");
        }
        return statements.get(0);
    }
}
