package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * VEX statements made on the server. Each is kept as a one-statement OpenVEX document written and read by the
 * project's own OpenVEX writer and reader, so what is exported is what the CLI reads with {@code --vex}.
 *
 * <p>Statements posted as documents by the security role are approved at once. The VEX desk's statements are proposed
 * (a developer, from a finding), then approved or rejected by the security role with a comment. Only approved
 * statements apply, and only until the day after their review date: then they are {@code expired} (the state the API
 * shows; the row stays {@code approved}, with {@code expired_at} once the server has re-judged and said so).
 */
public final class VexStore {
    public static final String AUTHOR = "Warden server";
    /** A review date is a day: the statement applies through that whole day (UTC) and stops at the next midnight. */
    static final long DAY_MILLIS = 86_400_000L;

    /** The states a statement can be listed by; {@code expired} is an approved statement past its review date. */
    public static final List<String> STATES = List.of("proposed", "approved", "rejected", "expired");

    /**
     * One stored statement. {@code state} is as it stands at the time it was read (approved past its review date reads
     * as expired); {@code reviewDate} is null when the statement has none; decision fields are null until decided.
     */
    public record Stored(String id, String state, Instant createdAt, String createdBy, Instant decidedAt, String decidedBy,
                         String comment, LocalDate reviewDate, String sourceDigest, VexStatement statement) {
        /** A statement as the monitor reads it: no decision details. */
        public Stored(String id, String state, Instant createdAt, String createdBy, VexStatement statement) {
            this(id, state, createdAt, createdBy, null, null, null, null, null, statement);
        }

        public boolean applies() {
            return state.equals("approved");
        }
    }

    private static final String COLUMNS = "id, state, created_at, created_by, decided_at, decided_by, decision_comment, review_date, "
            + "source_digest, doc";

    private final Transactions tx;
    private final ObjectMapper json = ServerJson.mapper();

    public VexStore(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Every statement of an OpenVEX, CycloneDX VEX or CSAF document, checked against OpenVEX's rules, then stored
     * approved (the security role posts them).
     */
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
                insert(c, id, s, "approved", now, actor, now, actor, null, null, doc);
                Stored stored = new Stored(id, "approved", Instant.ofEpochMilli(now), actor, Instant.ofEpochMilli(now), actor, null, null, null,
                        read(id, doc));
                AuditLog.record(c, actor, "vex.create", "vex", id, null, describe(stored));
                out.add(stored);
            }
            bumpRevision(c);
            return out;
        });
    }

    /** A developer's proposal: stored {@code proposed}, applying nowhere until the security role approves it. */
    public Stored propose(VexStatement statement, String sourceDigest, LocalDate reviewDate, String actor, Instant now) {
        List<String> problems = OpenVexRules.problems(statement);
        if (!problems.isEmpty()) {
            throw ApiProblem.badRequest("the statement is not valid OpenVEX: " + String.join("; ", problems));
        }
        String id = UUID.randomUUID().toString();
        String doc = new String(new OpenVexWriter(AUTHOR, null).write(List.of(statement), now), StandardCharsets.UTF_8);
        return tx.inTransaction(c -> {
            insert(c, id, statement, "proposed", now.toEpochMilli(), actor, null, null, reviewDate, sourceDigest, doc);
            Stored stored = new Stored(id, "proposed", now, actor, null, null, null, reviewDate, sourceDigest, read(id, doc));
            AuditLog.record(c, actor, "vex.propose", "vex", id, null, describe(stored));
            return stored;
        });
    }

    /**
     * Approves or rejects a proposed statement. An approved statement is written again with the decision's time as its
     * timestamp: it is the organisation's statement from then on, and the latest statement wins where several apply.
     * {@code reviewDate} non-null replaces the proposal's. 404 for an unknown id, 409 when it is no longer proposed
     * (decided meanwhile by someone else: the update only takes a row still proposed).
     */
    public Stored decide(String id, boolean approve, String comment, LocalDate reviewDate, String actor, Instant now) {
        return tx.inTransaction(c -> {
            Stored before = get(c, id, now).orElseThrow(() -> ApiProblem.notFound("no VEX statement " + id));
            if (!before.state().equals("proposed")) {
                throw new ApiProblem(409, "vex-decided", "Conflict", "VEX statement " + id + " is " + before.state() + ", not proposed: "
                        + "only a proposal can be approved or rejected");
            }
            LocalDate review = reviewDate != null ? reviewDate : before.reviewDate();
            String state = approve ? "approved" : "rejected";
            VexStatement s = before.statement();
            VexStatement decided = approve ? new VexStatement(s.vulnerability(), s.aliases(), s.products(), s.subcomponents(), s.status(),
                    s.justification(), s.impactStatement(), s.actionStatement(), now, s.document()) : s;
            String doc = new String(new OpenVexWriter(AUTHOR, null).write(List.of(decided), approve ? now : s.timestamp()), StandardCharsets.UTF_8);
            try (PreparedStatement ps = c.prepareStatement("UPDATE vex_statement SET state = ?, decided_at = ?, decided_by = ?, "
                    + "decision_comment = ?, review_date = ?, doc = ? WHERE id = ? AND state = 'proposed'")) {
                ps.setString(1, state);
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, actor);
                ps.setString(4, comment);
                setReview(ps, 5, review);
                ps.setString(6, doc);
                ps.setString(7, id);
                if (ps.executeUpdate() != 1) {
                    throw new ApiProblem(409, "vex-decided", "Conflict", "VEX statement " + id + " was decided meanwhile");
                }
            }
            if (approve) {
                bumpRevision(c);
            }
            Stored after = get(c, id, now).orElseThrow();
            AuditLog.record(c, actor, approve ? "vex.approve" : "vex.reject", "vex", id, describe(before), describe(after));
            return after;
        });
    }

    /**
     * Approved statements whose review date has passed by {@code now} and that the server has not yet said so of: the
     * review sweep re-judges the images they covered and raises an alert for each.
     */
    public List<Stored> dueForReview(Instant now) {
        return tx.read(c -> query(c, " WHERE state = 'approved' AND expired_at IS NULL AND review_date IS NOT NULL AND review_date <= ?"
                + " ORDER BY review_date, id", now, ps -> ps.setLong(1, now.toEpochMilli() - DAY_MILLIS)));
    }

    /**
     * Marks a due statement as handled (in the caller's transaction, with the alert): true for the one caller (of
     * several replicas) whose compare-and-set took it.
     */
    boolean markExpired(Connection c, Stored due, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vex_statement SET expired_at = ? WHERE id = ? AND expired_at IS NULL AND state = 'approved'")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, due.id());
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        bumpRevision(c);
        Map<String, Object> before = descriptionMap(due);
        before.put("state", "approved");
        AuditLog.record(c, VexDesk.SERVER_ACTOR, "vex.expire", "vex", due.id(), write(before), describe(due));
        return true;
    }

    public Optional<Stored> get(String id, Instant now) {
        return tx.read(c -> get(c, id, now));
    }

    private Optional<Stored> get(Connection c, String id, Instant now) throws SQLException {
        return query(c, " WHERE id = ?", now, ps -> ps.setString(1, id)).stream().findFirst();
    }

    /** Statements, oldest first (later statements win when applied); {@code state} null for all. */
    public List<Stored> list(String state, Instant now, int limit, int offset) {
        return tx.read(c -> list(c, state, now, limit, offset));
    }

    static List<Stored> list(Connection c, String state, Instant now, int limit, int offset) throws SQLException {
        long cutoff = now.toEpochMilli() - DAY_MILLIS;
        String where = switch (state == null ? "" : state) {
            case "" -> "";
            case "approved" -> " WHERE state = 'approved' AND (review_date IS NULL OR review_date > ?)";
            case "expired" -> " WHERE state = 'approved' AND review_date IS NOT NULL AND review_date <= ?";
            case "proposed", "rejected" -> " WHERE state = ?";
            default -> throw ApiProblem.badRequest("state must be one of " + String.join(", ", STATES));
        };
        return query(c, where + " ORDER BY created_at, id LIMIT ? OFFSET ?", now, ps -> {
            int i = 1;
            if (where.contains("review_date")) {
                ps.setLong(i++, cutoff);
            } else if (!where.isEmpty()) {
                ps.setString(i++, state);
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
        });
    }

    /** Every statement that applies now. */
    public List<VexStatement> approved() {
        return approved(Instant.now());
    }

    /** Every statement that applies at {@code now}: approved and not past its review date. */
    public List<VexStatement> approved(Instant now) {
        return list("approved", now, Integer.MAX_VALUE, 0).stream().map(Stored::statement).toList();
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

    private static void bumpRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE server_state SET value = value + 1 WHERE name = 'vex_revision'")) {
            ps.executeUpdate();
        }
    }

    /**
     * Every statement that applies at {@code now} as one OpenVEX document: what laptops using {@code --server} apply.
     * Proposed, rejected and expired statements are never in it. Its timestamp is the newest statement's, so the same
     * statements always give the same bytes (and the same ETag).
     */
    public byte[] export(Instant now) {
        List<Stored> all = list("approved", now, Integer.MAX_VALUE, 0);
        Instant newest = all.stream().map(s -> s.decidedAt() != null ? s.decidedAt() : s.createdAt()).max(Instant::compareTo).orElse(Instant.EPOCH);
        return new OpenVexWriter(AUTHOR, null).write(all.stream().map(Stored::statement).toList(), newest);
    }

    /** The statement as the audit log keeps it: its state, who decided, and the OpenVEX statement's fields. */
    String describe(Stored s) {
        return write(descriptionMap(s));
    }

    private Map<String, Object> descriptionMap(Stored s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("state", s.state());
        m.put("vulnerability", s.statement().vulnerability());
        m.put("products", s.statement().products());
        m.put("subcomponents", s.statement().subcomponents());
        m.put("status", s.statement().status().id());
        m.put("justification", s.statement().justification());
        m.put("impactStatement", s.statement().impactStatement());
        m.put("actionStatement", s.statement().actionStatement());
        m.put("reviewDate", s.reviewDate() == null ? null : s.reviewDate().toString());
        m.put("sourceDigest", s.sourceDigest());
        m.put("createdBy", s.createdBy());
        m.put("decidedBy", s.decidedBy());
        m.put("comment", s.comment());
        return m;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a VEX statement's description", e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static List<Stored> query(Connection c, String whereAndOrder, Instant now, Binder binder) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM vex_statement" + whereAndOrder)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, now));
                }
            }
        }
        return out;
    }

    private static Stored row(ResultSet rs, Instant now) throws SQLException {
        String id = rs.getString(1);
        String state = rs.getString(2);
        long decided = rs.getLong(5);
        Instant decidedAt = rs.wasNull() ? null : Instant.ofEpochMilli(decided);
        long review = rs.getLong(8);
        LocalDate reviewDate = rs.wasNull() ? null : LocalDate.ofInstant(Instant.ofEpochMilli(review), ZoneOffset.UTC);
        if (state.equals("approved") && reviewDate != null && !now.isBefore(stopsApplying(reviewDate))) {
            state = "expired";
        }
        return new Stored(id, state, Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), decidedAt, rs.getString(6), rs.getString(7),
                reviewDate, rs.getString(9), read(id, rs.getString(10)));
    }

    /** The moment a statement with this review date stops applying: the midnight (UTC) after the date. */
    public static Instant stopsApplying(LocalDate reviewDate) {
        return reviewDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void insert(Connection c, String id, VexStatement s, String state, long createdAt, String createdBy, Long decidedAt,
                               String decidedBy, LocalDate reviewDate, String sourceDigest, String doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO vex_statement (id, vulnerability, status, state, created_at, created_by, "
                + "decided_at, decided_by, review_date, source_digest, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, s.vulnerability());
            ps.setString(3, s.status().name().toLowerCase(Locale.ROOT));
            ps.setString(4, state);
            ps.setLong(5, createdAt);
            ps.setString(6, createdBy);
            if (decidedAt == null) {
                ps.setNull(7, Types.BIGINT);
            } else {
                ps.setLong(7, decidedAt);
            }
            ps.setString(8, decidedBy);
            setReview(ps, 9, reviewDate);
            ps.setString(10, sourceDigest);
            ps.setString(11, doc);
            ps.executeUpdate();
        }
    }

    private static void setReview(PreparedStatement ps, int index, LocalDate reviewDate) throws SQLException {
        if (reviewDate == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, reviewDate.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        }
    }

    static VexStatement read(String id, String doc) {
        List<VexStatement> statements = VexDocuments.parse(doc.getBytes(StandardCharsets.UTF_8), "server statement " + id, w -> { });
        if (statements.size() != 1) {
            throw new IllegalStateException("stored VEX statement " + id + " holds " + statements.size() + " statements");
        }
        return statements.get(0);
    }
}
