package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The console in Debian's Chromium through Playwright, against a real server on a real SQLite database: sign in,
 * browse, make a token as admin, what a lesser role neither sees nor can force, CSRF, sign-out. One browser for the
 * class, a fresh context (cookie jar) per test. Screenshots of every page go to {@code target/console-screenshots/}.
 */
@Tag("live") // Chromium through Playwright; axe-core from registry.npmjs.org (AxeCore)
class ConsoleBrowserTest {
    static final String DIGEST_A = "sha256:" + "a".repeat(64);

    @TempDir
    static Path home;
    static ServerFixture f;
    static ConsoleBrowser chromium;
    static Browser browser;
    static String viewer;
    static String admin;

    BrowserContext context;
    final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() throws Exception {
        chromium = ConsoleBrowser.launch();
        browser = chromium.browser();
        f = new ServerFixture(home, null);
        viewer = f.token(Role.VIEWER);
        admin = f.token(Role.ADMIN);
        String developer = f.token(Role.DEVELOPER);
        HostileImage.importAdvisory(home, Files.createDirectories(home.resolve("feeds")));
        var hostile = f.send("POST", "/api/v1/images", developer, TestImages.pushBody(HostileImage.sbom(), "evil/app", List.of("1"), f.json),
                "application/json");
        assertThat(hostile.statusCode()).as(hostile.body()).isEqualTo(201);
        var pushed = f.send("POST", "/api/v1/images", developer, TestImages.pushBody(TestImages.debian("a".repeat(64), "5.8.0-1", null),
                "shop/app", List.of("1.0", "latest"), f.json), "application/json");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    }

    @AfterAll
    static void close() {
        if (chromium != null) {
            chromium.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @BeforeEach
    void newContext() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
    }

    @AfterEach
    void closeContext() {
        context.close();
        assertThat(problems).as("console errors, page errors or dialogs").isEmpty();
    }

    Page page() {
        return ConsoleBrowser.consolePage(context, problems);
    }

    String url(String path) {
        return f.uri(path).toString();
    }

    Page signIn(String token) {
        Page page = page();
        page.navigate(url("/"));
        assertThat(page.url()).contains("/sign-in");
        page.fill("#token", token);
        page.click("button[type=submit]");
        assertThat(page.url()).isEqualTo(url("/"));
        return page;
    }

    @Test
    void signInBrowseAndSignOut() {
        Page page = page();
        page.navigate(url("/"));
        assertThat(page.url()).contains("/sign-in?next=");
        ConsoleBrowser.shot(page, "sign-in");
        page.fill("#token", "wdn_not-a-token");
        page.click("button[type=submit]");
        assertThat(page.textContent("[role=alert]")).contains("not known or was revoked");

        page.fill("#token", viewer);
        page.click("button[type=submit]");
        assertThat(page.title()).startsWith("Overview");
        assertThat(page.textContent("main")).contains("Images by grade", "Open findings by severity");
        assertThat(page.locator("svg.line-chart polyline").count()).isEqualTo(3);
        ConsoleBrowser.shot(page, "overview");

        page.click("text=Sign out");
        assertThat(page.url()).contains("/sign-in");
        page.navigate(url("/"));
        assertThat(page.url()).contains("/sign-in");
    }

    @Test
    void anIdleSessionEndsAndSignInReturnsToThePage() {
        Page page = signIn(viewer);
        page.navigate(url("/images?grade=D"));
        new Transactions(f.database).inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE console_session SET last_seen = last_seen - ?")) {
                ps.setLong(1, dev.warden.server.console.ConsoleLimits.SESSION_IDLE.toMillis() + 60_000);
                return ps.executeUpdate();
            }
        });
        page.reload();
        assertThat(page.url()).contains("/sign-in?next=");
        page.fill("#token", viewer);
        page.press("#token", "Enter");
        page.waitForURL(url("/images?grade=D"));
        assertThat(page.title()).startsWith("Images");
    }

    @Test
    void adminMakesATokenThatWorksAndRevokesIt() throws Exception {
        Page page = signIn(admin);
        page.click("nav >> text=Tokens");
        page.fill("#name", "ci-browser");
        page.selectOption("#role", "developer");
        page.click("text=Make token");
        String token = page.inputValue("#new-token");
        assertThat(token).startsWith(Tokens.PREFIX);
        ConsoleBrowser.shot(page, "tokens-created");
        assertThat(f.get("/api/v1/images", token).statusCode()).isEqualTo(200);

        // shown once: the list page does not have it again
        page.navigate(url("/admin/tokens"));
        assertThat(page.content()).doesNotContain(token);
        page.click("button[aria-label='Revoke ci-browser']");
        assertThat(page.textContent("[role=status]")).contains("revoked");
        ConsoleBrowser.shot(page, "tokens");
        assertThat(f.get("/api/v1/images", token).statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerIsNotOfferedAdminPagesAndCannotForceThem() {
        Page page = signIn(viewer);
        assertThat(page.locator("nav a").allTextContents()).containsExactly("Overview", "Images", "Alerts", "VEX desk", "Policy");
        page.navigate(url("/admin/tokens"));
        assertThat(page.title()).startsWith("Not allowed");
        assertThat(page.textContent("main")).contains("needs the admin role");
        ConsoleBrowser.shot(page, "forbidden");
        // forcing the form with the session's own CSRF token is refused too
        String csrf = page.getAttribute("input[name=csrf]", "value");
        var forced = context.request().post(url("/admin/tokens"), RequestOptions.create()
                .setForm(FormData.create().set("csrf", csrf).set("name", "sneaky").set("role", "admin")));
        assertThat(forced.status()).isEqualTo(403);
        assertThat(f.tokens.list()).noneMatch(t -> t.name().equals("sneaky"));
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        Page page = signIn(admin);
        var refused = context.request().post(url("/admin/tokens"), RequestOptions.create()
                .setForm(FormData.create().set("name", "no-csrf").set("role", "viewer")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("CSRF");
        assertThat(f.tokens.list()).noneMatch(t -> t.name().equals("no-csrf"));
        page.navigate(url("/"));
        assertThat(page.title()).startsWith("Overview");
    }

    @Test
    void imagesFilterAndSortWithoutScriptsAndTheImagePageShowsTheStoredVerdict() {
        Page page = signIn(viewer);
        page.navigate(url("/images"));
        assertThat(page.locator("#images tbody tr").count()).isEqualTo(2);
        ConsoleBrowser.shot(page, "images");
        page.fill("#f-repository", "shop");
        page.click("text=Filter");
        assertThat(page.url()).contains("repository=shop");
        assertThat(page.locator("#images tbody tr").count()).isEqualTo(1);
        page.navigate(url("/images?tag=nope"));
        assertThat(page.isVisible("#no-images")).isTrue();
        page.navigate(url("/images?sort=repository&dir=asc"));
        assertThat(page.locator("#images tbody tr td:first-child").allTextContents()).containsExactly("evil/app", "shop/app");
        assertThat(page.getAttribute("#images th[aria-sort]", "aria-sort")).isEqualTo("ascending");
        page.click("#images th >> text=Repository");
        assertThat(page.locator("#images tbody tr td:first-child").allTextContents()).containsExactly("shop/app", "evil/app");

        page.click("text=shop/app");
        assertThat(page.url()).isEqualTo(url("/images/" + DIGEST_A));
        String grade = page.textContent("#grade");
        assertThat(grade).matches("[A-F]");
        assertThat(page.locator("#findings tbody tr td:first-child").allTextContents()).anySatisfy(t -> assertThat(t).contains("CVE-2025-53603"));
        assertThat(page.textContent("#packages")).contains("libsope1", "GPL-2.0-only");
        assertThat(page.locator("#policies tbody tr").count()).isGreaterThan(3);
        assertThat(page.locator("#judgements tbody tr").count()).isEqualTo(1);
        ConsoleBrowser.shot(page, "image");
        // the findings filter is a query: fixable findings of deb packages
        page.selectOption("#f-fixable", "yes");
        page.click("#findings-h ~ form button");
        assertThat(page.url()).contains("fixable=yes");
        assertThat(page.locator("#findings tbody tr td:nth-child(7)").allTextContents()).allSatisfy(t -> assertThat(t).isNotBlank());
        // downloads come from the API's own handlers
        var sbom = context.request().get(url("/images/" + DIGEST_A + "/sbom?format=spdx-json"));
        assertThat(sbom.status()).isEqualTo(200);
        assertThat(sbom.headers().get("content-disposition")).contains("attachment", "app-aaaaaaaaaaaa-sbom.spdx.json");
        assertThat(sbom.text()).contains("\"spdxVersion\"");
        assertThat(context.request().get(url("/images/" + DIGEST_A + "/report?format=sarif")).text()).contains("\"version\"", "2.1.0");
        assertThat(context.request().get(url("/images/" + DIGEST_A + "/openvex")).text()).contains("https://openvex.dev/ns/v0.2.0");
    }

    @Test
    void hostileStringsFromAnImageAndAnAdvisoryRenderInert() {
        Page page = signIn(viewer);
        page.navigate(url("/images/sha256:" + HostileImage.DIGEST));
        assertThat(page.title()).contains("evil/app");
        // the advisory matched, so its texts are on the page ...
        assertThat(page.textContent("#findings")).contains(HostileImage.ADVISORY, "<svg onload=");
        // ... as text: nothing ran, no element came from the data, no link goes anywhere but here
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        assertThat(page.evaluate("() => document.querySelectorAll('main img, main script, main svg [onload], main [onerror], iframe').length"))
                .isEqualTo(0);
        assertThat(page.evaluate("() => document.scripts.length")).isEqualTo(1);
        String origin = url("/");
        List<?> hrefs = (List<?>) page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)");
        assertThat(hrefs).isNotEmpty().allSatisfy(h -> assertThat(h.toString()).startsWith(origin));
        String packages = page.textContent("#packages");
        assertThat(packages).contains(HostileImage.EVIL_NAME, HostileImage.SCRIPT_LICENSE);
        // the right-to-left override and the terminal escapes are shown as escapes, not obeyed
        assertThat(packages).contains("invoice\\u202egpj.exe", "MIT\\x1b[2J").doesNotContain("\u202e").doesNotContain("\u001b");
        assertThat(page.textContent("#facts-h ~ dl")).contains(HostileImage.EVIL_REFERENCE);
        ConsoleBrowser.shot(page, "image-hostile");

        page.navigate(url("/"));
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        page.navigate(url("/images"));
        assertThat(page.evaluate("() => window.__pwned")).isNull();
    }

    @Test
    void keyboardOnlySignInAndReachAnImage() {
        Page page = page();
        page.navigate(url("/"));
        // the token field has the focus: type, Enter
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("token");
        page.keyboard().type(viewer);
        page.keyboard().press("Enter");
        page.waitForURL(url("/"));
        // the first Tab reaches the skip link
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.textContent")).isEqualTo("Skip to content");
        tabTo(page, "Images");
        page.keyboard().press("Enter");
        page.waitForURL(url("/images"));
        tabTo(page, "shop/app");
        page.keyboard().press("Enter");
        page.waitForURL(url("/images/" + DIGEST_A));
        assertThat(page.isVisible("#policies")).isTrue();
    }

    /** Presses Tab until the focused element's text is {@code text}; fails after a page's worth of stops. */
    private static void tabTo(Page page, String text) {
        for (int i = 0; i < 60; i++) {
            page.keyboard().press("Tab");
            Object focused = page.evaluate("() => document.activeElement && document.activeElement.textContent.trim()");
            if (text.equals(focused)) {
                assertThat(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
                return;
            }
        }
        throw new AssertionError("Tab never reached " + text);
    }

    @Test
    void everyPageHasNoSeriousOrCriticalAccessibilityViolation() throws Exception {
        String axe = AxeCore.source();
        // axe is injected as a script: a context that ignores the CSP, for this checker only (the pages' own CSP
        // is what the other tests run under)
        try (BrowserContext checker = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true).setViewportSize(1280, 860))) {
            Page page = checker.newPage();
            page.navigate(url("/sign-in"));
            List<String> found = new java.util.ArrayList<>(AxeCore.seriousOrCritical(page, axe));
            page.fill("#token", admin);
            page.click("button[type=submit]");
            for (String path : List.of("/", "/images", "/images/" + DIGEST_A, "/images/sha256:" + HostileImage.DIGEST, "/audit", "/admin/tokens",
                    "/alerts", "/admin/webhooks", "/admin/watches", "/admin/jobs", "/vex", "/vex?state=approved", "/policy", "/no-such-page")) {
                page.navigate(url(path));
                found.addAll(AxeCore.seriousOrCritical(page, axe).stream().map(v -> path + ": " + v).toList());
            }
            assertThat(found).isEmpty();
        }
    }

    @Test
    void auditLogFiltersByActorObjectAndTime() {
        f.tokens.create("audited-token", Role.VIEWER, "alice");
        Page page = signIn(admin);
        page.navigate(url("/audit"));
        assertThat(page.locator("#audit tbody tr").count()).isGreaterThanOrEqualTo(1);
        page.fill("#f-actor", "alice");
        page.click("text=Filter");
        assertThat(page.locator("#audit tbody tr").count()).isEqualTo(1);
        assertThat(page.textContent("#audit")).contains("token.create", "audited-token");
        ConsoleBrowser.shot(page, "audit");
        page.navigate(url("/audit?actor=alice&from=2000-01-01&to=2000-01-02"));
        assertThat(page.isVisible("#no-entries")).isTrue();
        page.navigate(url("/audit?type=policy"));
        assertThat(page.isVisible("#no-entries")).isTrue();
    }

    @Test
    void alertsShowWhatTheApiHas() throws Exception {
        Page page = signIn(viewer);
        page.click("nav >> text=Alerts");
        var api = f.json(f.get("/api/v1/alerts?limit=50", viewer)).path("items");
        if (api.isEmpty()) {
            assertThat(page.isVisible("#no-alerts")).isTrue();
        } else {
            assertThat(page.locator("#alerts tbody tr").count()).isEqualTo(api.size());
            assertThat(page.textContent("#alerts")).contains(api.get(0).path("repository").asText());
        }
        ConsoleBrowser.shot(page, "alerts");
        page.navigate(url("/alerts?kind=grade_dropped&since=2000-01-01"));
        assertThat(page.title()).startsWith("Alerts");
        page.navigate(url("/alerts?kind=bogus"));
        assertThat(page.title()).startsWith("Bad request");
    }

    @Test
    void securityAddsAndDeletesAWebhookAndAViewerCannot() throws Exception {
        Page page = signIn(f.token(Role.SECURITY));
        page.click("nav >> text=Webhooks");
        page.fill("#url", "http://127.0.0.1:9/warden-hook");
        page.fill("#secret", "short");
        page.evaluate("() => document.getElementById('secret').removeAttribute('minlength')");
        page.click("text=Add webhook");
        assertThat(page.textContent("[role=alert]")).contains("secret");
        page.fill("#secret", "0123456789abcdef-secret");
        page.check("input[name=kind-new_kev]");
        page.fill("#description", "<b>team</b> channel");
        page.click("text=Add webhook");
        assertThat(page.textContent("[role=status]")).contains("added");
        assertThat(page.textContent("#webhooks")).contains("http://127.0.0.1:9/warden-hook", "new_kev", "<b>team</b> channel");
        // the URL is text, not a link, and the secret is nowhere on the page
        assertThat(page.locator("#webhooks a").count()).isZero();
        assertThat(page.content()).doesNotContain("0123456789abcdef-secret");
        assertThat(f.json(f.get("/api/v1/webhooks", admin)).path("items")).hasSize(1);
        ConsoleBrowser.shot(page, "webhooks");
        page.click("button[aria-label='Delete the webhook to http://127.0.0.1:9/warden-hook']");
        assertThat(page.isVisible("#no-webhooks")).isTrue();
        assertThat(f.json(f.get("/api/v1/webhooks", admin)).path("items")).isEmpty();

        context.close();
        context = browser.newContext();
        Page viewerPage = signIn(viewer);
        assertThat(viewerPage.locator("nav a").allTextContents()).doesNotContain("Webhooks");
        viewerPage.navigate(url("/admin/webhooks"));
        assertThat(viewerPage.title()).startsWith("Not allowed");
    }

    @Test
    void adminAddsRunsAndDeletesAWatchAndADeveloperCannot() throws Exception {
        Page page = signIn(admin);
        assertThat(page.locator("nav a").allTextContents())
                .containsExactly("Overview", "Images", "Alerts", "VEX desk", "Policy", "Audit log", "Webhooks", "Watches", "Jobs", "Tokens");
        page.click("nav >> text=Watches");
        assertThat(page.title()).startsWith("Watches");
        page.fill("#name", "shop-watch");
        page.fill("#registry", "127.0.0.1:9");
        page.fill("#repository", "shop/app");
        page.fill("#tagPattern", "1.*");
        page.fill("#schedule", "61 * * * *");
        page.fill("#credentials", "env:SHOP_REGISTRY");
        page.click("text=Add watch");
        assertThat(page.title()).startsWith("Watches");
        assertThat(page.textContent("[role=alert]")).contains("not a valid cron");
        // what was typed stays, for the next try
        assertThat(page.inputValue("#name")).isEqualTo("shop-watch");
        assertThat(f.json(f.get("/api/v1/watches", admin)).path("items")).isEmpty();
        page.fill("#schedule", "0 3 * * *");
        page.click("text=Add watch");
        assertThat(page.textContent("[role=status]")).contains("added");
        assertThat(page.textContent("#watches")).contains("shop-watch", "127.0.0.1:9/shop/app", "1.*", "0 3 * * *", "env:SHOP_REGISTRY", "yes");
        assertThat(page.locator("#watches time").count()).isEqualTo(1);
        assertThat(f.json(f.get("/api/v1/watches", admin)).path("items")).hasSize(1);
        ConsoleBrowser.shot(page, "watches");

        page.click("button[aria-label='Run now: watch shop-watch']");
        assertThat(page.title()).startsWith("Watch shop-watch");
        assertThat(page.textContent("[role=status]")).contains("queued");
        assertThat(page.locator("#runs tbody tr").count()).isEqualTo(1);
        assertThat(page.textContent("#runs")).contains("manual");
        assertThat(page.textContent("#runs .state").strip()).isIn("queued", "listing", "analysing", "failed", "done");
        // the server has no SHOP_REGISTRY: the run's error (a retry, then its failure) is shown with the run
        String error = page.textContent("#runs tbody tr td:last-child").strip();
        for (int i = 0; i < 40 && error.isEmpty(); i++) {
            Thread.sleep(250);
            page.reload();
            error = page.textContent("#runs tbody tr td:last-child").strip();
        }
        assertThat(error).contains("SHOP_REGISTRY");
        ConsoleBrowser.shot(page, "watch");

        page.navigate(url("/admin/watches"));
        page.click("button[aria-label='Delete the watch shop-watch']");
        assertThat(page.textContent("[role=status]")).contains("deleted");
        assertThat(page.isVisible("#no-watches")).isTrue();
        assertThat(f.json(f.get("/api/v1/watches", admin)).path("items")).isEmpty();

        context.close();
        context = browser.newContext();
        Page developerPage = signIn(f.token(Role.DEVELOPER));
        assertThat(developerPage.locator("nav a").allTextContents()).doesNotContain("Watches");
        developerPage.navigate(url("/admin/watches"));
        assertThat(developerPage.title()).startsWith("Not allowed");
        assertThat(developerPage.textContent("main")).contains("needs the admin role");
    }
}
