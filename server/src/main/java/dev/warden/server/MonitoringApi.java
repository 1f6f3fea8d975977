package dev.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The routes of continuous monitoring: alerts, webhooks with their delivery logs, and the server settings. */
final class MonitoringApi {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");
    /** Repository names are far shorter; a longer filter is a mistake. */
    static final int MAX_REPOSITORY_CHARS = 512;
    /** {@code 2026-01-31}: a date without a time. */
    private static final int DATE_CHARS = 10;

    private final Api api;
    private final Alerts alerts;
    private final Webhooks webhooks;
    private final Settings settings;
    private final ObjectMapper json;

    MonitoringApi(Api api, Alerts alerts, Webhooks webhooks, Settings settings, ObjectMapper json) {
        this.api = api;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.settings = settings;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/alerts", Role.VIEWER,
                        "Alerts, newest first; filters: image (digest), repository, kind (" + String.join(", ", Alerts.KINDS)
                                + "; several: kind=a,b), since (ISO-8601 instant, or a date: its start in UTC)",
                        "page", this::listAlerts),
                new Route(HandlerType.GET, "/api/v1/webhooks", Role.SECURITY, "Webhooks (never their secrets)", "page", this::listWebhooks),
                new Route(HandlerType.POST, "/api/v1/webhooks", Role.SECURITY,
                        "Add a webhook: {url (http/https), secret (16+ characters), format (warden|slack), kinds, description}", "object", this::createWebhook),
                new Route(HandlerType.GET, "/api/v1/webhooks/{id}", Role.SECURITY, "One webhook (never its secret)", "object", this::webhook),
                new Route(HandlerType.PATCH, "/api/v1/webhooks/{id}", Role.SECURITY,
                        "Change a webhook: any of url, secret, format, kinds, active, description", "object", this::updateWebhook),
                new Route(HandlerType.DELETE, "/api/v1/webhooks/{id}", Role.SECURITY, "Delete a webhook and its delivery log", "none", this::deleteWebhook),
                new Route(HandlerType.GET, "/api/v1/webhooks/{id}/deliveries", Role.SECURITY,
                        "The webhook's delivery log, newest first: state (pending, delivered, failed), attempts, last status and error", "page", this::deliveries),
                new Route(HandlerType.GET, "/api/v1/settings", Role.VIEWER, "Server settings: alertThreshold", "object", this::getSettings),
                new Route(HandlerType.PUT, "/api/v1/settings", Role.SECURITY,
                        "Change server settings: {alertThreshold: critical|high|medium|low|negligible|unknown}", "object", this::putSettings));
    }

    // ---- alerts

    private void listAlerts(Context ctx) {
        Api.Page page = Api.Page.of(ctx);
        String image = ctx.queryParam("image");
        if (image != null && !DIGEST.matcher(image).matches()) {
            throw ApiProblem.badRequest("image must be a digest: sha256: and 64 lower-case hex digits");
        }
        String repository = ctx.queryParam("repository");
        if (repository != null && (repository.isBlank() || repository.length() > MAX_REPOSITORY_CHARS)) {
            throw ApiProblem.badRequest("repository must be 1 to " + MAX_REPOSITORY_CHARS + " characters, e.g. registry.example.com/shop/app");
        }
        java.util.Set<String> kinds = new java.util.LinkedHashSet<>();
        for (String kind : ctx.queryParams("kind")) {
            for (String one : kind.split(",", -1)) {
                if (!Alerts.KINDS.contains(one.strip())) {
                    throw ApiProblem.badRequest("kind must be one of " + String.join(", ", Alerts.KINDS) + " (several: kind=a,b)");
                }
                kinds.add(one.strip());
            }
        }
        Instant since = null;
        String sinceText = ctx.queryParam("since");
        if (sinceText != null) {
            since = since(sinceText);
        }
        List<Alerts.Alert> found = alerts.list(new Alerts.Filter(image, repository, List.copyOf(kinds), since), page.limit() + 1, page.offset());
        page.send(ctx, json, found.stream().map(this::alertNode).toList());
    }

    /** An instant ({@code 2026-12-01T00:00:00Z}, or with an offset) or a date, read as its start in UTC. */
    static Instant since(String text) {
        try {
            return text.length() == DATE_CHARS ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("since must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, or a date such as 2026-01-31 (UTC)");
        }
    }

    private ObjectNode alertNode(Alerts.Alert a) {
        ObjectNode n = json.createObjectNode();
        n.put("id", a.id());
        n.put("kind", a.kind());
        n.put("digest", a.digest().isEmpty() ? null : a.digest()); // a watch's alert is about no one image
        n.put("repository", a.repository());
        n.set("advisories", json.valueToTree(a.advisories()));
        n.put("created", a.created().toString());
        n.put("cause", a.cause());
        n.put("severity", a.severity());
        n.put("judgement", a.judgementId().isEmpty() ? null : a.judgementId());
        ObjectNode verdict = n.putObject("verdict");
        verdict.put("before", a.verdictBefore());
        verdict.put("after", a.verdictAfter());
        verdict.put("gradeBefore", a.gradeBefore());
        verdict.put("gradeAfter", a.gradeAfter());
        n.set("findings", a.doc().path("findings"));
        n.set("causeDetail", a.doc().path("causeDetail"));
        if (a.kind().equals(Alerts.WATCH_FAILED)) {
            n.set("watch", a.doc().path("watch"));
            n.set("run", a.doc().path("run"));
            n.set("tagErrors", a.doc().path("tagErrors"));
        }
        return n;
    }

    // ---- webhooks

    private void listWebhooks(Context ctx) {
        Api.Page page = Api.Page.of(ctx);
        page.send(ctx, json, webhooks.list(page.limit() + 1, page.offset()).stream().map(w -> (JsonNode) json.valueToTree(webhooks.view(w))).toList());
    }

    private void createWebhook(Context ctx) {
        Webhooks.Change change = change(api.readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES));
        if (change.url() == null || change.secret() == null) {
            throw ApiProblem.badRequest("the body must hold url and secret: {\"url\": \"https://...\", \"secret\": \"...\"}");
        }
        Webhooks.Webhook w = webhooks.create(change, WardenServer.principal(ctx).name());
        ctx.header("Location", "/api/v1/webhooks/" + w.id());
        api.sendJson(ctx, 201, webhooks.view(w));
    }

    private void webhook(Context ctx) {
        api.sendJson(ctx, 200, webhooks.view(webhooks.find(id(ctx)).orElseThrow(() -> ApiProblem.notFound("no webhook " + ctx.pathParam("id")))));
    }

    private void updateWebhook(Context ctx) {
        String id = id(ctx);
        Webhooks.Change change = change(api.readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES));
        Webhooks.Webhook w = webhooks.update(id, change, WardenServer.principal(ctx).name())
                .orElseThrow(() -> ApiProblem.notFound("no webhook " + id));
        api.sendJson(ctx, 200, webhooks.view(w));
    }

    private void deleteWebhook(Context ctx) {
        String id = id(ctx);
        if (!webhooks.delete(id, WardenServer.principal(ctx).name())) {
            throw ApiProblem.notFound("no webhook " + id);
        }
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        String id = id(ctx);
        webhooks.find(id).orElseThrow(() -> ApiProblem.notFound("no webhook " + id));
        Api.Page page = Api.Page.of(ctx);
        List<JsonNode> items = new ArrayList<>();
        for (Webhooks.Delivery d : webhooks.deliveries(id, page.limit() + 1, page.offset())) {
            ObjectNode n = json.createObjectNode();
            n.put("id", d.id());
            n.put("alert", d.alertId());
            n.put("event", d.event());
            n.put("state", d.state());
            n.put("attempts", d.attempts());
            n.put("nextAttempt", "pending".equals(d.state()) ? d.nextAttempt().toString() : null);
            if (d.lastStatus() == null) {
                n.putNull("lastStatus");
            } else {
                n.put("lastStatus", d.lastStatus());
            }
            n.put("lastError", d.lastError());
            n.put("created", d.created().toString());
            n.put("deliveredAt", d.deliveredAt() == null ? null : d.deliveredAt().toString());
            items.add(n);
        }
        page.send(ctx, json, items);
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw ApiProblem.notFound("no webhook " + id);
        }
        return id;
    }

    private Webhooks.Change change(JsonNode body) {
        List<String> kinds = null;
        JsonNode k = body.get("kinds");
        if (k != null && !k.isNull()) {
            if (!k.isArray()) {
                throw ApiProblem.badRequest("kinds must be a list of alert kinds: " + String.join(", ", Alerts.KINDS));
            }
            kinds = new ArrayList<>();
            for (JsonNode item : k) {
                if (!item.isTextual()) {
                    throw ApiProblem.badRequest("kinds must be a list of alert kinds: " + String.join(", ", Alerts.KINDS));
                }
                kinds.add(item.asText());
            }
        }
        JsonNode active = body.get("active");
        if (active != null && !active.isNull() && !active.isBoolean()) {
            throw ApiProblem.badRequest("active must be true or false");
        }
        return new Webhooks.Change(text(body, "url"), text(body, "secret"), text(body, "format"), kinds,
                active == null || active.isNull() ? null : active.asBoolean(), text(body, "description"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiProblem.badRequest(field + " must be a string");
        }
        return v.asText();
    }

    // ---- settings

    private void getSettings(Context ctx) {
        api.sendJson(ctx, 200, settings.all());
    }

    private void putSettings(Context ctx) {
        JsonNode body = api.readJson(ctx, ServerLimits.MAX_SMALL_BODY_BYTES);
        var names = new ArrayList<String>();
        body.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!name.equals(Settings.ALERT_THRESHOLD)) {
                throw ApiProblem.badRequest("unknown setting '" + name + "'; settings: " + Settings.ALERT_THRESHOLD);
            }
        }
        String threshold = text(body, Settings.ALERT_THRESHOLD);
        if (threshold != null) {
            settings.setAlertThreshold(threshold, WardenServer.principal(ctx).name());
        }
        api.sendJson(ctx, 200, settings.all());
    }
}
