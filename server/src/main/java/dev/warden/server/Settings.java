package dev.warden.server;

import dev.warden.core.finding.SeverityLevel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server settings changed through the API ({@code PUT /api/v1/settings}), each change in the audit log. Every
 * replica reads them from the database when it needs them, so a change made through one replica applies on all.
 */
public final class Settings {
    /** The lowest severity of a new finding that raises an alert. */
    public static final String ALERT_THRESHOLD = "alertThreshold";
    /** The default threshold: high, as the issue asks (critical and high raise alerts). */
    public static final SeverityLevel DEFAULT_ALERT_THRESHOLD = SeverityLevel.HIGH;

    private final Transactions tx;

    public Settings(Transactions tx) {
        this.tx = tx;
    }

    public SeverityLevel alertThreshold() {
        return tx.read(Settings::alertThreshold);
    }

    static SeverityLevel alertThreshold(Connection c) throws SQLException {
        return value(c, ALERT_THRESHOLD).map(SeverityLevel::parse).orElse(DEFAULT_ALERT_THRESHOLD);
    }

    /** Every setting with its value now (defaults included). */
    public Map<String, Object> all() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ALERT_THRESHOLD, alertThreshold().id());
        return m;
    }

    /** Sets the alert threshold; {@link ApiProblem} 400 for a word that is no severity. */
    public void setAlertThreshold(String text, String actor) {
        SeverityLevel level;
        try {
            level = SeverityLevel.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(ALERT_THRESHOLD + " must be one of critical, high, medium, low, negligible, unknown");
        }
        tx.inTransaction(c -> {
            String before = value(c, ALERT_THRESHOLD).orElse(null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_setting (name, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by")) {
                ps.setString(1, ALERT_THRESHOLD);
                ps.setString(2, level.id());
                ps.setLong(3, System.currentTimeMillis());
                ps.setString(4, actor);
                ps.executeUpdate();
            }
            AuditLog.record(c, actor, "settings.update", "settings", ALERT_THRESHOLD, before == null ? null : quote(before), quote(level.id()));
            return null;
        });
    }

    private static String quote(String text) {
        return "{\"" + ALERT_THRESHOLD + "\":\"" + text.toLowerCase(Locale.ROOT) + "\"}";
    }

    private static Optional<String> value(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM server_setting WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
