package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's watch pages in Debian's Chromium: each watch's last run (when, outcome, how long, what it did) and the
 * job queue's health (GET /api/v1/jobs/metrics's data) as the API has them, for the roles the API allows; and a
 * hostile registry's text (tag names, error messages) shown as text. The registry is the test's own loopback HTTP
 * server, because no real registry sends such names and messages: it lists tags holding markup and answers every
 * manifest, and one repository's tag list, with a distribution error whose message is a script and an event handler.
 */
@Tag("live") // Chromium through Playwright; axe-core from registry.npmjs.org (AxeCore)
class WatchConsoleBrowserTest {
    /** Markup in a tag name, in a manifest's error and in a tag list's error: none may run or become an element. */
    static final String EVIL_TAG = "<img src=x onerror=window.__pwned=1>";
    static final String EVIL_QUOTE_TAG = "1.0\"onerror=\"window.__pwned=2";
    static final String EVIL_MANIFEST_ERROR = "<script>window.__pwned=3</script>\" onerror=\"window.__pwned=4";
    static final String EVIL_LIST_ERROR = "<script>window.__pwned=5</script>\"onerror=alert(6)";

    @TempDir
    static Path home;
    @TempDir
    static Path idleHome;
    static ServerFixture f;
    static ConsoleBrowser chromium;
    static Browser browser;
    static HttpServer registry;
    static String admin;

    BrowserContext context;
    final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() throws Exception {
        chromium = ConsoleBrowser.launch();
        browser = chromium.browser();
        registry = hostileRegistry();
        f = new ServerFixture(home, null, new JobSettings(1, JobSettings.DEFAULT_LEASE, Duration.ofMillis(200), JobSettings.DEFAULT_SCHEDULER_INTERVAL,
                home.resolve("cache")));
        admin = f.token(Role.ADMIN);
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
        if (f != null) {
            f.close();
        }
        if (registry != null) {
            registry.stop(0);
        }
    }

    @BeforeEach
    void newContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 900));
    }

    @AfterEach
    void closeContext() {
        context.close();
        assertThat(problems).as("console errors, page errors or dialogs").isEmpty();
    }

    @Test
    void theWatchListShowsEachLastRunAndTheJobHealthAndHostileRegistryTextIsInert() throws Exception {
        String app = watch("evil-app", "evil/app");
        String broken = watch("evil-broken", "evil/broken");
        runNow(app);
        runNow(broken);
        // evil/app: listed, every tag unreadable (a run that checked nothing: failed); evil/broken: its listing fails
        JsonNode appRun = awaitRun(app, r -> r.path("finishedAt").isTextual() && !r.path("analysed").isNull());
        assertThat(appRun.path("state").asText()).isEqualTo("failed");
        assertThat(appRun.path("tagErrors").asLong()).isEqualTo(3);
        // a run that read some of its tags and not others: made in the database, as no registry here serves an image
        String half = watch("half-read", "evil/half");
        halfReadRun(half);
        JsonNode brokenRun = awaitRun(broken, r -> !r.path("error").isNull());
        assertThat(brokenRun.path("error").asText()).contains(EVIL_LIST_ERROR);
        MonitorStory.await(() -> finished(f, "watch.finish") >= 1, Duration.ofSeconds(30), "the run's last step");

        Page page = signIn(f, admin);
        page.navigate(url(f, "/admin/watches"));
        String appRow = page.textContent("#watches tbody tr:has-text('evil-app')");
        assertThat(appRow).contains("failed", "(manual)", "3 of 3 tags (3 unreadable)", "0 new digests: 0 analysed, 0 failed", "0 moved, 0 gone",
                "none of the 3 tags could be read; the first, '1.0': ", EVIL_MANIFEST_ERROR);
        assertThat(page.getAttribute("#watches tbody tr:has-text('evil-app') .outcome span:first-child", "class")).isEqualTo("outcome-failed");
        // some tags unread: a warning, in words and colour, never the green of a clean run
        String halfOutcome = "#watches tbody tr:has-text('half-read') .outcome span:first-child";
        assertThat(page.textContent(halfOutcome).strip()).isEqualTo("done with 2 tag errors");
        assertThat(page.getAttribute(halfOutcome, "class")).isEqualTo("outcome-done_with_errors");
        assertThat(page.evalOnSelector(halfOutcome, "e => getComputedStyle(e).color"))
                .isNotEqualTo(page.evalOnSelector("#watches tbody tr:has-text('evil-app') .outcome span:first-child", "e => getComputedStyle(e).color"))
                .isNotEqualTo("rgb(26, 127, 55)");
        assertThat(page.textContent("#watches tbody tr:has-text('half-read')")).contains("5 of 5 tags (2 unreadable)", EVIL_TAG);
        // the time shown is the API's lastRun, to the minute, with the exact instant in the datetime attribute
        JsonNode listed = lastRunOf(app);
        assertThat(listed.path("id").asText()).isEqualTo(appRun.path("id").asText());
        assertThat(page.getAttribute("#watches tbody tr:has-text('evil-app') .last-run time", "datetime")).isEqualTo(listed.path("createdAt").asText());
        assertThat(page.textContent("#watches tbody tr:has-text('evil-app') td:nth-child(10)").strip())
                .isEqualTo(durationAsShown(listed.path("durationMs").asLong()));
        String brokenRow = page.textContent("#watches tbody tr:has-text('evil-broken')");
        assertThat(brokenRow).contains(EVIL_LIST_ERROR);
        assertThat(page.textContent("#watches tbody tr:has-text('evil-broken') .outcome span:first-child").strip()).isIn("listing", "failed");

        // the job health block: what GET /api/v1/jobs/metrics says of the kinds that have settled
        JsonNode metrics = f.json(f.get("/api/v1/jobs/metrics", admin));
        JsonNode finish = kind(metrics, "watch.finish");
        String finishRow = page.textContent("#job-health tbody tr:has-text('watch.finish')");
        assertThat(finishRow).contains(finish.path("last").path("state").asText());
        assertThat(page.locator("#job-health tbody tr:has-text('watch.finish') td").allTextContents().subList(0, 5))
                .containsExactly(String.valueOf(finish.path("states").path("queued").asLong()), String.valueOf(finish.path("states").path("running").asLong()),
                        String.valueOf(finish.path("states").path("done").asLong()), String.valueOf(finish.path("states").path("failed").asLong()),
                        String.valueOf(finish.path("expiredLeases").asLong()));
        assertThat(page.locator("#job-health tbody th").allTextContents()).contains("watch.run", "watch.finish");
        assertInert(page);
        ConsoleBrowser.shot(page, "watches-last-run");

        // the watch's own page: the hostile tag names and the registry's error, as text
        page.navigate(url(f, "/admin/watches/" + app));
        String tags = page.textContent("#run-tags");
        assertThat(tags).contains(EVIL_TAG, EVIL_QUOTE_TAG);
        // names no registry may use are never put in a request: each is an error of its own, and the run goes on
        assertThat(page.locator("#run-tags tbody tr:has-text('not a tag name')").count()).isEqualTo(2);
        assertThat(page.textContent("#run-tags tbody tr:has-text('1.0') td:last-child")).contains("<script>window.__pwned=3</script>");
        assertThat(page.textContent("#runs tbody tr")).contains("failed", "3 / 3 / 3");
        assertInert(page);
        ConsoleBrowser.shot(page, "watch-hostile-registry");

        // the failed runs raised watch_failed alerts: listed with the run's error as text, linked to the watch
        page.navigate(url(f, "/alerts?kind=watch_failed"));
        String alertRow = page.textContent("#alerts tbody tr:has-text('evil-app')");
        assertThat(alertRow).contains("watch failed", "watch evil-app: failed: none of the 3 tags could be read", EVIL_MANIFEST_ERROR);
        assertThat(page.getAttribute("#alerts tbody tr:has-text('evil-app') a", "href")).isEqualTo("/admin/watches/" + app);
        assertInert(page);

        String axe = AxeCore.source();
        try (BrowserContext checker = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true).setViewportSize(1400, 900))) {
            Page a = checker.newPage();
            a.navigate(url(f, "/sign-in"));
            a.fill("#token", admin);
            a.click("button[type=submit]");
            List<String> found = new java.util.ArrayList<>();
            for (String path : List.of("/admin/watches", "/admin/watches/" + app, "/admin/jobs", "/alerts?kind=watch_failed")) {
                a.navigate(url(f, path));
                found.addAll(AxeCore.seriousOrCritical(a, axe).stream().map(v -> path + ": " + v).toList());
            }
            assertThat(found).isEmpty();
        }
    }

    @Test
    void securitySeesTheJobHealthButNotTheWatchListAndAViewerSeesNeither() throws Exception {
        Page page = signIn(f, f.token(Role.SECURITY));
        assertThat(page.locator("nav a").allTextContents()).contains("Jobs").doesNotContain("Watches");
        page.click("nav >> text=Jobs");
        assertThat(page.title()).startsWith("Jobs");
        assertThat(page.isVisible("#job-health") || page.isVisible("#no-jobs")).isTrue();
        page.navigate(url(f, "/admin/watches"));
        assertThat(page.title()).startsWith("Not allowed");

        context.close();
        context = browser.newContext();
        String viewer = f.token(Role.VIEWER);
        Page viewerPage = signIn(f, viewer);
        assertThat(viewerPage.locator("nav a").allTextContents()).doesNotContain("Jobs", "Watches");
        viewerPage.navigate(url(f, "/admin/jobs"));
        assertThat(viewerPage.title()).startsWith("Not allowed");
        assertThat(viewerPage.textContent("main")).contains("needs the security role").doesNotContain("watch.run");
        // as the API refuses it
        assertThat(f.get("/api/v1/jobs/metrics", viewer).statusCode()).isEqualTo(403);
    }

    @Test
    void aJobWhoseWorkerDiedShowsItsExpiredLease() throws Exception {
        // a server with no worker of its own: the job below stays as the dead worker left it
        try (ServerFixture idle = new ServerFixture(idleHome, null, new JobSettings(0, JobSettings.DEFAULT_LEASE, JobSettings.DEFAULT_POLL,
                JobSettings.DEFAULT_SCHEDULER_INTERVAL, idleHome.resolve("cache")))) {
            Transactions tx = new Transactions(idle.database);
            JobQueue queue = new JobQueue(tx, false);
            tx.inTransaction(c -> JobQueue.enqueue(c, "watch.analyse", null, "{\"digest\":\"sha256:" + "d".repeat(64) + "\"}", 3, Instant.now()));
            JobQueue.Claimed first = queue.claim("replica-1", Duration.ofMinutes(1)).orElseThrow();
            queue.fail(first, "registry said: " + EVIL_MANIFEST_ERROR, Duration.ZERO);
            queue.claim("replica-7", Duration.ofMillis(300)).orElseThrow();
            Thread.sleep(600);

            Page page = signIn(idle, idle.token(Role.SECURITY));
            page.navigate(url(idle, "/admin/jobs"));
            String expired = page.textContent("#expired-leases tbody tr");
            assertThat(expired).contains("watch.analyse", "replica-7", "2 of 3", EVIL_MANIFEST_ERROR);
            assertThat(page.textContent("#job-health tbody tr:has-text('watch.analyse') td.expired").strip()).isEqualTo("1");
            JsonNode metrics = idle.json(idle.get("/api/v1/jobs/metrics", idle.token(Role.SECURITY)));
            assertThat(kind(metrics, "watch.analyse").path("expiredLeases").asLong()).isEqualTo(1);
            assertThat(metrics.path("expiredLeases").get(0).path("leaseOwner").asText()).isEqualTo("replica-7");
            assertInert(page);
            ConsoleBrowser.shot(page, "jobs-expired-lease");
        }
    }

    // ---- helpers

    private static void assertInert(Page page) {
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        assertThat(page.evaluate("() => document.querySelectorAll('main img, main script, main [onerror], iframe').length")).isEqualTo(0);
        assertThat(page.evaluate("() => document.scripts.length")).isEqualTo(1);
    }

    private static String watch(String name, String repository) throws Exception {
        // once a year: no scheduled run while the test looks
        String body = "{\"name\":\"" + name + "\",\"registry\":\"127.0.0.1:" + registry.getAddress().getPort() + "\",\"repository\":\"" + repository
                + "\",\"schedule\":\"0 3 1 1 *\"}";
        HttpResponse<String> r = f.send("POST", "/api/v1/watches", admin, body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return f.json(r).path("id").asText();
    }

    private static void runNow(String watchId) throws Exception {
        HttpResponse<String> r = f.send("POST", "/api/v1/watches/" + watchId + "/run", admin, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static JsonNode awaitRun(String watchId, java.util.function.Predicate<JsonNode> done) throws Exception {
        JsonNode[] last = new JsonNode[1];
        MonitorStory.await(() -> {
            last[0] = f.json(f.get("/api/v1/watches/" + watchId + "/runs?limit=1", admin)).path("items").path(0);
            return done.test(last[0]);
        }, Duration.ofSeconds(60), "the run of watch " + watchId);
        return last[0];
    }

    /** A finished run of {@code watchId} that read 3 of its 5 tags; the first unreadable one's name is markup. */
    private static void halfReadRun(String watchId) {
        long now = System.currentTimeMillis();
        new Transactions(f.database).inTransaction(c -> {
            String runId = java.util.UUID.randomUUID().toString();
            WatchStore.insertRun(c, runId, watchId, null, "manual", now - 2_000);
            try (var ps = c.prepareStatement("UPDATE watch_run SET state = 'done', started_at = ?, finished_at = ?, tags_listed = 5, "
                    + "tags_matched = 5, to_analyse = 0, analysed = 0, failed = 0, rejudged = 3, moved = 0, disappeared = 0, tag_errors = 2, "
                    + "error = ? WHERE id = ?")) {
                ps.setLong(1, now - 1_500);
                ps.setLong(2, now - 1_000);
                ps.setString(3, "2 of 5 tags could not be read; the first, '" + EVIL_TAG + "': not a tag name");
                ps.setString(4, runId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static JsonNode lastRunOf(String watchId) throws Exception {
        for (JsonNode w : f.json(f.get("/api/v1/watches", admin)).path("items")) {
            if (w.path("id").asText().equals(watchId)) {
                return w.path("lastRun");
            }
        }
        throw new AssertionError("watch " + watchId + " not listed");
    }

    private static long finished(ServerFixture on, String kind) throws Exception {
        JsonNode k = kind(on.json(on.get("/api/v1/jobs/metrics", admin)), kind);
        return k == null ? 0 : k.path("states").path("done").asLong() + k.path("states").path("failed").asLong();
    }

    private static JsonNode kind(JsonNode metrics, String kind) {
        for (JsonNode k : metrics.path("kinds")) {
            if (k.path("kind").asText().equals(kind)) {
                return k;
            }
        }
        return null;
    }

    /** The console's rendering of a duration, checked against its rule rather than its code: under a second in ms. */
    private static String durationAsShown(long ms) {
        return ms < 1000 ? ms + " ms" : ms < 60_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : "(long)";
    }

    private Page signIn(ServerFixture on, String token) {
        Page page = ConsoleBrowser.consolePage(context, problems);
        page.navigate(url(on, "/"));
        page.fill("#token", token);
        page.click("button[type=submit]");
        assertThat(page.url()).isEqualTo(url(on, "/"));
        return page;
    }

    private static String url(ServerFixture on, String path) {
        return on.uri(path).toString();
    }

    /**
     * A registry that lists tags holding markup for {@code evil/app} and answers every manifest with a distribution
     * error whose message is markup, and answers {@code evil/broken}'s tag list with another.
     */
    private static HttpServer hostileRegistry() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/v2/")) {
                    send(exchange, 200, "{}");
                } else if (path.equals("/v2/evil/app/tags/list")) {
                    send(exchange, 200, "{\"name\":\"evil/app\",\"tags\":" + ServerJson.mapper().writeValueAsString(List.of("1.0", EVIL_TAG, EVIL_QUOTE_TAG)) + "}");
                } else if (path.equals("/v2/evil/broken/tags/list")) {
                    // a 404 with the registry's own message (a 401/403 is answered in the watch's terms, without it)
                    send(exchange, 404, error("NAME_UNKNOWN", EVIL_LIST_ERROR));
                } else if (path.contains("/manifests/") && exchange.getRequestMethod().equals("HEAD")) {
                    // no Docker-Content-Digest: the client asks with a GET
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    send(exchange, 404, error("MANIFEST_UNKNOWN", EVIL_MANIFEST_ERROR));
                }
            }
        });
        server.start();
        return server;
    }

    private static String error(String code, String message) throws IOException {
        return "{\"errors\":[{\"code\":\"" + code + "\",\"message\":" + ServerJson.mapper().writeValueAsString(message) + "}]}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Docker-Distribution-API-Version", "registry/2.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
