package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, as the console's browser tests use it: launched headless from
 * {@code /usr/bin/chromium} (Playwright's own browser download is never used), screenshots under
 * {@code target/console-screenshots/}, and pages whose dialogs, page errors and failed resources are recorded.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** No sandbox (the tests run as root in CI), and nothing that reaches the network on its own. */
    static final List<String> CHROMIUM_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static ConsoleBrowser launch() throws IOException {
        LiveTests.require("Chromium (Playwright)");
        assertThat(CHROMIUM).as("Debian's chromium is needed: apt-get install -y chromium (listed in .ci/packages)").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new ConsoleBrowser(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                    .setHeadless(true).setArgs(CHROMIUM_ARGS)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    Browser browser() {
        return browser;
    }

    /** A new page in {@code in} whose dialogs (dismissed), page errors and failed non-page resources go to {@code problems}. */
    static Page watched(BrowserContext in, List<String> problems) {
        Page page = in.newPage();
        page.onDialog(d -> {
            problems.add("dialog: " + d.message());
            d.dismiss();
        });
        page.onResponse(r -> {
            if (!r.request().resourceType().equals("document") && r.status() >= 400) {
                problems.add(r.status() + " for " + r.url());
            }
        });
        page.onPageError(e -> problems.add("page error: " + e));
        return page;
    }

    /**
     * A {@link #watched} page whose console errors and warnings also go to {@code problems}, except Chromium's line for
     * a page's own 4xx status (a refused sign-in, a 403 page): those are the answers the console tests ask for.
     */
    static Page consolePage(BrowserContext in, List<String> problems) {
        Page page = watched(in, problems);
        page.onConsoleMessage(m -> {
            boolean pageStatus = m.text().startsWith("Failed to load resource: the server responded with a status of 4");
            if ((m.type().equals("error") || m.type().equals("warning")) && !pageStatus) {
                problems.add("console " + m.type() + ": " + m.text());
            }
        });
        return page;
    }

    /** A full-page screenshot, {@code target/console-screenshots/NAME.png}. */
    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        try (Playwright p = playwright) {
            browser.close();
        }
    }
}
