package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Webhooks and their deliveries. A webhook is a URL, a secret that keys each delivery's HMAC-SHA256 signature (never
 * returned by the API), a payload format ({@code warden} JSON or {@code slack}, Slack's incoming-webhook
 * {@code {"text": ...}}) and the alert kinds it wants. Each alert becomes one delivery row per matching webhook in the
 * alert's own transaction (an outbox), with the exact body to send; {@link WebhookSender} sends them.
 */
public final class Webhooks {
    public static final List<String> FORMATS = WebhookFormat.names();
    /** Longest URL accepted: far above any real endpoint, small enough to keep out junk. */
    static final int MAX_URL_CHARS = 2_000;
    /** Secrets shorter than this are guesses away from forged signatures. */
    static final int MIN_SECRET_CHARS = 16;
    static final int MAX_SECRET_CHARS = 512;
    static final int MAX_DESCRIPTION_CHARS = 500;

    /** A webhook as the API shows it: never its secret. */
    public record Webhook(String id, String url, String format, List<String> kinds, boolean active, String description,
                         Instant createdAt, String createdBy) {}

    /** One delivery, as the delivery log shows it. */
    public record Delivery(String id, String webhookId, String alertId, String event, String state, int attempts, Instant nextAttempt,
                           Integer lastStatus, String lastError, Instant created, Instant deliveredAt) {}

    /** What a sender needs of a claimed delivery. */
    record Outgoing(String id, String url, String secret, String event, String body, int attempts) {}

    private final Transactions tx;
    private final ObjectMapper json;

    public Webhooks(Transactions tx, ObjectMapper json) {
        this.tx = tx;
        this.json = json;
    }

    /** Checks a webhook URL: http or https with a host, nothing else (no file:, no ftp:, no credentials in it). */
    static URI checkUrl(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_URL_CHARS) {
            throw ApiProblem.badRequest("url must be an http or https URL of at most " + MAX_URL_CHARS + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw ApiProblem.badRequest("url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ApiProblem(400, "webhook-url", "Invalid Webhook URL", "url must use http or https, not '" + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new ApiProblem(400, "webhook-url", "Invalid Webhook URL", "url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ApiProblem(400, "webhook-url", "Invalid Webhook URL", "url must not carry credentials; the secret signs each delivery");
        }
        return uri;
    }

    /** The fields a create or update may set; null leaves a field as it is (create: its default). */
    public record Change(String url, String secret, String format, List<String> kinds, Boolean active, String description) {}

    public Webhook create(Change change, String actor) {
        URI url = checkUrl(change.url());
        String secret = checkSecret(change.secret());
        String format = checkFormat(change.format() == null ? "warden" : change.format());
        List<String> kinds = checkKinds(change.kinds() == null ? List.of() : change.kinds());
        String description = checkDescription(change.description());
        Webhook w = new Webhook(UUID.randomUUID().toString(), url.toString(), format, kinds, change.active() == null || change.active(),
                description, Instant.ofEpochMilli(System.currentTimeMillis()), actor);
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook (id, url, secret, format, kinds, active, description, created_at, "
                    + "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, w.id());
                ps.setString(2, w.url());
                ps.setString(3, secret);
                ps.setString(4, w.format());
                ps.setString(5, write(w.kinds()));
                ps.setLong(6, w.active() ? 1 : 0);
                ps.setString(7, w.description());
                ps.setLong(8, w.createdAt().toEpochMilli());
                ps.setString(9, actor);
                ps.executeUpdate();
            }
            AuditLog.record(c, actor, "webhook.create", "webhook", w.id(), null, write(view(w)));
            return null;
        });
        return w;
    }

    public Optional<Webhook> update(String id, Change change, String actor) {
        return tx.inTransaction(c -> {
            Optional<Webhook> before = find(c, id);
            if (before.isEmpty()) {
                return Optional.empty();
            }
            Webhook b = before.get();
            Webhook w = new Webhook(id, change.url() == null ? b.url() : checkUrl(change.url()).toString(),
                    change.format() == null ? b.format() : checkFormat(change.format()),
                    change.kinds() == null ? b.kinds() : checkKinds(change.kinds()), change.active() == null ? b.active() : change.active(),
                    change.description() == null ? b.description() : checkDescription(change.description()), b.createdAt(), b.createdBy());
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook SET url = ?, format = ?, kinds = ?, active = ?, description = ? "
                    + "WHERE id = ?")) {
                ps.setString(1, w.url());
                ps.setString(2, w.format());
                ps.setString(3, write(w.kinds()));
                ps.setLong(4, w.active() ? 1 : 0);
                ps.setString(5, w.description());
                ps.setString(6, id);
                ps.executeUpdate();
            }
            if (change.secret() != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE webhook SET secret = ? WHERE id = ?")) {
                    ps.setString(1, checkSecret(change.secret()));
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
            Map<String, Object> after = view(w);
            after.put("secretChanged", change.secret() != null); // the secret itself never enters the log
            AuditLog.record(c, actor, "webhook.update", "webhook", id, write(view(b)), write(after));
            return Optional.of(w);
        });
    }

    /** Deletes the webhook and its pending deliveries (its delivery log goes with it). */
    public boolean delete(String id, String actor) {
        return tx.inTransaction(c -> {
            Optional<Webhook> before = find(c, id);
            if (before.isEmpty()) {
                return false;
            }
            for (String sql : List.of("DELETE FROM webhook_delivery WHERE webhook_id = ?", "DELETE FROM webhook WHERE id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            AuditLog.record(c, actor, "webhook.delete", "webhook", id, write(view(before.get())), null);
            return true;
        });
    }

    public List<Webhook> list(int limit, int offset) {
        return tx.read(c -> SqlRows.list(c, "SELECT " + COLUMNS + " FROM webhook ORDER BY created_at, id LIMIT ? OFFSET ?", this::row, limit, offset));
    }

    public Optional<Webhook> find(String id) {
        return tx.read(c -> find(c, id));
    }

    private Optional<Webhook> find(Connection c, String id) throws SQLException {
        return SqlRows.first(c, "SELECT " + COLUMNS + " FROM webhook WHERE id = ?", this::row, id);
    }

    private static final String COLUMNS = "id, url, format, kinds, active, description, created_at, created_by";

    private Webhook row(ResultSet rs) throws SQLException {
        try {
            return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), List.of(json.readValue(rs.getString(4), String[].class)),
                    rs.getLong(5) == 1, rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored webhook " + rs.getString(1) + " cannot be read", e);
        }
    }

    /** The delivery log of a webhook, newest first. */
    public List<Delivery> deliveries(String webhookId, int limit, int offset) {
        return tx.read(c -> SqlRows.list(c, "SELECT id, webhook_id, alert_id, event, state, attempts, next_attempt, last_status, last_error, "
                + "created, delivered_at FROM webhook_delivery WHERE webhook_id = ? ORDER BY created DESC, id LIMIT ? OFFSET ?", rs -> {
                    Long lastStatus = SqlColumns.number(rs, 8);
                    return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                            Instant.ofEpochMilli(rs.getLong(7)), lastStatus == null ? null : lastStatus.intValue(), rs.getString(9),
                            Instant.ofEpochMilli(rs.getLong(10)), SqlColumns.instant(rs, 11));
                }, webhookId, limit, offset));
    }

    // ---- the outbox

    /**
     * One delivery per active webhook that wants each alert's kind, in the alerts' transaction: the webhooks and the
     * alerting images' tags read once, the deliveries written with one batched statement.
     */
    static void enqueue(Connection c, List<Alerts.Alert> alerts, ObjectMapper json, long now) throws SQLException {
        List<String[]> hooks = new ArrayList<>(); // id, format, kinds
        try (PreparedStatement ps = c.prepareStatement("SELECT id, format, kinds FROM webhook WHERE active = 1 ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hooks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        if (hooks.isEmpty() || alerts.isEmpty()) {
            return;
        }
        Map<String, List<String>> kindsOf = new HashMap<>();
        for (String[] hook : hooks) {
            try {
                kindsOf.put(hook[0], List.of(json.readValue(hook[2], String[].class)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored webhook " + hook[0] + " cannot be read", e);
            }
        }
        Map<String, List<String>> tags = new HashMap<>();
        List<String> digests = alerts.stream().map(Alerts.Alert::digest).distinct().toList();
        for (List<String> chunk : RejudgeWriter.chunks(digests)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT digest, tag FROM image_tag WHERE digest IN (" + RejudgeWriter.marks(chunk.size())
                    + ") ORDER BY digest, tag")) {
                RejudgeWriter.bind(ps, chunk, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tags.computeIfAbsent(rs.getString(1), d -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_delivery (id, webhook_id, alert_id, event, body, state, attempts, "
                + "next_attempt, created) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)")) {
            for (Alerts.Alert alert : alerts) {
                String event = "alert." + alert.kind();
                for (String[] hook : hooks) {
                    List<String> kinds = kindsOf.get(hook[0]);
                    if (!kinds.isEmpty() && !kinds.contains(alert.kind())) {
                        continue;
                    }
                    String id = UUID.randomUUID().toString();
                    String body = WebhookFormat.named(hook[1]).body(id, event, alert, tags.getOrDefault(alert.digest(), List.of()), json);
                    ps.setString(1, id);
                    ps.setString(2, hook[0]);
                    ps.setString(3, alert.id());
                    ps.setString(4, event);
                    ps.setString(5, body);
                    ps.setLong(6, now);
                    ps.setLong(7, now);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Claims up to {@code limit} due deliveries for {@code owner} until {@code leaseUntil}: each goes to one sender. */
    List<Outgoing> claimDue(String owner, long now, long leaseUntil, int limit) {
        List<String> candidates = tx.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM webhook_delivery WHERE state = 'pending' AND next_attempt <= ? "
                    + "AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt, id LIMIT ?")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        List<Outgoing> claimed = new ArrayList<>();
        for (String id : candidates) {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET owner = ?, lease_until = ? WHERE id = ? "
                        + "AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?)")) {
                    ps.setString(1, owner);
                    ps.setLong(2, leaseUntil);
                    ps.setString(3, id);
                    ps.setLong(4, now);
                    if (ps.executeUpdate() == 0) {
                        return null; // another replica took it
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT d.id, w.url, w.secret, d.event, d.body, d.attempts FROM webhook_delivery d "
                        + "JOIN webhook w ON w.id = d.webhook_id WHERE d.id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            claimed.add(new Outgoing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                    rs.getInt(6)));
                        }
                    }
                }
                return null;
            });
        }
        return claimed;
    }

    /** Records an attempt: delivered, or failed for now (retried at {@code nextAttempt}), or failed for good. */
    void attempted(String id, String owner, boolean delivered, boolean giveUp, Integer status, String error, long now, long nextAttempt) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_delivery SET state = ?, attempts = attempts + 1, last_status = ?, "
                    + "last_error = ?, next_attempt = ?, delivered_at = ?, owner = NULL, lease_until = NULL WHERE id = ? AND owner = ?")) {
                ps.setString(1, delivered ? "delivered" : giveUp ? "failed" : "pending");
                if (status == null) {
                    ps.setNull(2, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(2, status);
                }
                ps.setString(3, error);
                ps.setLong(4, nextAttempt);
                if (delivered) {
                    ps.setLong(5, now);
                } else {
                    ps.setNull(5, java.sql.Types.BIGINT);
                }
                ps.setString(6, id);
                ps.setString(7, owner);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static String checkSecret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_CHARS || secret.length() > MAX_SECRET_CHARS) {
            throw ApiProblem.badRequest("secret must be " + MIN_SECRET_CHARS + " to " + MAX_SECRET_CHARS + " characters");
        }
        return secret;
    }

    private static String checkFormat(String format) {
        if (!FORMATS.contains(format)) {
            throw ApiProblem.badRequest("format must be one of " + String.join(", ", FORMATS));
        }
        return format;
    }

    private static List<String> checkKinds(List<String> kinds) {
        for (String k : kinds) {
            if (!Alerts.KINDS.contains(k)) {
                throw ApiProblem.badRequest("kinds must be alert kinds: " + String.join(", ", Alerts.KINDS));
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(kinds));
    }

    private static String checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
            throw ApiProblem.badRequest("description must be at most " + MAX_DESCRIPTION_CHARS + " characters");
        }
        return description;
    }

    private String write(Object value) {
        return write(json, value);
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** For the API: a webhook as JSON, without its secret. */
    Map<String, Object> view(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("url", w.url());
        m.put("format", w.format());
        m.put("kinds", w.kinds());
        m.put("active", w.active());
        m.put("description", w.description());
        m.put("createdAt", w.createdAt().toString());
        m.put("createdBy", w.createdBy());
        return m;
    }
}
