package dev.warden.server.console;

import dev.warden.core.WardenException;
import dev.warden.server.Role;
import dev.warden.server.ServerDatabase;
import dev.warden.server.Tokens;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The security team's console, served by {@code warden serve} under {@code /} beside the API: server-rendered pages
 * (jte, precompiled), a session opened by signing in with an API token, a CSRF token on every form, and the same
 * roles as the API. This class is the frame every page shares: the security headers, the session and role check, the
 * CSRF check of every POST, the error pages, sign-in and sign-out. Pages are small classes that give their
 * {@link ConsoleRoute}s ({@link #routes()} lists them); a page a role may not use answers 403, and links to it are not
 * shown to that role.
 */
public final class Console {
    public static final String SESSION_COOKIE = "warden_session";
    /** Holds the sign-in form's secret, whose HMAC is the form's CSRF token (no session exists yet). */
    static final String SIGN_IN_COOKIE = "warden_signin";
    /**
     * No script but our own file, no inline script or style, no framing, forms post only here, nothing fetched from
     * elsewhere: what an injected string could do is nothing, even if escaping failed somewhere.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    /** Where sign-in may send the browser back to: a path of ours, never another origin ("//host", "https:", "javascript:"). */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9/_.:?=&%+,~-]{0,500}");

    private final Sessions sessions;
    private final Tokens tokens;
    private final Views views;
    private final Assets assets = new Assets();
    private final PrintStream log;
    private final List<ConsoleRoute> routes = new ArrayList<>();

    public Console(Sessions sessions, Tokens tokens, Views views, PrintStream log, List<ConsoleRoute> pages) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.views = views;
        this.log = log;
        routes.add(new ConsoleRoute(HandlerType.GET, "/sign-in", null, this::signInPage));
        routes.add(new ConsoleRoute(HandlerType.POST, "/sign-in", null, this::signIn));
        routes.add(new ConsoleRoute(HandlerType.POST, "/sign-out", Role.VIEWER, this::signOut));
        routes.add(new ConsoleRoute(HandlerType.GET, "/static/{file}", null, this::asset));
        routes.addAll(pages);
    }

    /** Every route of the console, the frame's own (sign-in, sign-out, static files) first. */
    public List<ConsoleRoute> routes() {
        return List.copyOf(routes);
    }

    /** The route's handler inside the frame: headers, session, role, CSRF, error pages. */
    public Handler handler(ConsoleRoute route) {
        return ctx -> {
            securityHeaders(ctx);
            Sessions.Session session = null;
            try {
                session = sessionOf(ctx).orElse(null);
                if (route.role() != null) {
                    if (session == null) {
                        signInFirst(ctx, route);
                        return;
                    }
                    if (!session.can(route.role())) {
                        throw new ConsoleProblem(403, "This page needs the " + route.role().id() + " role; you are signed in as "
                                + session.principal().role().id() + ".");
                    }
                }
                Map<String, String> form = Map.of();
                if (route.method() == HandlerType.POST) {
                    checkOrigin(ctx);
                    form = readForm(ctx);
                    if (route.role() != null && !Sessions.csrfMatches(session.csrf(), form.get("csrf"))) {
                        throw new ConsoleProblem(403, "The form's CSRF token is missing or wrong: reload the page and try again.");
                    }
                }
                route.handler().handle(new ConsoleRequest(ctx, session, form));
            } catch (ConsoleProblem e) {
                error(ctx, session, e.status(), e.getMessage());
            } catch (dev.warden.server.ApiProblem e) {
                error(ctx, session, e.status(), e.getMessage());
            } catch (ServerDatabase.DatabaseUnavailable e) {
                ctx.header("Retry-After", "5");
                error(ctx, session, 503, "The database is not available now; retry shortly.");
            } catch (WardenException e) {
                error(ctx, session, 400, e.getMessage());
            } catch (Exception e) {
                log.println("warden serve: internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
                e.printStackTrace(log);
                error(ctx, session, 500, "An internal error; the server log has the details.");
            }
        };
    }

    /** Whether a path is the API's (JSON problems) rather than the console's (HTML pages) when nothing serves it. */
    public static boolean servesApi(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
    }

    /** Unknown paths (404) and methods (405) outside the API: an HTML page in the frame. */
    public void notFound(Context ctx, int status) {
        securityHeaders(ctx);
        Sessions.Session session = null;
        try {
            session = sessionOf(ctx).orElse(null);
        } catch (RuntimeException e) {
            // the database is away: the page is shown as to someone not signed in
        }
        error(ctx, session, status, status == 405 ? "This page does not take " + ctx.method() + "." : "There is no page at " + ctx.path() + ".");
    }

    private void error(Context ctx, Sessions.Session session, int status, String message) {
        views.render(ctx, status, "error.jte", new ErrorPage(new Frame(statusTitle(status), "", session), status, message));
    }

    /** The page that steps from a link on another site to the same page here, so the session cookie is sent. */
    public record ContinuePage(Frame frame, String target) {}

    /** The error page's model. */
    public record ErrorPage(Frame frame, int status, String message) {}

    private static String statusTitle(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Not allowed here";
            case 413 -> "Too large";
            case 415 -> "Not a form";
            case 503 -> "Unavailable";
            default -> "Error";
        };
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    private Optional<Sessions.Session> sessionOf(Context ctx) {
        String cookie = ctx.cookie(SESSION_COOKIE);
        return cookie == null ? Optional.empty() : sessions.find(cookie);
    }

    private void signInFirst(Context ctx, ConsoleRoute route) {
        if (route.method() == HandlerType.GET) {
            String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            if ("cross-site".equals(ctx.header("Sec-Fetch-Site")) && LOCAL_PATH.matcher(target).matches()) {
                // a link from another site (a chat, a ticket): SameSite=Strict kept the session cookie from this one
                // request. A same-site step, a meta refresh to the same page, brings it; if there is no session, that
                // request goes to the sign-in page as usual.
                views.render(ctx, 200, "continue.jte", new ContinuePage(new Frame("Continue", "", null), target));
                return;
            }
            ctx.redirect("/sign-in?next=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        throw new ConsoleProblem(403, "You are not signed in (or your session has ended): sign in again.");
    }

    /**
     * Browsers send Origin on every POST; one from elsewhere is refused even before the CSRF token is looked at
     * (SameSite=Strict keeps the cookie from such a request anyway).
     */
    private static void checkOrigin(Context ctx) {
        if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
            throw new ConsoleProblem(403, "A form from another site was refused.");
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return;
        }
        String host = ctx.header("Host");
        URI o;
        try {
            o = URI.create(origin);
        } catch (IllegalArgumentException e) {
            throw new ConsoleProblem(403, "A form from an unreadable origin was refused.");
        }
        String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
        if (host == null || !host.equalsIgnoreCase(authority)) {
            throw new ConsoleProblem(403, "A form from another origin was refused.");
        }
    }

    /** The form of a POST, read up to {@link ConsoleLimits#MAX_FORM_BYTES}. */
    private static Map<String, String> readForm(Context ctx) {
        String type = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new ConsoleProblem(415, "The console takes forms (application/x-www-form-urlencoded) only.");
        }
        if (ctx.req().getContentLengthLong() > ConsoleLimits.MAX_FORM_BYTES) {
            throw new ConsoleProblem(413, "A form larger than " + ConsoleLimits.MAX_FORM_BYTES + " bytes was refused.");
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes(ConsoleLimits.MAX_FORM_BYTES + 1);
        } catch (IOException e) {
            throw new ConsoleProblem(400, "The form could not be read.");
        }
        if (body.length > ConsoleLimits.MAX_FORM_BYTES) {
            throw new ConsoleProblem(413, "A form larger than " + ConsoleLimits.MAX_FORM_BYTES + " bytes was refused.");
        }
        Map<String, String> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new ConsoleProblem(400, "The form is not valid URL encoding.");
            }
        }
        return form;
    }

    // ---- sign-in, sign-out

    /** The sign-in page's model. */
    public record SignInPage(Frame frame, String csrf, String next, String problem) {}

    private void signInPage(ConsoleRequest r) {
        if (r.session() != null) {
            r.ctx().redirect(safeNext(r.ctx().queryParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        showSignIn(r.ctx(), 200, safeNext(r.ctx().queryParam("next")), null);
    }

    private void showSignIn(Context ctx, int status, String next, String problem) {
        String secret = sessions.newSecret();
        cookie(ctx, SIGN_IN_COOKIE, secret, false);
        views.render(ctx, status, "sign-in.jte", new SignInPage(new Frame("Sign in", "sign-in", null), Sessions.csrf(secret), next, problem));
    }

    private void signIn(ConsoleRequest r) {
        Context ctx = r.ctx();
        String next = safeNext(r.field("next"));
        String preSession = ctx.cookie(SIGN_IN_COOKIE);
        if (preSession == null || preSession.length() > 64 || !Sessions.csrfMatches(Sessions.csrf(preSession), r.field("csrf"))) {
            throw new ConsoleProblem(403, "The sign-in form's CSRF token is missing or wrong: open the sign-in page again.");
        }
        String token = r.field("token") == null ? "" : r.field("token").strip();
        Optional<Tokens.Principal> who = tokens.authenticate(token);
        if (who.isEmpty()) {
            showSignIn(ctx, 401, next, "That token is not known or was revoked.");
            return;
        }
        Sessions.Opened opened = sessions.open(who.get());
        cookie(ctx, SIGN_IN_COOKIE, "", true);
        cookie(ctx, SESSION_COOKIE, opened.cookieValue(), false);
        ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void signOut(ConsoleRequest r) {
        sessions.close(r.session());
        cookie(r.ctx(), SESSION_COOKIE, "", true);
        r.ctx().redirect("/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    static String safeNext(String next) {
        return next != null && LOCAL_PATH.matcher(next).matches() ? next : "/";
    }

    /** HttpOnly, SameSite=Strict, Path=/, Secure when the browser came over TLS (directly or through a proxy). */
    private static void cookie(Context ctx, String name, String value, boolean expire) {
        boolean tls = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "")
                + (expire ? "; Max-Age=0" : ""));
    }

    // ---- static files

    private void asset(ConsoleRequest r) {
        Context ctx = r.ctx();
        Assets.Asset a = assets.get(ctx.pathParam("file")).orElseThrow(() -> ConsoleProblem.notFound("There is no file " + ctx.pathParam("file") + "."));
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", a.etag());
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(a.contentType()).result(a.bytes());
    }
}
