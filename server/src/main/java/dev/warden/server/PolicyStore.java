package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyFile;
import dev.warden.policy.PolicySet;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organisation's policy file, every version kept; the highest version is the active one. With none published the
 * server judges with Docker Scout's default set, as the CLI does without {@code --policy}.
 */
public final class PolicyStore {
    /** One published version; {@code yaml} is null in listings. */
    public record PolicyVersion(long version, String yaml, String sha256, Instant createdAt, String createdBy, String comment) {}

    private final Transactions tx;
    private final ObjectMapper json;

    public PolicyStore(Transactions tx, ObjectMapper json) {
        this.tx = tx;
        this.json = json;
    }

    public Optional<PolicyVersion> active() {
        return tx.read(PolicyStore::active);
    }

    static Optional<PolicyVersion> active(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version, yaml, sha256, created_at, created_by, comment FROM policy_version "
                + "ORDER BY version DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs, true)) : Optional.empty();
        }
    }

    public Optional<PolicyVersion> version(long version) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, yaml, sha256, created_at, created_by, comment FROM policy_version "
                    + "WHERE version = ?")) {
                ps.setLong(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs, true)) : Optional.empty();
                }
            }
        });
    }

    /** Newest first, without their text. */
    public List<PolicyVersion> versions(int limit, int offset) {
        return tx.read(c -> {
            List<PolicyVersion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT version, yaml, sha256, created_at, created_by, comment FROM policy_version "
                    + "ORDER BY version DESC LIMIT ? OFFSET ?")) {
                ps.setInt(1, limit);
                ps.setInt(2, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs, false));
                    }
                }
            }
            return out;
        });
    }

    /** The policies a text stands for, checked as the CLI checks {@code --policy FILE} (custom rules compiled too). */
    public static PolicySet validate(byte[] yaml) {
        PolicySet set = PolicyFile.parse(yaml, "(request body)");
        new PolicyEngine(set); // compiles the CEL rules: a typo fails here, not at the next push
        return set;
    }

    /** The policies to judge with now, and the version they come from (null: the default set). */
    public record Active(PolicySet set, Long version) {}

    public Active activeSet() {
        return active().map(v -> new Active(PolicyFile.parse(v.yaml().getBytes(StandardCharsets.UTF_8), "server policy version " + v.version()),
                v.version())).orElse(new Active(PolicySet.defaults(), null));
    }

    /**
     * Publishes a new version after validating it; {@link WardenException} with the validator's line when invalid.
     * Two publishes at once: one wins the next number, the other fails on the key and is told to retry.
     */
    public PolicyVersion publish(byte[] yaml, String actor, String comment) {
        validate(yaml);
        String text = new String(yaml, StandardCharsets.UTF_8);
        try {
            return insertVersion(yaml, text, actor, comment, "policy.publish", null);
        } catch (ServerDatabase.DatabaseUnavailable e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                throw new ApiProblem(409, "policy-conflict", "Conflict", "another policy version was published at the same moment; "
                        + "read the active policy again and retry");
            }
            throw e;
        }
    }

    /**
     * Publishes an old version's text again as a new version (audited as {@code policy.rollback}), checked as a new
     * file is: a rule that no longer compiles is refused rather than made active. 404 for an unknown version, 409 when
     * its text is the active policy already.
     */
    public PolicyVersion rollback(long version, String actor, String comment) {
        PolicyVersion old = version(version).orElseThrow(() -> ApiProblem.notFound("no policy version " + version));
        byte[] yaml = old.yaml().getBytes(StandardCharsets.UTF_8);
        Optional<PolicyVersion> active = active();
        if (active.isPresent() && active.get().sha256().equals(old.sha256())) {
            throw new ApiProblem(409, "policy-unchanged", "Conflict", "version " + version + "'s text is the active policy already (version "
                    + active.get().version() + ")");
        }
        validate(yaml);
        String why = "rollback to version " + version + (comment == null || comment.isBlank() ? "" : ": " + comment);
        try {
            return insertVersion(yaml, old.yaml(), actor, why, "policy.rollback", version);
        } catch (ServerDatabase.DatabaseUnavailable e) {
            if (e.getCause() instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                throw new ApiProblem(409, "policy-conflict", "Conflict", "another policy version was published at the same moment; retry");
            }
            throw e;
        }
    }

    private PolicyVersion insertVersion(byte[] yaml, String text, String actor, String comment, String action, Long rollbackOf) {
        return tx.inTransaction(c -> {
            Optional<PolicyVersion> before = active(c);
            long next = before.map(v -> v.version() + 1).orElse(1L);
            PolicyVersion created = new PolicyVersion(next, text, Sha256.hex(yaml), Instant.ofEpochMilli(System.currentTimeMillis()), actor, comment);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO policy_version (version, yaml, sha256, created_at, created_by, comment) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, created.version());
                ps.setString(2, created.yaml());
                ps.setString(3, created.sha256());
                ps.setLong(4, created.createdAt().toEpochMilli());
                ps.setString(5, actor);
                ps.setString(6, comment);
                ps.executeUpdate();
            }
            Map<String, Object> after = description(created);
            if (rollbackOf != null) {
                after.put("rollbackOf", rollbackOf);
            }
            AuditLog.record(c, actor, action, "policy", Long.toString(next), before.map(this::describe).orElse(null), write(after));
            return created;
        });
    }

    private String describe(PolicyVersion v) {
        return write(description(v));
    }

    private static Map<String, Object> description(PolicyVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("sha256", v.sha256());
        m.put("yaml", v.yaml());
        return m;
    }

    private String write(Map<String, Object> m) {
        try {
            return json.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PolicyVersion row(ResultSet rs, boolean withText) throws SQLException {
        return new PolicyVersion(rs.getLong(1), withText ? rs.getString(2) : null, rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5), rs.getString(6));
    }

}
