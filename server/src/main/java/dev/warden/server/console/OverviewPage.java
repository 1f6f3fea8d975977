package dev.warden.server.console;

import dev.warden.core.finding.SeverityLevel;
import dev.warden.server.Role;
import dev.warden.server.Transactions;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overview ({@code /}): the stored images by grade, open findings by severity, what became critical or known
 * exploited and which verdicts changed in the last day, and a 30-day trend of open findings, rebuilt from each
 * finding's first-seen and resolved-at times.
 */
public final class OverviewPage {
    /** What "since yesterday" means. */
    static final Duration RECENT = Duration.ofHours(24);
    /** Rows in each "since yesterday" list; the images and audit pages have the rest. */
    static final int RECENT_ROWS = 50;
    private static final List<String> GRADES = List.of("A", "B", "C", "D", "E", "F");

    public record Count(String label, long count, String href, String cssClass) {}

    public record NewFinding(String advisoryId, String severity, boolean kev, String pkg, String version, String repository, String href,
                             Instant firstSeen) {}

    public record VerdictChange(String repository, String href, String before, String after, String beforeGrade, String afterGrade,
                                String cause, Instant at) {}

    public record Model(Frame frame, long images, List<Count> grades, List<Count> severities, List<NewFinding> newFindings,
                        List<VerdictChange> changes, LineChart trend) {}

    private final Transactions tx;
    private final Views views;
    private final Clock clock;

    public OverviewPage(Transactions tx, Views views, Clock clock) {
        this.tx = tx;
        this.views = views;
        this.clock = clock;
    }

    public List<ConsoleRoute> routes() {
        return List.of(new ConsoleRoute(HandlerType.GET, "/", Role.VIEWER, this::show));
    }

    private void show(ConsoleRequest r) {
        Instant now = clock.instant();
        Model model = tx.read(c -> new Model(new Frame("Overview", "overview", r.session()), count(c, "SELECT COUNT(*) FROM image"),
                grades(c), severities(c), newFindings(c, now), changes(c, now), trend(c, now)));
        views.render(r.ctx(), 200, "overview.jte", model);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static List<Count> grades(Connection c) throws SQLException {
        Map<String, Long> byGrade = new LinkedHashMap<>();
        GRADES.forEach(g -> byGrade.put(g, 0L));
        long unjudged = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT grade, COUNT(*) FROM image GROUP BY grade"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String g = rs.getString(1);
                if (g != null && byGrade.containsKey(g)) {
                    byGrade.put(g, rs.getLong(2));
                } else {
                    unjudged += rs.getLong(2);
                }
            }
        }
        List<Count> out = new ArrayList<>();
        byGrade.forEach((g, n) -> out.add(new Count(g, n, "/images?grade=" + g, "grade-" + g.toLowerCase(Locale.ROOT))));
        if (unjudged > 0) {
            out.add(new Count("not judged", unjudged, "/images", "grade-none"));
        }
        return out;
    }

    /** Open findings not suppressed by VEX, over every stored image. */
    private static List<Count> severities(Connection c) throws SQLException {
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (SeverityLevel level : SeverityLevel.values()) {
            bySeverity.put(level.id(), 0L);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT severity, COUNT(*) FROM finding WHERE resolved_at IS NULL AND suppressed = 0 "
                + "GROUP BY severity"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                bySeverity.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        List<Count> out = new ArrayList<>();
        bySeverity.forEach((s, n) -> out.add(new Count(s, n, null, "sev-" + s)));
        return out;
    }

    private static List<NewFinding> newFindings(Connection c, Instant now) throws SQLException {
        List<NewFinding> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.advisory_id, f.severity, f.kev, f.package, f.version, i.repository, f.digest, "
                + "f.first_seen FROM finding f JOIN image i ON i.digest = f.digest WHERE f.first_seen >= ? AND f.resolved_at IS NULL "
                + "AND f.suppressed = 0 AND (f.severity = 'critical' OR f.kev = 1) ORDER BY f.first_seen DESC, f.advisory_id LIMIT ?")) {
            ps.setLong(1, now.minus(RECENT).toEpochMilli());
            ps.setInt(2, RECENT_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new NewFinding(rs.getString(1), rs.getString(2), rs.getLong(3) == 1, rs.getString(4), rs.getString(5),
                            rs.getString(6), imageHref(rs.getString(7)), Instant.ofEpochMilli(rs.getLong(8))));
                }
            }
        }
        return out;
    }

    /** Judgements of the last day whose verdict or grade differs from the judgement before them. */
    private static List<VerdictChange> changes(Connection c, Instant now) throws SQLException {
        List<VerdictChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT j.digest, i.repository, j.verdict, j.grade, j.cause, j.judged_at, "
                + "(SELECT p.verdict FROM judgement p WHERE p.digest = j.digest AND p.judged_at < j.judged_at ORDER BY p.judged_at DESC LIMIT 1), "
                + "(SELECT p.grade FROM judgement p WHERE p.digest = j.digest AND p.judged_at < j.judged_at ORDER BY p.judged_at DESC LIMIT 1) "
                + "FROM judgement j JOIN image i ON i.digest = j.digest WHERE j.judged_at >= ? ORDER BY j.judged_at DESC")) {
            ps.setLong(1, now.minus(RECENT).toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < RECENT_ROWS) {
                    String before = rs.getString(7);
                    String beforeGrade = rs.getString(8);
                    if (before == null || before.equals(rs.getString(3)) && beforeGrade.equals(rs.getString(4))) {
                        continue; // a first push is not a change; the same verdict again is not one either
                    }
                    out.add(new VerdictChange(rs.getString(2), imageHref(rs.getString(1)), before, rs.getString(3), beforeGrade, rs.getString(4),
                            rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        }
        return out;
    }

    /**
     * Open findings at the end of each of the last {@link ConsoleLimits#TREND_DAYS} days (UTC), critical and high
     * apart: open then means first seen by then and not resolved by then. VEX is taken as it is now.
     */
    private static LineChart trend(Connection c, Instant now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> labels = new ArrayList<>();
        List<Long> critical = new ArrayList<>();
        List<Long> high = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT severity, COUNT(*) FROM finding WHERE first_seen <= ? AND suppressed = 0 "
                + "AND (resolved_at IS NULL OR resolved_at > ?) GROUP BY severity")) {
            for (int d = ConsoleLimits.TREND_DAYS - 1; d >= 0; d--) {
                LocalDate day = today.minusDays(d);
                long end = d == 0 ? now.toEpochMilli() : day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
                ps.setLong(1, end);
                ps.setLong(2, end);
                long crit = 0;
                long hi = 0;
                long sum = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(2);
                        sum += n;
                        if ("critical".equals(rs.getString(1))) {
                            crit += n;
                        } else if ("high".equals(rs.getString(1))) {
                            hi += n;
                        }
                    }
                }
                labels.add(day.toString().substring(5));
                critical.add(crit);
                high.add(hi);
                all.add(sum);
            }
        }
        String summary = "Open findings over the last " + ConsoleLimits.TREND_DAYS + " days: today " + all.get(all.size() - 1) + " in all, "
                + critical.get(critical.size() - 1) + " critical, " + high.get(high.size() - 1) + " high; "
                + ConsoleLimits.TREND_DAYS + " days ago " + all.get(0) + " in all.";
        return LineChart.of(labels, List.of(new LineChart.Input("all", "line-all", all), new LineChart.Input("high", "line-high", high),
                new LineChart.Input("critical", "line-critical", critical)), summary);
    }

    static String imageHref(String digest) {
        return "/images/" + URLEncoder.encode(digest, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
