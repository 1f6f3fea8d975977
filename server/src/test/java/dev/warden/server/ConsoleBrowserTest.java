package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in Debian's Chromium through Playwright, against a real server on a real SQLite database: sign in,
 * browse, make a token as admin, what a lesser role neither sees nor can force, CSRF, sign-out. One browser for the
 * class, a fresh context (cookie jar) per test. Screenshots of every page go to {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final List<String> CHROMIUM_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    @TempDir
    static Path home;
    static ServerFixture f;
    static Playwright playwright;
    static Browser browser;
    static String viewer;
    static String admin;

    BrowserContext context;
    final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium is needed: apt-get install -y chromium (listed in .ci/packages)").isExecutable();
        f = new ServerFixture(home, null);
        viewer = f.token(Role.VIEWER);
        admin = f.token(Role.ADMIN);
        String developer = f.token(Role.DEVELOPER);
        var pushed = f.send("POST", "/api/v1/images", developer, TestImages.pushBody(TestImages.debian("a".repeat(64), "5.8.0-1", null),
                "shop/app", List.of("1.0", "latest"), f.json), "application/json");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true).setArgs(CHROMIUM_ARGS));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
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
        Page page = context.newPage();
        page.onDialog(d -> {
            problems.add("dialog: " + d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> {
            // Chromium logs a page's own 4xx status (a refused sign-in, a 403 page) as an error: those are the answers
            // the tests ask for; every other resource's status is checked below
            boolean pageStatus = m.text().startsWith("Failed to load resource: the server responded with a status of 4");
            if ((m.type().equals("error") || m.type().equals("warning")) && !pageStatus) {
                problems.add("console " + m.type() + ": " + m.text());
            }
        });
        page.onResponse(r -> {
            if (!r.request().resourceType().equals("document") && r.status() >= 400) {
                problems.add(r.status() + " for " + r.url());
            }
        });
        page.onPageError(e -> problems.add("page error: " + e));
        return page;
    }

    String url(String path) {
        return f.uri(path).toString();
    }

    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
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
        shot(page, "sign-in");
        page.fill("#token", "wdn_not-a-token");
        page.click("button[type=submit]");
        assertThat(page.textContent("[role=alert]")).contains("not known or was revoked");

        page.fill("#token", viewer);
        page.click("button[type=submit]");
        assertThat(page.title()).startsWith("Overview");
        assertThat(page.textContent("main")).contains("Images by grade", "Open findings by severity");
        assertThat(page.locator("svg.line-chart polyline").count()).isEqualTo(3);
        shot(page, "overview");

        page.click("text=Sign out");
        assertThat(page.url()).contains("/sign-in");
        page.navigate(url("/"));
        assertThat(page.url()).contains("/sign-in");
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
        shot(page, "tokens-created");
        assertThat(f.get("/api/v1/images", token).statusCode()).isEqualTo(200);

        // shown once: the list page does not have it again
        page.navigate(url("/admin/tokens"));
        assertThat(page.content()).doesNotContain(token);
        page.click("button[aria-label='Revoke ci-browser']");
        assertThat(page.textContent("[role=status]")).contains("revoked");
        shot(page, "tokens");
        assertThat(f.get("/api/v1/images", token).statusCode()).isEqualTo(401);
    }

    @Test
    void aViewerIsNotOfferedAdminPagesAndCannotForceThem() {
        Page page = signIn(viewer);
        assertThat(page.locator("nav a").allTextContents()).containsExactly("Overview", "Images");
        page.navigate(url("/admin/tokens"));
        assertThat(page.title()).startsWith("Not allowed");
        assertThat(page.textContent("main")).contains("needs the admin role");
        shot(page, "forbidden");
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
}
