package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts on stored images, raised from a judgement's changes and written in its transaction (with their webhook
 * deliveries, {@link Webhooks#enqueue}), so a killed server never leaves a judgement without its alerts or the
 * other way round:
 * <ul>
 *   <li>{@code new_finding}: findings new to the image, not suppressed, at or above the alert threshold ({@link Settings});</li>
 *   <li>{@code new_kev}: findings new to the image or already open that are in CISA KEV now (any severity);</li>
 *   <li>{@code verdict_changed}: compliant, violated or no data, either way;</li>
 *   <li>{@code grade_dropped}: the A–F grade got worse;</li>
 *   <li>{@code vex_review_passed}: an approved VEX statement passed its review date ({@link #reviewPassed});</li>
 *   <li>{@code watch_failed}: a watch's run failed or could not read some of its tags ({@link #watchFailed}): about the
 *   watch, so its digest and judgement are empty and its document names the watch and the run.</li>
 * </ul>
 */
public final class Alerts {
    public static final List<String> KINDS = List.of("new_finding", "new_kev", "verdict_changed", "grade_dropped", "vex_review_passed",
            "watch_failed");
    /** The kind raised for a watch's run that failed or could not read some tags: about a watch, not one image. */
    public static final String WATCH_FAILED = "watch_failed";
    /** Tag errors listed in a {@value #WATCH_FAILED} alert's document; the rest are counted. */
    static final int MAX_TAG_ERRORS_LISTED = 20;
    /** Findings listed in one alert's document; the rest are counted. */
    static final int MAX_FINDINGS_LISTED = 100;

    /** A judgement and what it changed, as the alert rules read it; {@code before} null for an image judged the first time. */
    public record Judged(String digest, String repository, ImageStore.Judgement before, ImageStore.Judgement after, Cause cause,
                         ImageStore.FindingChanges changes) {}

    /** One alert. {@code doc} holds the findings and the cause's detail. */
    public record Alert(String id, Instant created, String kind, String digest, String repository, String judgementId, String cause,
                        String severity, List<String> advisories, String verdictBefore, String verdictAfter, String gradeBefore,
                        String gradeAfter, JsonNode doc) {}

    /** List filters; null (or no kinds) means any. */
    public record Filter(String digest, String repository, List<String> kinds, Instant since) {
        public Filter {
            kinds = kinds == null ? List.of() : List.copyOf(kinds);
        }

        /** One image, one kind (or any), since a time. */
        public Filter(String digest, String kind, Instant since) {
            this(digest, null, kind == null ? List.of() : List.of(kind), since);
        }
    }

    private final Transactions tx;
    private final ObjectMapper json;

    public Alerts(Transactions tx, ObjectMapper json) {
        this.tx = tx;
        this.json = json;
    }

    /** Raises the alerts a judgement calls for, inside the caller's transaction. */
    static List<Alert> raise(Connection c, Judged j, ObjectMapper json, long now) throws SQLException {
        return raiseAll(c, List.of(j), json, now).getFirst();
    }

    /**
     * Raises the alerts of many judgements (a re-judged batch) inside the caller's transaction: the threshold and the
     * webhooks are read once, the alerts and their deliveries written with batched statements. Each judgement's
     * alerts, in the order given.
     */
    static List<List<Alert>> raiseAll(Connection c, List<Judged> judged, ObjectMapper json, long now) throws SQLException {
        SeverityLevel threshold = Settings.alertThreshold(c);
        List<List<Alert>> out = new ArrayList<>(judged.size());
        List<Alert> all = new ArrayList<>();
        for (Judged j : judged) {
            List<Alert> alerts = alertsOf(j, threshold, json, now);
            out.add(alerts);
            all.addAll(alerts);
        }
        if (!all.isEmpty()) {
            insert(c, all, json);
            Webhooks.enqueue(c, all, json, now);
        }
        return out;
    }

    private static List<Alert> alertsOf(Judged j, SeverityLevel threshold, ObjectMapper json, long now) {
        List<Alert> out = new ArrayList<>();
        List<Finding> serious = j.changes().added().stream()
                .filter(f -> !f.suppressed() && f.severity().level().compareTo(threshold) <= 0).toList();
        if (!serious.isEmpty()) {
            out.add(alert("new_finding", j, serious, json, now));
        }
        List<Finding> kev = new ArrayList<>(j.changes().added().stream().filter(f -> !f.suppressed() && f.kev() != null).toList());
        j.changes().nowKev().stream().filter(f -> !f.suppressed()).forEach(kev::add);
        if (!kev.isEmpty()) {
            out.add(alert("new_kev", j, kev, json, now));
        }
        ImageStore.Judgement before = j.before();
        ImageStore.Judgement after = j.after();
        if (before != null && !before.id().equals(after.id())) {
            if (!before.verdict().equals(after.verdict())) {
                out.add(alert("verdict_changed", j, j.changes().added(), json, now));
            }
            if (after.grade().compareTo(before.grade()) > 0) { // A is best: a later letter is a drop
                out.add(alert("grade_dropped", j, j.changes().added(), json, now));
            }
        }
        return out;
    }

    /**
     * An approved VEX statement's review date has passed, so it no longer applies to this stored image (the VEX desk's
     * review sweep, in the transaction that marks the statement expired); against the image's judgement in force then.
     * Empty when the image is no longer stored.
     */
    static java.util.Optional<Alert> reviewPassed(Connection c, String digest, String statementId, String vulnerability, String reviewDate,
                                                  ObjectMapper json, long now) throws SQLException {
        String repository;
        String judgementId;
        try (PreparedStatement ps = c.prepareStatement("SELECT repository, judgement_id FROM image WHERE digest = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(2) == null) {
                    return java.util.Optional.empty();
                }
                repository = rs.getString(1);
                judgementId = rs.getString(2);
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode doc = json.createObjectNode();
        doc.put("statement", statementId);
        doc.put("reviewDate", reviewDate);
        doc.put("detail", "the VEX statement's review date has passed: it no longer applies, and the finding counts again until it is decided anew");
        Alert a = new Alert(UUID.randomUUID().toString(), Instant.ofEpochMilli(now), "vex_review_passed", digest, repository, judgementId, "vex",
                null, List.of(vulnerability), null, null, null, null, doc);
        insert(c, List.of(a), json);
        Webhooks.enqueue(c, List.of(a), json, now);
        return java.util.Optional.of(a);
    }

    /**
     * A watch's run ended without checking every tag: it failed (its listing, an analysis, or every tag), or some tags
     * could not be read. Raised in the transaction that closes the run; the repository is the watch's, there is no
     * image digest nor judgement (stored as empty), and the document holds the watch, the run's counts and the first
     * {@value #MAX_TAG_ERRORS_LISTED} tag errors.
     */
    static Alert watchFailed(Connection c, Watch watch, WatchStore.Run run, List<WatchStore.RunTag> tagErrors, ObjectMapper json, long now)
            throws SQLException {
        ObjectNode doc = json.createObjectNode();
        doc.putObject("watch").put("id", watch.id()).put("name", watch.name()).put("repository", watch.imageRepository());
        ObjectNode r = doc.putObject("run");
        r.put("id", run.id());
        r.put("trigger", run.trigger());
        r.put("state", run.state());
        r.put("outcome", run.outcome());
        r.put("tagsMatched", run.tagsMatched());
        r.put("tagErrors", run.tagErrors());
        r.put("toAnalyse", run.toAnalyse());
        r.put("failed", run.failed());
        r.put("error", run.error());
        ArrayNode list = doc.putArray("tagErrors");
        tagErrors.stream().limit(MAX_TAG_ERRORS_LISTED).forEach(t -> list.addObject().put("tag", t.tag()).put("error", t.error()));
        doc.put("tagErrorsNotListed", Math.max(0, tagErrors.size() - MAX_TAG_ERRORS_LISTED));
        Alert a = new Alert(UUID.randomUUID().toString(), Instant.ofEpochMilli(now), WATCH_FAILED, "", watch.imageRepository(), "", "watch",
                null, List.of(), null, null, null, null, doc);
        insert(c, List.of(a), json);
        Webhooks.enqueue(c, List.of(a), json, now);
        return a;
    }

    private static Alert alert(String kind, Judged j, List<Finding> findings, ObjectMapper json, long now) {
        Set<String> advisories = new LinkedHashSet<>();
        findings.forEach(f -> advisories.add(f.id()));
        if (advisories.isEmpty()) {
            advisories.addAll(j.cause().advisories());
        }
        SeverityLevel worst = findings.stream().map(f -> f.severity().level()).min(Comparator.naturalOrder()).orElse(null);
        ObjectNode doc = json.createObjectNode();
        ArrayNode list = doc.putArray("findings");
        findings.stream().limit(MAX_FINDINGS_LISTED).forEach(f -> {
            ObjectNode n = list.addObject();
            n.put("id", f.id());
            n.set("aliases", json.valueToTree(f.aliases()));
            n.put("package", f.pkg().name());
            n.put("version", f.pkg().version());
            n.put("purl", f.pkg().purl());
            n.put("severity", f.severity().level().id());
            n.put("kev", f.kev() != null);
            n.put("fixedVersion", f.fixedVersions().isEmpty() ? null : f.fixedVersions().get(0));
        });
        doc.put("findingsNotListed", Math.max(0, findings.size() - MAX_FINDINGS_LISTED));
        doc.put("resolvedFindings", j.changes().resolved().size());
        doc.set("causeDetail", json.valueToTree(new java.util.TreeMap<>(j.cause().detail())));
        doc.set("causeAdvisories", json.valueToTree(j.cause().advisories()));
        ImageStore.Judgement before = j.before();
        return new Alert(UUID.randomUUID().toString(), Instant.ofEpochMilli(now), kind, j.digest(), j.repository(), j.after().id(),
                j.cause().kind(), worst == null ? null : worst.id(), List.copyOf(advisories), before == null ? null : before.verdict(),
                j.after().verdict(), before == null ? null : before.grade(), j.after().grade(), doc);
    }

    private static void insert(Connection c, List<Alert> alerts, ObjectMapper json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (id, created, kind, digest, repository, judgement_id, cause, severity, "
                + "advisories, verdict_before, verdict_after, grade_before, grade_after, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Alert a : alerts) {
                ps.setString(1, a.id());
                ps.setLong(2, a.created().toEpochMilli());
                ps.setString(3, a.kind());
                ps.setString(4, a.digest());
                ps.setString(5, a.repository());
                ps.setString(6, a.judgementId());
                ps.setString(7, a.cause());
                ps.setString(8, a.severity());
                ps.setString(9, write(json, a.advisories()));
                ps.setString(10, a.verdictBefore());
                ps.setString(11, a.verdictAfter());
                ps.setString(12, a.gradeBefore());
                ps.setString(13, a.gradeAfter());
                ps.setString(14, write(json, a.doc()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Newest first. */
    public List<Alert> list(Filter filter, int limit, int offset) {
        return tx.read(c -> {
            StringBuilder sql = new StringBuilder("SELECT id, created, kind, digest, repository, judgement_id, cause, severity, advisories, "
                    + "verdict_before, verdict_after, grade_before, grade_after, doc FROM alert WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (filter.digest() != null) {
                sql.append(" AND digest = ?");
                args.add(filter.digest());
            }
            if (filter.repository() != null) {
                sql.append(" AND repository = ?");
                args.add(filter.repository());
            }
            if (!filter.kinds().isEmpty()) {
                sql.append(" AND kind IN (").append(String.join(", ", java.util.Collections.nCopies(filter.kinds().size(), "?"))).append(")");
                args.addAll(filter.kinds());
            }
            if (filter.since() != null) {
                sql.append(" AND created >= ?");
                args.add(filter.since().toEpochMilli());
            }
            sql.append(" ORDER BY created DESC, id LIMIT ? OFFSET ?");
            args.add(limit);
            args.add(offset);
            List<Alert> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    Object a = args.get(i);
                    if (a instanceof String text) {
                        ps.setString(i + 1, text);
                    } else if (a instanceof Long n) {
                        ps.setLong(i + 1, n);
                    } else {
                        ps.setInt(i + 1, (Integer) a);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs, json));
                    }
                }
            }
            return out;
        });
    }

    static Alert read(ResultSet rs, ObjectMapper json) throws SQLException {
        try {
            return new Alert(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), List.of(json.readValue(rs.getString(9), String[].class)),
                    rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), json.readTree(rs.getString(14)));
        } catch (IOException e) {
            throw new IllegalStateException("stored alert " + rs.getString(1) + " cannot be read", e);
        }
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert as JSON", e);
        }
    }
}
