package dev.warden.server.console;

import dev.warden.server.ApiProblem;
import dev.warden.server.JobQueue;
import dev.warden.server.Role;
import dev.warden.server.Watch;
import dev.warden.server.WatchRunner;
import dev.warden.server.WatchStore;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watched registries ({@code /admin/watches}, roles as in the API: watches are admin's, their runs and the job metrics
 * security's): the list with each watch's last run (credentials as their reference only, never a secret), a form that
 * adds one, deleting, "run now", each watch's recent runs with what the latest did of each tag, and the health of the
 * job queue the runs go through ({@code /admin/jobs}, the data of {@code GET /api/v1/jobs/metrics}). Made through
 * {@link WatchStore#checked}, as the API does, so the same checks apply and the audit log has every change.
 */
public final class WatchesPage {
    /** Runs shown on a watch's page; the API pages through all of them. */
    static final int RUNS_SHOWN = 10;
    /** Jobs with an expired lease listed on the jobs page, as the API's metrics list them: more is an outage, and the counts say how big. */
    static final int EXPIRED_SHOWN = 50;

    /** A watch, when it runs next (null when disabled) and its latest run (null before the first). */
    public record Row(Watch watch, Instant nextRun, WatchStore.Run lastRun) {}

    /** The job queue's health as {@code GET /api/v1/jobs/metrics} has it, read at {@code at}. */
    public record Health(Instant at, JobQueue.Metrics metrics) {}

    /** The jobs page: the health block and the jobs whose lease expired. */
    public record Jobs(Frame frame, Health health) {}

    public record Form(String name, String registry, String repository, String tagPattern, String schedule, String credentials,
                       boolean insecure, boolean enabled) {}

    public record Model(Frame frame, List<Row> rows, Form form, String problem, String notice, Health health) {}

    /** A watch's page: the watch (shown to admins), its recent runs and the latest run's tags. */
    public record Detail(Frame frame, Row row, List<WatchStore.Run> runs, WatchStore.Run latest, List<WatchStore.RunTag> tags, String notice) {}

    private final WatchStore watches;
    private final WatchRunner runner;
    private final JobQueue jobs;
    private final Views views;

    public WatchesPage(WatchStore watches, WatchRunner runner, JobQueue jobs, Views views) {
        this.watches = watches;
        this.runner = runner;
        this.jobs = jobs;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(
                new ConsoleRoute(HandlerType.GET, "/admin/watches", Role.ADMIN, this::show),
                new ConsoleRoute(HandlerType.POST, "/admin/watches", Role.ADMIN, this::create),
                new ConsoleRoute(HandlerType.GET, "/admin/watches/{id}", Role.SECURITY, this::detail),
                new ConsoleRoute(HandlerType.POST, "/admin/watches/{id}/run", Role.ADMIN, this::runNow),
                new ConsoleRoute(HandlerType.POST, "/admin/watches/{id}/delete", Role.ADMIN, this::delete),
                new ConsoleRoute(HandlerType.GET, "/admin/jobs", Role.SECURITY, this::jobs));
    }

    private void show(ConsoleRequest r) {
        String notice = switch (String.valueOf(r.ctx().queryParam("done"))) {
            case "added" -> "The watch was added: it runs on its schedule from now on.";
            case "deleted" -> "The watch was deleted; its stored images and runs stay.";
            default -> null;
        };
        render(r, 200, new Form("", "", "", "*", "", "", false, true), null, notice);
    }

    private void render(ConsoleRequest r, int status, Form form, String problem, String notice) {
        List<Watch> listed = watches.list(ConsoleLimits.PAGE_ROWS, 0);
        Map<String, WatchStore.Run> last = watches.lastRuns(listed.stream().map(Watch::id).toList());
        List<Row> rows = new ArrayList<>();
        for (Watch w : listed) {
            rows.add(row(w, last.get(w.id())));
        }
        views.render(r.ctx(), status, "watches.jte", new Model(new Frame("Watches", "watches", r.session()), rows, form, problem, notice, health()));
    }

    private static Row row(Watch w, WatchStore.Run lastRun) {
        return new Row(w, w.enabled() ? w.cron().nextAfter(Instant.now()).orElse(null) : null, lastRun);
    }

    private Health health() {
        Instant now = Instant.now();
        return new Health(now, jobs.metrics(now, EXPIRED_SHOWN));
    }

    private void jobs(ConsoleRequest r) {
        views.render(r.ctx(), 200, "jobs.jte", new Jobs(new Frame("Jobs", "jobs", r.session()), health()));
    }

    private void create(ConsoleRequest r) {
        Form form = new Form(value(r.field("name")), value(r.field("registry")), value(r.field("repository")), value(r.field("tagPattern")),
                value(r.field("schedule")), value(r.field("credentials")), "on".equals(r.field("insecure")), "on".equals(r.field("enabled")));
        try {
            WatchStore.Spec spec = WatchStore.checked(form.name(), form.registry(), form.repository(),
                    form.tagPattern().isEmpty() ? null : form.tagPattern(), form.schedule(), form.credentials().isEmpty() ? null : form.credentials(),
                    form.insecure(), form.enabled());
            watches.create(spec, r.session().principal().name());
        } catch (ApiProblem e) {
            render(r, e.status() == 409 ? 409 : 400, form, e.getMessage(), null);
            return;
        }
        r.ctx().redirect("/admin/watches?done=added", HttpStatus.SEE_OTHER);
    }

    private Watch watch(ConsoleRequest r) {
        return watches.get(r.ctx().pathParam("id")).orElseThrow(() -> ConsoleProblem.notFound("There is no watch with that id."));
    }

    private void detail(ConsoleRequest r) {
        Watch w = watch(r);
        String notice = "queued".equals(r.ctx().queryParam("done")) ? "A run was queued: reload to follow it." : null;
        List<WatchStore.Run> runs = watches.runs(w.id(), RUNS_SHOWN, 0);
        Optional<WatchStore.Run> latest = runs.stream().findFirst();
        List<WatchStore.RunTag> tags = latest.map(run -> watches.runTags(run.id())).orElse(List.of());
        views.render(r.ctx(), 200, "watch.jte", new Detail(new Frame("Watch " + w.name(), "watches", r.session()), row(w, latest.orElse(null)), runs,
                latest.orElse(null), tags, notice));
    }

    private void runNow(ConsoleRequest r) {
        Watch w = watch(r);
        runner.runNow(w);
        r.ctx().redirect("/admin/watches/" + w.id() + "?done=queued", HttpStatus.SEE_OTHER);
    }

    private void delete(ConsoleRequest r) {
        if (!watches.delete(r.ctx().pathParam("id"), r.session().principal().name())) {
            throw ConsoleProblem.notFound("There is no watch with that id.");
        }
        r.ctx().redirect("/admin/watches?done=deleted", HttpStatus.SEE_OTHER);
    }

    /**
     * What a run did, in one line: "10 of 12 tags (2 unreadable); 3 new digests: 3 analysed, 0 failed; 7 re-judged; 1 moved, 0 gone".
     * Parts the run has no count for yet (still listing, or it failed before) are left out; "–" when it has none.
     */
    public static String summary(WatchStore.Run r) {
        List<String> parts = new ArrayList<>();
        if (r.tagsListed() != null) {
            parts.add(r.tagsMatched() + " of " + r.tagsListed() + " tags"
                    + (r.tagErrors() == null || r.tagErrors() == 0 ? "" : " (" + r.tagErrors() + " unreadable)"));
        }
        if (r.toAnalyse() != null) {
            parts.add(r.toAnalyse() + " new digest" + (r.toAnalyse() == 1 ? "" : "s")
                    + (r.analysed() == null ? "" : ": " + r.analysed() + " analysed, " + (r.failed() == null ? 0 : r.failed()) + " failed"));
        }
        if (r.rejudged() != null) {
            parts.add(r.rejudged() + " re-judged");
        }
        if (r.moved() != null) {
            parts.add(r.moved() + " moved, " + (r.disappeared() == null ? 0 : r.disappeared()) + " gone");
        }
        return parts.isEmpty() ? "–" : String.join("; ", parts);
    }

    private static String value(String text) {
        return text == null ? "" : text.strip();
    }
}
