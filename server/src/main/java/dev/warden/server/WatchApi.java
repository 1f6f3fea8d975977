package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.SafeText;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The routes of watched registries ({@code /api/v1/watches}) and of the job table ({@code /api/v1/jobs}). Watches
 * name where credentials are, never credentials, and only admins make or change them.
 */
final class WatchApi {
    private static final Set<String> FIELDS = Set.of("name", "registry", "repository", "tagPattern", "schedule", "credentials", "insecure", "enabled");
    private static final List<String> JOB_STATES = List.of("queued", "running", "done", "failed");
    /** Jobs with an expired lease listed by the metrics: more than this many is an outage, and the counts say how big. */
    private static final int MAX_EXPIRED_LISTED = 50;

    private final WatchStore watches;
    private final WatchRunner runner;
    private final JobQueue jobs;
    private final Api api;
    private final ObjectMapper json;

    WatchApi(WatchStore watches, WatchRunner runner, JobQueue jobs, Api api, ObjectMapper json) {
        this.watches = watches;
        this.runner = runner;
        this.jobs = jobs;
        this.api = api;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/watches", Role.ADMIN, "Watched registries (repository, tag pattern, cron schedule, credentials reference, "
                        + "last run)",
                        "page", this::list),
                new Route(HandlerType.POST, "/api/v1/watches", Role.ADMIN, "Watch a repository: {name, registry, repository, tagPattern, schedule, "
                        + "credentials (env:NAME | file:/path | docker | docker:/path), insecure, enabled}", "object", this::create),
                new Route(HandlerType.GET, "/api/v1/watches/{id}", Role.ADMIN, "One watch, its next run and the tags it last saw", "object", this::get),
                new Route(HandlerType.PUT, "/api/v1/watches/{id}", Role.ADMIN, "Change a watch (the whole watch, as POST takes it)", "object", this::update),
                new Route(HandlerType.DELETE, "/api/v1/watches/{id}", Role.ADMIN, "Stop watching (stored images and runs stay)", "none", this::delete),
                new Route(HandlerType.POST, "/api/v1/watches/{id}/run", Role.ADMIN, "Run a watch now; answers with the queued run", "object", this::runNow),
                new Route(HandlerType.GET, "/api/v1/watches/{id}/runs", Role.SECURITY, "A watch's runs, newest first, with their counts", "page", this::runs),
                new Route(HandlerType.GET, "/api/v1/watches/{id}/runs/{run}", Role.SECURITY, "One run and what it saw of each tag (new, moved, unchanged, gone, error)",
                        "object", this::run),
                new Route(HandlerType.GET, "/api/v1/jobs", Role.SECURITY, "Jobs, newest first; filters: state (queued, running, done, failed), kind",
                        "page", this::listJobs),
                new Route(HandlerType.GET, "/api/v1/jobs/metrics", Role.SECURITY, "Per job kind: counts by state, expired leases, the last finished "
                        + "job's outcome and duration; and the running jobs whose lease expired", "object", this::jobMetrics));
    }

    // ---- watches

    private void list(Context ctx) {
        Api.Page page = Api.Page.of(ctx);
        List<Watch> listed = watches.list(page.limit() + 1, page.offset());
        java.util.Map<String, WatchStore.Run> last = watches.lastRuns(listed.stream().map(Watch::id).toList());
        page.send(ctx, json, listed.stream().map(w -> {
            ObjectNode n = node(w);
            n.set("lastRun", last.containsKey(w.id()) ? runNode(last.get(w.id())) : json.nullNode());
            return n;
        }).toList());
    }

    private void create(Context ctx) {
        WatchStore.Spec spec = spec(api.readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES));
        Watch w = watches.create(spec, WardenServer.principal(ctx).name());
        ctx.header("Location", "/api/v1/watches/" + w.id());
        api.sendJson(ctx, 201, node(w));
    }

    private Watch watch(Context ctx) {
        String id = ctx.pathParam("id");
        return watches.get(id).orElseThrow(() -> ApiProblem.notFound("no watch with id " + SafeText.quote(id)));
    }

    private void get(Context ctx) {
        Watch w = watch(ctx);
        ObjectNode n = node(w);
        List<WatchStore.Run> last = watches.runs(w.id(), 1, 0);
        n.set("lastRun", last.isEmpty() ? json.nullNode() : runNode(last.getFirst()));
        var tags = n.putArray("tags");
        for (WatchStore.SeenTag t : watches.seenTags(w.id())) {
            ObjectNode tn = tags.addObject().put("tag", t.tag()).put("digest", t.digest()).put("firstSeen", t.firstSeen().toString())
                    .put("lastSeen", t.lastSeen().toString());
            tn.put("goneAt", t.goneAt() == null ? null : t.goneAt().toString());
        }
        api.sendJson(ctx, 200, n);
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        WatchStore.Spec spec = spec(api.readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES));
        Watch w = watches.update(id, spec, WardenServer.principal(ctx).name())
                .orElseThrow(() -> ApiProblem.notFound("no watch with id " + SafeText.quote(id)));
        api.sendJson(ctx, 200, node(w));
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("id");
        if (!watches.delete(id, WardenServer.principal(ctx).name())) {
            throw ApiProblem.notFound("no watch with id " + SafeText.quote(id));
        }
        ctx.status(204);
    }

    private void runNow(Context ctx) {
        Watch w = watch(ctx);
        String runId = runner.runNow(w);
        ctx.header("Location", "/api/v1/watches/" + w.id() + "/runs/" + runId);
        api.sendJson(ctx, 202, runNode(watches.run(runId).orElseThrow()));
    }

    private void runs(Context ctx) {
        Watch w = watch(ctx);
        Api.Page page = Api.Page.of(ctx);
        page.send(ctx, json, watches.runs(w.id(), page.limit() + 1, page.offset()).stream().map(this::runNode).toList());
    }

    private void run(Context ctx) {
        Watch w = watch(ctx);
        String runId = ctx.pathParam("run");
        WatchStore.Run r = watches.run(runId).filter(x -> x.watchId().equals(w.id()))
                .orElseThrow(() -> ApiProblem.notFound("watch " + w.name() + " has no run " + SafeText.quote(runId)));
        ObjectNode n = runNode(r);
        var tags = n.putArray("tags");
        for (WatchStore.RunTag t : watches.runTags(runId)) {
            tags.addObject().put("tag", t.tag()).put("status", t.status()).put("digest", t.digest()).put("previousDigest", t.previousDigest())
                    .put("analysed", t.analyse()).put("error", t.error());
        }
        api.sendJson(ctx, 200, n);
    }

    private ObjectNode node(Watch w) {
        ObjectNode n = json.createObjectNode();
        n.put("id", w.id());
        n.put("name", w.name());
        n.put("registry", w.registry());
        n.put("repository", w.repository());
        n.put("image", w.imageRepository());
        n.put("tagPattern", w.tagPattern());
        n.put("schedule", w.schedule());
        n.put("credentials", w.credentials());
        n.put("insecure", w.insecure());
        n.put("enabled", w.enabled());
        n.put("createdAt", w.createdAt().toString());
        n.put("createdBy", w.createdBy());
        n.put("updatedAt", w.updatedAt().toString());
        n.put("nextRun", w.enabled() ? w.cron().nextAfter(Instant.now()).map(Instant::toString).orElse(null) : null);
        return n;
    }

    private ObjectNode runNode(WatchStore.Run r) {
        ObjectNode n = json.createObjectNode();
        n.put("id", r.id());
        n.put("watchId", r.watchId());
        n.put("trigger", r.trigger());
        n.put("tick", r.tick() == null ? null : r.tick().toString());
        n.put("state", r.state());
        n.put("outcome", r.outcome());
        n.put("createdAt", r.createdAt().toString());
        n.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        n.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
        n.put("durationMs", durationMs(r.startedAt(), r.finishedAt()));
        n.put("tagsListed", r.tagsListed());
        n.put("tagsMatched", r.tagsMatched());
        n.put("toAnalyse", r.toAnalyse());
        n.put("analysed", r.analysed());
        n.put("failed", r.failed());
        n.put("rejudged", r.rejudged());
        n.put("moved", r.moved());
        n.put("disappeared", r.disappeared());
        n.put("tagErrors", r.tagErrors());
        n.put("error", r.error());
        return n;
    }

    /** The body of POST and PUT, checked: problem+json naming the field for anything wrong. */
    private WatchStore.Spec spec(JsonNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw ApiProblem.badRequest("unknown field '" + SafeText.quote(f) + "'; a watch has " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        });
        String name = text(body, "name", true);
        String registry = text(body, "registry", true);
        String repository = text(body, "repository", true);
        String pattern = body.has("tagPattern") ? text(body, "tagPattern", true) : "*";
        String schedule = text(body, "schedule", true);
        String credentials = body.hasNonNull("credentials") ? text(body, "credentials", true) : null;
        return WatchStore.checked(name, registry, repository, pattern, schedule, credentials, flag(body, "insecure", false), flag(body, "enabled", true));
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiProblem.badRequest("'" + field + "' is needed");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiProblem.badRequest("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static boolean flag(JsonNode body, String field, boolean fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw ApiProblem.badRequest("'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    // ---- jobs

    private void listJobs(Context ctx) {
        Api.Page page = Api.Page.of(ctx);
        String state = ctx.queryParam("state");
        if (state != null && !JOB_STATES.contains(state)) {
            throw ApiProblem.badRequest("state must be one of " + String.join(", ", JOB_STATES));
        }
        String kind = ctx.queryParam("kind");
        List<ObjectNode> items = jobs.list(state, kind, page.limit() + 1, page.offset()).stream().map(this::jobNode).toList();
        page.send(ctx, json, items);
    }

    private void jobMetrics(Context ctx) {
        Instant now = Instant.now();
        JobQueue.Metrics metrics = jobs.metrics(now, MAX_EXPIRED_LISTED);
        ObjectNode n = json.createObjectNode();
        n.put("at", now.toString());
        var kinds = n.putArray("kinds");
        for (JobQueue.KindMetrics k : metrics.kinds()) {
            ObjectNode kn = kinds.addObject().put("kind", k.kind());
            ObjectNode states = kn.putObject("states");
            for (String state : JOB_STATES) {
                states.put(state, k.byState().getOrDefault(state, 0L));
            }
            kn.put("expiredLeases", k.expiredLeases());
            kn.set("last", k.last() == null ? json.nullNode() : json.createObjectNode().put("id", k.last().id()).put("state", k.last().state())
                    .put("finishedAt", k.last().finishedAt().toString()).put("durationMs", durationMs(k.last().startedAt(), k.last().finishedAt()))
                    .put("error", k.last().error()));
        }
        var expired = n.putArray("expiredLeases");
        metrics.expired().forEach(j -> expired.add(jobNode(j).put("expiredForMs", now.toEpochMilli() - j.leaseExpires().toEpochMilli())));
        api.sendJson(ctx, 200, n);
    }

    /** Milliseconds from {@code start} to {@code end}; null unless both are known. */
    private static Long durationMs(Instant start, Instant end) {
        return start == null || end == null ? null : end.toEpochMilli() - start.toEpochMilli();
    }

    private ObjectNode jobNode(JobQueue.Job j) {
        ObjectNode n = json.createObjectNode();
        n.put("id", j.id());
        n.put("kind", j.kind());
        n.put("state", j.state());
        n.put("attempts", j.attempts());
        n.put("maxAttempts", j.maxAttempts());
        n.set("payload", parse(j.payload()));
        n.put("leaseOwner", j.leaseOwner());
        n.put("leaseExpires", j.leaseExpires() == null ? null : j.leaseExpires().toString());
        n.put("createdAt", j.createdAt().toString());
        n.put("startedAt", j.startedAt() == null ? null : j.startedAt().toString());
        n.put("finishedAt", j.finishedAt() == null ? null : j.finishedAt().toString());
        n.set("result", j.result() == null ? json.nullNode() : parse(j.result()));
        n.put("error", j.error());
        return n;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
