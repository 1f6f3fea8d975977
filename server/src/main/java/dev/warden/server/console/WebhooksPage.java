package dev.warden.server.console;

import dev.warden.server.ApiProblem;
import dev.warden.server.Alerts;
import dev.warden.server.Role;
import dev.warden.server.Webhooks;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhooks ({@code /admin/webhooks}, security role as in the API): the list (never the secrets) with each one's
 * recent deliveries, a form that adds one, and deleting. Made through {@link Webhooks}, as the API does, so the same
 * checks apply (http or https only, no credentials in the URL, a secret of 16 or more characters) and the audit log
 * has it. A webhook's URL is shown as text, never as a link.
 */
public final class WebhooksPage {
    /** Deliveries shown per webhook; the API pages through all of them. */
    static final int DELIVERIES_SHOWN = 5;

    public record Row(Webhooks.Webhook webhook, List<Webhooks.Delivery> deliveries) {}

    public record Form(String url, String format, List<String> kinds, String description) {}

    public record Model(Frame frame, List<Row> rows, List<String> formats, List<String> kinds, Form form, String problem, String notice) {}

    private final Webhooks webhooks;
    private final Views views;

    public WebhooksPage(Webhooks webhooks, Views views) {
        this.webhooks = webhooks;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(
                new ConsoleRoute(HandlerType.GET, "/admin/webhooks", Role.SECURITY, this::show),
                new ConsoleRoute(HandlerType.POST, "/admin/webhooks", Role.SECURITY, this::create),
                new ConsoleRoute(HandlerType.POST, "/admin/webhooks/{id}/delete", Role.SECURITY, this::delete));
    }

    private void show(ConsoleRequest r) {
        String notice = switch (String.valueOf(r.ctx().queryParam("done"))) {
            case "added" -> "The webhook was added: alerts from now on are delivered to it.";
            case "deleted" -> "The webhook and its delivery log were deleted.";
            default -> null;
        };
        render(r, 200, new Form("", "warden", List.of(), ""), null, notice);
    }

    private void render(ConsoleRequest r, int status, Form form, String problem, String notice) {
        List<Row> rows = new ArrayList<>();
        for (Webhooks.Webhook w : webhooks.list(ConsoleLimits.PAGE_ROWS, 0)) {
            rows.add(new Row(w, webhooks.deliveries(w.id(), DELIVERIES_SHOWN, 0)));
        }
        views.render(r.ctx(), status, "webhooks.jte", new Model(new Frame("Webhooks", "webhooks", r.session()), rows, Webhooks.FORMATS,
                Alerts.KINDS, form, problem, notice));
    }

    private void create(ConsoleRequest r) {
        List<String> kinds = Alerts.KINDS.stream().filter(k -> "on".equals(r.field("kind-" + k))).toList();
        Form form = new Form(value(r.field("url")), r.field("format") == null ? "warden" : r.field("format"), kinds, value(r.field("description")));
        try {
            webhooks.create(new Webhooks.Change(form.url(), r.field("secret"), form.format(), kinds, true,
                    form.description().isEmpty() ? null : form.description()), r.session().principal().name());
        } catch (ApiProblem e) {
            render(r, 400, form, e.getMessage(), null);
            return;
        }
        r.ctx().redirect("/admin/webhooks?done=added", HttpStatus.SEE_OTHER);
    }

    private void delete(ConsoleRequest r) {
        if (!webhooks.delete(r.ctx().pathParam("id"), r.session().principal().name())) {
            throw ConsoleProblem.notFound("There is no webhook with that id.");
        }
        r.ctx().redirect("/admin/webhooks?done=deleted", HttpStatus.SEE_OTHER);
    }

    private static String value(String text) {
        return text == null ? "" : text.strip();
    }
}
