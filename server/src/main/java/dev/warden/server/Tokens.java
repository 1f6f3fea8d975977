package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens: 256 random bits, shown once when made; only their SHA-256 is stored, so a copy of the database gives
 * no one a token. (A token is random, not a password: one hash round is enough, and lookups stay one index read.)
 */
public final class Tokens {
    /** Tokens read as {@code wdn_} + 43 base64url characters: recognisable in a leaked log, in secret scanners too. */
    public static final String PREFIX = "wdn_";
    private static final int TOKEN_BYTES = 32;
    /** Names are for people reading the audit log; long ones are a mistake. */
    public static final int MAX_NAME_CHARS = 100;

    /** Who a request is: the token's id, name and role. */
    public record Principal(String tokenId, String name, Role role) {}

    /** A token as listed (never the token itself). */
    public record TokenInfo(String id, String name, String role, Instant createdAt, String createdBy, Instant lastUsed,
                            Instant revokedAt) {}

    /** A token just made: {@code token} is shown this once. */
    public record Created(TokenInfo info, String token) {}

    private final Transactions tx;
    private final SecureRandom random;
    private final ObjectMapper json;

    public Tokens(Transactions tx, SecureRandom random, ObjectMapper json) {
        this.tx = tx;
        this.random = random;
        this.json = json;
    }

    public Created create(String name, Role role, String actor) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
            throw new WardenException("token name must be 1 to " + MAX_NAME_CHARS + " characters without control characters");
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
        TokenInfo info = new TokenInfo(id, name, role.id(), now, actor, null, null);
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_token (id, name, role, token_hash, created_at, created_by) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, role.id());
                ps.setString(4, Sha256.hex(token));
                ps.setLong(5, now.toEpochMilli());
                ps.setString(6, actor);
                ps.executeUpdate();
            }
            AuditLog.record(c, actor, "token.create", "token", id, null, describe(info));
            return null;
        });
        return new Created(info, token);
    }

    /** The principal a bearer token stands for, if it is known and not revoked. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Sha256.hex(token);
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, role FROM api_token WHERE token_hash = ? AND revoked_at IS NULL")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Principal(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3))));
                }
            }
        });
    }

    public List<TokenInfo> list() {
        return tx.read(c -> {
            List<TokenInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, role, created_at, created_by, last_used, revoked_at "
                    + "FROM api_token ORDER BY created_at, id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(info(rs));
                }
            }
            return out;
        });
    }

    /** Revokes a token; false when there is no such token. */
    public boolean revoke(String id, String actor) {
        return tx.inTransaction(c -> {
            TokenInfo before;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, role, created_at, created_by, last_used, revoked_at "
                    + "FROM api_token WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    before = info(rs);
                }
            }
            if (before.revokedAt() != null) {
                return true;
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_token SET revoked_at = ? WHERE id = ?")) {
                ps.setLong(1, now);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            TokenInfo after = new TokenInfo(before.id(), before.name(), before.role(), before.createdAt(), before.createdBy(),
                    before.lastUsed(), Instant.ofEpochMilli(now));
            AuditLog.record(c, actor, "token.revoke", "token", id, describe(before), describe(after));
            return true;
        });
    }

    private static TokenInfo info(ResultSet rs) throws SQLException {
        long lastUsed = rs.getLong(6);
        boolean neverUsed = rs.wasNull();
        long revoked = rs.getLong(7);
        boolean notRevoked = rs.wasNull();
        return new TokenInfo(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
                neverUsed ? null : Instant.ofEpochMilli(lastUsed), notRevoked ? null : Instant.ofEpochMilli(revoked));
    }

    private String describe(TokenInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", info.id());
        m.put("name", info.name());
        m.put("role", info.role());
        m.put("revokedAt", info.revokedAt() == null ? null : info.revokedAt().toString());
        try {
            return json.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
