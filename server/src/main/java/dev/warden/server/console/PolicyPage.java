package dev.warden.server.console;

import dev.warden.core.WardenException;
import dev.warden.server.ApiProblem;
import dev.warden.server.PolicyDesk;
import dev.warden.server.PolicyPreview;
import dev.warden.server.PolicyStore;
import dev.warden.server.Role;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The policy file ({@code /policy}): the active file in an editor (a textarea: no script needed), a preview of which
 * stored images the edited file would change, with the validator's line shown beside the editor when it is not valid;
 * publishing (every stored image re-judged); the history with each version's diff, and rollback. Editing is the
 * security role's; the others read. Made through {@link PolicyDesk}, as the API does.
 */
public final class PolicyPage {
    private static final int HISTORY = 50;

    public record Model(Frame frame, String yaml, Long activeVersion, List<PolicyStore.PolicyVersion> versions, PolicyPreview.Preview preview,
                        String problem, String notice, boolean canEdit) {}

    public record VersionModel(Frame frame, PolicyStore.PolicyVersion version, Long previous, String diff, boolean active, boolean canEdit) {}

    private final PolicyStore policies;
    private final PolicyDesk desk;
    private final Views views;

    public PolicyPage(PolicyStore policies, PolicyDesk desk, Views views) {
        this.policies = policies;
        this.desk = desk;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(
                new ConsoleRoute(HandlerType.GET, "/policy", Role.VIEWER, this::show),
                new ConsoleRoute(HandlerType.POST, "/policy/preview", Role.SECURITY, this::preview),
                new ConsoleRoute(HandlerType.POST, "/policy/publish", Role.SECURITY, this::publish),
                new ConsoleRoute(HandlerType.GET, "/policy/versions/{version}", Role.VIEWER, this::version),
                new ConsoleRoute(HandlerType.POST, "/policy/versions/{version}/rollback", Role.SECURITY, this::rollback));
    }

    private void show(ConsoleRequest r) {
        String notice = r.query("published") != null ? "Published as version " + r.query("published") + "; " + r.query("rejudged")
                + " stored image(s) re-judged with it." : null;
        Optional<PolicyStore.PolicyVersion> active = policies.active();
        render(r, 200, active.map(PolicyStore.PolicyVersion::yaml).orElse(""), null, null, notice);
    }

    private void render(ConsoleRequest r, int status, String yaml, PolicyPreview.Preview preview, String problem, String notice) {
        Frame frame = new Frame("Policy", "policy", r.session());
        Long activeVersion = policies.active().map(PolicyStore.PolicyVersion::version).orElse(null);
        views.render(r.ctx(), status, "policy.jte", new Model(frame, yaml, activeVersion, policies.versions(HISTORY, 0), preview, problem, notice,
                frame.can(Role.SECURITY)));
    }

    /** The edited file as the browser sent it (its size bounded by the console's form limit), with Unix line ends. */
    private static String yaml(ConsoleRequest r) {
        return r.field("yaml") == null ? "" : r.field("yaml").replace("\r\n", "\n");
    }

    private void preview(ConsoleRequest r) {
        String yaml = yaml(r);
        try {
            render(r, 200, yaml, desk.preview(yaml.getBytes(StandardCharsets.UTF_8)), null, null);
        } catch (WardenException e) {
            render(r, 400, yaml, null, e.getMessage(), null);
        }
    }

    private void publish(ConsoleRequest r) {
        String yaml = yaml(r);
        String comment = r.field("comment") == null || r.field("comment").isBlank() ? null : r.field("comment").strip();
        PolicyDesk.Published published;
        try {
            published = desk.publish(yaml.getBytes(StandardCharsets.UTF_8), r.session().principal().name(), comment);
        } catch (WardenException e) {
            render(r, 400, yaml, null, e.getMessage(), null);
            return;
        } catch (ApiProblem e) {
            render(r, e.status(), yaml, null, e.getMessage(), null);
            return;
        }
        r.ctx().redirect("/policy?published=" + published.version().version() + "&rejudged=" + published.rejudged().images().size(), HttpStatus.SEE_OTHER);
    }

    private static long number(ConsoleRequest r) {
        try {
            return Long.parseLong(r.ctx().pathParam("version"));
        } catch (NumberFormatException e) {
            throw ConsoleProblem.badRequest("The version must be a number.");
        }
    }

    private void version(ConsoleRequest r) {
        long v = number(r);
        PolicyStore.PolicyVersion version = policies.version(v).orElseThrow(() -> ConsoleProblem.notFound("There is no policy version " + v + "."));
        Long previous = v > 1 && policies.version(v - 1).isPresent() ? v - 1 : null;
        String diff = previous == null ? null : desk.diff(previous, v).orElse("");
        Frame frame = new Frame("Policy version " + v, "policy", r.session());
        boolean active = policies.active().map(a -> a.version() == v).orElse(false);
        views.render(r.ctx(), 200, "policy-version.jte", new VersionModel(frame, version, previous, diff, active, frame.can(Role.SECURITY)));
    }

    private void rollback(ConsoleRequest r) {
        long v = number(r);
        PolicyDesk.Published published;
        try {
            published = desk.rollback(v, r.session().principal().name(), r.field("comment"));
        } catch (ApiProblem e) {
            if (e.status() == 404) {
                throw ConsoleProblem.notFound("There is no policy version " + v + ".");
            }
            throw new ConsoleProblem(e.status(), e.getMessage());
        } catch (WardenException e) {
            throw new ConsoleProblem(400, "Version " + v + " is no longer a valid policy file: " + e.getMessage());
        }
        r.ctx().redirect("/policy?published=" + published.version().version() + "&rejudged=" + published.rejudged().images().size(), HttpStatus.SEE_OTHER);
    }
}
