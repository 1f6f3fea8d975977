package dev.warden.server.console;

import dev.warden.core.WardenException;
import dev.warden.server.Role;
import dev.warden.server.Tokens;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;

/**
 * Administration of API tokens ({@code /admin/tokens}, admin role): the list (never the tokens), a form that makes
 * one and shows it this once, and revoking. Made through {@link Tokens}, as the API does, so the audit log has it.
 */
public final class TokensPage {
    /** The page's model; {@code created} is the token just made (shown once), {@code problem} a form error. */
    public record Model(Frame frame, List<Tokens.TokenInfo> tokens, List<String> roles, Tokens.Created created, String problem,
                        String notice, String name, String role) {}

    private final Tokens tokens;
    private final Views views;

    public TokensPage(Tokens tokens, Views views) {
        this.tokens = tokens;
        this.views = views;
    }

    public List<ConsoleRoute> routes() {
        return List.of(
                new ConsoleRoute(HandlerType.GET, "/admin/tokens", Role.ADMIN, this::show),
                new ConsoleRoute(HandlerType.POST, "/admin/tokens", Role.ADMIN, this::create),
                new ConsoleRoute(HandlerType.POST, "/admin/tokens/{id}/revoke", Role.ADMIN, this::revoke));
    }

    private static List<String> roles() {
        return Arrays.stream(Role.values()).map(Role::id).toList();
    }

    private void show(ConsoleRequest r) {
        String notice = "1".equals(r.ctx().queryParam("revoked")) ? "The token was revoked; its sessions ended with it." : null;
        render(r, 200, null, null, notice, "", Role.VIEWER.id());
    }

    private void render(ConsoleRequest r, int status, Tokens.Created created, String problem, String notice, String name, String role) {
        views.render(r.ctx(), status, "tokens.jte", new Model(new Frame("Tokens", "tokens", r.session()), tokens.list(), roles(), created,
                problem, notice, name, role));
    }

    private void create(ConsoleRequest r) {
        String name = r.field("name") == null ? "" : r.field("name").strip();
        String role = r.field("role") == null ? "" : r.field("role");
        Tokens.Created created;
        try {
            created = tokens.create(name, Role.parse(role), r.session().principal().name());
        } catch (WardenException e) {
            render(r, 400, null, e.getMessage(), null, name, role);
            return;
        }
        render(r, 201, created, null, null, "", Role.VIEWER.id());
    }

    private void revoke(ConsoleRequest r) {
        if (!tokens.revoke(r.ctx().pathParam("id"), r.session().principal().name())) {
            throw ConsoleProblem.notFound("There is no token with that id.");
        }
        r.ctx().redirect("/admin/tokens?revoked=1", HttpStatus.SEE_OTHER);
    }
}
