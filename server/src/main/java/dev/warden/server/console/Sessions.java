package dev.warden.server.console;

import dev.warden.server.Role;
import dev.warden.server.Sha256;
import dev.warden.server.Tokens;
import dev.warden.server.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sessions: 256 random bits in the browser's cookie, their SHA-256 in {@code console_session}. Each
 * session stands for the API token it was opened with: its name and role are read from the token on every request, so
 * revoking the token ends the session. The CSRF token of a session is derived from the cookie's value (HMAC), so it
 * needs no storage, is the same on every replica, and cannot be computed from the database.
 */
public final class Sessions {
    private static final int SECRET_BYTES = 32;
    private static final String CSRF_PURPOSE = "warden-console-csrf-v1";

    /** A signed-in browser: who it is (from the token) and the CSRF token its forms carry. */
    public record Session(String idHash, Tokens.Principal principal, String csrf) {
        public boolean can(Role role) {
            return principal.role().atLeast(role);
        }
    }

    /** A session just opened: the cookie's value (only ever sent to the browser) and the session. */
    public record Opened(String cookieValue, Session session) {}

    private final Transactions tx;
    private final SecureRandom random;
    private final Clock clock;

    public Sessions(Transactions tx, SecureRandom random, Clock clock) {
        this.tx = tx;
        this.random = random;
        this.clock = clock;
    }

    /** A new random secret: a session's cookie value, or the sign-in form's pre-session value. */
    public String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Opens a session for a token that authenticated; also forgets sessions that have expired. */
    public Opened open(Tokens.Principal who) {
        String secret = newSecret();
        String hash = Sha256.hex(secret);
        long now = clock.millis();
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM console_session WHERE last_seen < ? OR created_at < ?")) {
                ps.setLong(1, now - ConsoleLimits.SESSION_IDLE.toMillis());
                ps.setLong(2, now - ConsoleLimits.SESSION_ABSOLUTE.toMillis());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_session (id_hash, token_id, created_at, last_seen) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, hash);
                ps.setString(2, who.tokenId());
                ps.setLong(3, now);
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            return null;
        });
        return new Opened(secret, new Session(hash, who, csrf(secret)));
    }

    /**
     * The session a cookie value stands for, if it is known, within its idle and absolute lifetimes, and its token is
     * not revoked; touches it (at most once per {@link ConsoleLimits#SESSION_TOUCH}).
     */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > 64) {
            return Optional.empty();
        }
        String hash = Sha256.hex(cookieValue);
        long now = clock.millis();
        return tx.inTransaction(c -> {
            Tokens.Principal who;
            long lastSeen;
            try (PreparedStatement ps = c.prepareStatement("SELECT s.created_at, s.last_seen, t.id, t.name, t.role FROM console_session s "
                    + "JOIN api_token t ON t.id = s.token_id WHERE s.id_hash = ? AND t.revoked_at IS NULL")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long created = rs.getLong(1);
                    lastSeen = rs.getLong(2);
                    if (now - lastSeen > ConsoleLimits.SESSION_IDLE.toMillis() || now - created > ConsoleLimits.SESSION_ABSOLUTE.toMillis()) {
                        return Optional.empty();
                    }
                    who = new Tokens.Principal(rs.getString(3), rs.getString(4), Role.parse(rs.getString(5)));
                }
            }
            if (now - lastSeen >= ConsoleLimits.SESSION_TOUCH.toMillis()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE console_session SET last_seen = ? WHERE id_hash = ?")) {
                    ps.setLong(1, now);
                    ps.setString(2, hash);
                    ps.executeUpdate();
                }
            }
            return Optional.of(new Session(hash, who, csrf(cookieValue)));
        });
    }

    /** Ends a session (sign-out): its row is deleted, so the cookie is worth nothing even if kept. */
    public void close(Session session) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM console_session WHERE id_hash = ?")) {
                ps.setString(1, session.idHash());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The CSRF token that goes with a secret: HMAC-SHA256 keyed with it, so only its holder can make it. */
    public static String csrf(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(CSRF_PURPOSE.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether a submitted CSRF token is the expected one, compared in constant time. */
    public static boolean csrfMatches(String expected, String submitted) {
        return submitted != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), submitted.getBytes(StandardCharsets.US_ASCII));
    }
}
