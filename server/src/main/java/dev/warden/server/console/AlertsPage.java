package dev.warden.server.console;

import dev.warden.server.Alerts;
import dev.warden.server.Role;
import io.javalin.http.HandlerType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Alerts ({@code /alerts}, viewer role as in the API): what continuous monitoring raised (new findings, new KEV
 * entries, verdict changes, grade drops, watch runs that failed), newest first, filtered by kind, image and day; each links to
 * its image (a watch's alert to the watch).
 */
public final class AlertsPage {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public record Row(Alerts.Alert alert, String href, String change) {}

    public record Filters(String kind, String image, String since) {}

    public record Model(Frame frame, Filters filters, List<String> kinds, List<Row> rows, String previous, String next) {}

    private final Alerts alerts;
    private final Views views;

    public AlertsPage(Alerts alerts, Views views) {
        this.alerts = alerts;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(new ConsoleRoute(HandlerType.GET, "/alerts", Role.VIEWER, this::show));
    }

    private void show(ConsoleRequest r) {
        Filters f = new Filters(r.query("kind"), r.query("image"), r.query("since"));
        if (f.kind() != null && !Alerts.KINDS.contains(f.kind())) {
            throw ConsoleProblem.badRequest("kind must be one of " + String.join(", ", Alerts.KINDS) + ".");
        }
        if (f.image() != null && !DIGEST.matcher(f.image()).matches()) {
            throw ConsoleProblem.badRequest("image must be a digest: sha256: and 64 lower-case hex digits.");
        }
        java.time.Instant since = null;
        if (f.since() != null) {
            try {
                since = LocalDate.parse(f.since()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw ConsoleProblem.badRequest("since must be a day as YYYY-MM-DD.");
            }
        }
        int offset = r.offset();
        List<Alerts.Alert> found = alerts.list(new Alerts.Filter(f.image(), f.kind(), since), ConsoleLimits.PAGE_ROWS + 1, offset);
        List<Row> rows = new ArrayList<>();
        for (Alerts.Alert a : found.stream().limit(ConsoleLimits.PAGE_ROWS).toList()) {
            rows.add(a.kind().equals(Alerts.WATCH_FAILED)
                    ? new Row(a, "/admin/watches/" + URLEncoder.encode(a.doc().path("watch").path("id").asText(), StandardCharsets.UTF_8), watchRun(a))
                    : new Row(a, OverviewPage.imageHref(a.digest()), change(a)));
        }
        String previous = offset > 0 ? link(f, Math.max(0, offset - ConsoleLimits.PAGE_ROWS)) : null;
        String next = found.size() > ConsoleLimits.PAGE_ROWS ? link(f, offset + ConsoleLimits.PAGE_ROWS) : null;
        views.render(r.ctx(), 200, "alerts.jte", new Model(new Frame("Alerts", "alerts", r.session()), f, Alerts.KINDS, rows, previous, next));
    }

    /** What changed, in words: the verdict or grade before and after, or the advisories that are new. */
    private static String change(Alerts.Alert a) {
        List<String> parts = new ArrayList<>();
        if (a.verdictBefore() != null || a.verdictAfter() != null) {
            parts.add("verdict " + orDash(a.verdictBefore()) + " → " + orDash(a.verdictAfter()));
        }
        if (a.gradeBefore() != null || a.gradeAfter() != null) {
            parts.add("grade " + orDash(a.gradeBefore()) + " → " + orDash(a.gradeAfter()));
        }
        if (!a.advisories().isEmpty()) {
            int shown = Math.min(a.advisories().size(), 5);
            parts.add(String.join(", ", a.advisories().subList(0, shown)) + (a.advisories().size() > shown ? " and " + (a.advisories().size() - shown)
                    + " more" : ""));
        }
        return String.join("; ", parts);
    }

    /** A watch's run in words: "watch nightly: done with 3 tag errors: 3 of 5 tags could not be read; ...". */
    private static String watchRun(Alerts.Alert a) {
        var run = a.doc().path("run");
        long errors = run.path("tagErrors").asLong(0);
        String outcome = run.path("outcome").asText().equals(dev.warden.server.WatchStore.Run.DONE_WITH_ERRORS)
                ? "done with " + errors + " tag error" + (errors == 1 ? "" : "s") : run.path("state").asText();
        return "watch " + a.doc().path("watch").path("name").asText() + ": " + outcome
                + (run.path("error").isTextual() ? ": " + run.path("error").asText() : "");
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }

    private static String link(Filters f, int offset) {
        StringBuilder q = new StringBuilder("/alerts?offset=" + offset);
        for (String[] p : new String[][] {{"kind", f.kind()}, {"image", f.image()}, {"since", f.since()}}) {
            if (p[1] != null) {
                q.append('&').append(p[0]).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }
}
