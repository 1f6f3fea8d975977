package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.server.console.ConsoleLimits;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's frame over real HTTP, without a browser: security headers, cookie flags, sign-in, CSRF on every POST,
 * roles refused when forced, expiry and sign-out. {@link ConsoleBrowserTest} drives the same in Chromium.
 */
class ConsoleHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

    @TempDir
    Path home;
    ServerFixture f;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        f = new ServerFixture(home, null);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** A browser's cookie jar, small: name -> value from Set-Cookie. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) throws Exception {
            return keep(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            return post(path, form, Map.of());
        }

        HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            HttpRequest.Builder b = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            headers.forEach(b::header);
            return keep(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(f.uri(path)).timeout(Duration.ofSeconds(60));
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) -> c.append(c.isEmpty() ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
            return b;
        }

        private HttpResponse<String> keep(HttpResponse<String> r) {
            for (String header : r.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                if (header.contains("Max-Age=0") || value.isEmpty()) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return r;
        }

        /** Signs in with a token through the form, as a person does. */
        HttpResponse<String> signIn(String token) throws Exception {
            HttpResponse<String> page = get("/sign-in");
            assertThat(page.statusCode()).isEqualTo(200);
            return post("/sign-in", Map.of("csrf", csrf(page.body()), "token", token, "next", "/"));
        }
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in\n" + html).isTrue();
        return m.group(1);
    }

    @Test
    void pagesNeedASessionAndCarryTheSecurityHeaders() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> overview = b.get("/images?grade=A");
        assertThat(overview.statusCode()).isEqualTo(303);
        assertThat(overview.headers().firstValue("Location")).hasValue("/sign-in?next=%2Fimages%3Fgrade%3DA");

        HttpResponse<String> signIn = b.get("/sign-in");
        assertThat(signIn.statusCode()).isEqualTo(200);
        String csp = signIn.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'").doesNotContain("unsafe-inline");
        assertThat(signIn.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(signIn.body()).doesNotContain("<script>").doesNotContain("style=");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("warden_signin=").contains("HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");

        // unknown pages outside the API are HTML; the API keeps its JSON problems
        HttpResponse<String> missing = b.get("/no-such-page");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(f.get("/api/v1/nope", null).headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void signInOpensAHashedSessionAndSignOutEndsIt() throws Exception {
        String token = f.token(Role.VIEWER);
        Browser b = new Browser();
        HttpResponse<String> bad = b.signIn("wdn_" + "x".repeat(43));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("not known or was revoked");

        HttpResponse<String> ok = b.signIn(token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).hasValue("/");
        String set = ok.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith("warden_session=")).findFirst().orElseThrow();
        assertThat(set).contains("HttpOnly", "SameSite=Strict");
        String value = b.cookies.get("warden_session");
        assertThat(value).hasSizeGreaterThanOrEqualTo(43);
        // the server keeps only the SHA-256 of the cookie
        List<String> stored = new Transactions(f.database).inTransaction(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT id_hash FROM console_session")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        assertThat(stored).containsExactly(Sha256.hex(value));

        HttpResponse<String> overview = b.get("/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Overview", "Images by grade");

        // sign-out needs the CSRF token too
        assertThat(b.post("/sign-out", Map.of()).statusCode()).isEqualTo(403);
        assertThat(b.get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> out = b.post("/sign-out", Map.of("csrf", csrf(overview.body())));
        assertThat(out.statusCode()).isEqualTo(303);
        long left = new Transactions(f.database).inTransaction(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM console_session")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(left).isZero();
        // the old cookie, replayed, opens nothing
        Browser replay = new Browser();
        replay.cookies.put("warden_session", value);
        assertThat(replay.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void signInFormIsCsrfCheckedAndNextStaysOnThisServer() throws Exception {
        String token = f.token(Role.VIEWER);
        Browser b = new Browser();
        b.get("/sign-in");
        assertThat(b.post("/sign-in", Map.of("token", token)).statusCode()).isEqualTo(403);
        assertThat(b.post("/sign-in", Map.of("token", token, "csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(b.cookies).doesNotContainKey("warden_session");
        for (String next : List.of("//evil.example/x", "https://evil.example/", "javascript:alert(1)", "/\\evil.example")) {
            Browser other = new Browser();
            HttpResponse<String> page = other.get("/sign-in?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            HttpResponse<String> r = other.post("/sign-in", Map.of("csrf", csrf(page.body()), "token", token, "next", next));
            assertThat(r.headers().firstValue("Location")).as(next).hasValue("/");
        }
        // a form posted from another origin is refused even with the right token
        Browser cross = new Browser();
        HttpResponse<String> page = cross.get("/sign-in");
        assertThat(cross.post("/sign-in", Map.of("csrf", csrf(page.body()), "token", token), Map.of("Origin", "https://evil.example"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aLinkFromAnotherSiteStepsOnceSoTheStrictCookieIsSent() throws Exception {
        Browser b = new Browser();
        b.signIn(f.token(Role.VIEWER));
        HttpResponse<String> fromChat = http.send(HttpRequest.newBuilder(f.uri("/images?grade=B")).header("Sec-Fetch-Site", "cross-site").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // the browser withheld the SameSite=Strict cookie: a page that refreshes to the same place, same-site
        assertThat(fromChat.statusCode()).isEqualTo(200);
        assertThat(fromChat.body()).contains("<meta http-equiv=\"refresh\" content=\"0; url=/images?grade=B\">");
        // which then carries the cookie
        assertThat(b.get("/images?grade=B").statusCode()).isEqualTo(200);
    }

    @Test
    void secureCookieBehindATlsProxy() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(f.uri("/sign-in")).header("X-Forwarded-Proto", "https").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
    }

    @Test
    void idleAndAbsoluteExpiryAndRevocationEndSessions() throws Exception {
        String token = f.token(Role.ADMIN);
        Browser idle = new Browser();
        idle.signIn(token);
        assertThat(idle.get("/").statusCode()).isEqualTo(200);
        age("last_seen", ConsoleLimits.SESSION_IDLE.plusMinutes(1));
        assertThat(idle.get("/").statusCode()).isEqualTo(303);

        Browser busy = new Browser();
        busy.signIn(token);
        age("created_at", ConsoleLimits.SESSION_ABSOLUTE.plusMinutes(1));
        assertThat(busy.get("/").statusCode()).isEqualTo(303);

        Browser revoked = new Browser();
        revoked.signIn(token);
        assertThat(revoked.get("/").statusCode()).isEqualTo(200);
        String id = f.tokens.list().stream().filter(t -> t.revokedAt() == null).findFirst().orElseThrow().id();
        f.tokens.revoke(id, "test");
        assertThat(revoked.get("/").statusCode()).isEqualTo(303);
    }

    /** Moves every session's time back, as if that much time had passed. */
    private void age(String column, Duration by) {
        new Transactions(f.database).inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE console_session SET " + column + " = " + column + " - ?")) {
                ps.setLong(1, by.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void rolesAreRefusedWhenForced() throws Exception {
        Browser viewer = new Browser();
        viewer.signIn(f.token(Role.VIEWER));
        HttpResponse<String> overview = viewer.get("/");
        assertThat(overview.body()).doesNotContain("/admin/tokens").doesNotContain("/audit");
        assertThat(viewer.get("/admin/tokens").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/audit").statusCode()).isEqualTo(403);
        assertThat(viewer.post("/admin/tokens", Map.of("csrf", csrf(overview.body()), "name", "x", "role", "admin")).statusCode()).isEqualTo(403);
        assertThat(f.tokens.list()).noneMatch(t -> t.name().equals("x"));
        // watches are admin's, as in the API: a security user neither sees nor makes one
        Browser security = new Browser();
        security.signIn(f.token(Role.SECURITY));
        HttpResponse<String> home = security.get("/");
        assertThat(home.body()).doesNotContain("/admin/watches");
        assertThat(security.get("/admin/watches").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/admin/watches").statusCode()).isEqualTo(403);
        assertThat(security.post("/admin/watches", Map.of("csrf", csrf(home.body()), "name", "x", "registry", "127.0.0.1:9",
                "repository", "shop/app", "schedule", "0 3 * * *")).statusCode()).isEqualTo(403);
        assertThat(viewer.get("/admin/watches/no-such-watch").statusCode()).isEqualTo(403);
        assertThat(security.get("/admin/watches/no-such-watch").statusCode()).isEqualTo(404);
    }

    @Test
    void aStoredPartialSbomSaysSoOnItsImagePageAndInTheApi() throws Exception {
        String token = f.token(Role.DEVELOPER);
        String partial = "a".repeat(64);
        String whole = "b".repeat(64);
        dev.warden.core.Sbom sbom = TestImages.debian(partial, "5.8.0-1", null)
                .withSelection(new dev.warden.core.SbomSelection(List.of("os"), List.of("/usr/share/doc"), List.of()));
        HttpResponse<String> pushed = f.send("POST", "/api/v1/images", token,
                TestImages.pushBody(sbom, "shop/partial", List.of("1.0"), f.json), "application/json");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        f.pushDebian(token, whole, "shop/whole");

        var api = f.json(f.get("/api/v1/images/sha256:" + partial, token)).path("selection");
        assertThat(api.path("partial").asBoolean()).isTrue();
        assertThat(api.path("catalogers").get(0).asText()).isEqualTo("os");
        assertThat(api.path("warning").asText()).startsWith("PARTIAL SBOM: catalogued with --catalogers os --skip-dirs /usr/share/doc");
        var wholeApi = f.json(f.get("/api/v1/images/sha256:" + whole, token)).path("selection");
        assertThat(wholeApi.path("partial").asBoolean()).isFalse();
        assertThat(wholeApi.path("warning").isNull()).isTrue();

        Browser browser = new Browser();
        browser.signIn(f.token(Role.VIEWER));
        HttpResponse<String> page = browser.get("/images/sha256:" + partial);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<p class=\"problem\" role=\"alert\" id=\"partial-sbom\">PARTIAL SBOM: catalogued with --catalogers os");
        assertThat(browser.get("/images/sha256:" + whole).body()).doesNotContain("partial-sbom");
    }
}
