package dev.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VEX desk and the policy pages in Debian's Chromium through Playwright, against a real server on a real SQLite
 * database: a developer proposes from a finding on the image page, the security role approves and the finding is
 * suppressed on the image page, in the API and in the export laptops judge with; a rejection; a developer is not
 * offered the decision and cannot force it; a policy edited, previewed, published (grades change), diffed and rolled
 * back; the propose-and-approve flow again by keyboard only (issue 13). Screenshots go to
 * {@code target/console-screenshots/} beside the console's own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("live") // Chromium through Playwright
class DeskBrowserTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    /**
     * Decided on by keyboard only, so that no other test's image changes with it (not {@code c…}: that is every test
     * image's config digest, which a statement may name too).
     */
    static final String D = "d".repeat(64);

    @TempDir
    static Path home;
    static ServerFixture f;
    static ConsoleBrowser chromium;
    static Browser browser;
    static String developer;
    static String security;

    BrowserContext context;
    final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launch() throws Exception {
        chromium = ConsoleBrowser.launch();
        browser = chromium.browser();
        f = new ServerFixture(home, null);
        developer = f.token(Role.DEVELOPER);
        security = f.token(Role.SECURITY);
        f.pushDebian(developer, A, "shop/app");
        f.pushDebian(developer, B, "shop/other");
        f.pushDebian(developer, D, "shop/keys");
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
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
    }

    @AfterEach
    void closeContext() {
        context.close();
        assertThat(problems).as("console errors, page errors or dialogs").isEmpty();
    }

    /** A page in the test's context, signed in with {@code token}; problems (dialogs, errors) recorded. */
    Page signIn(BrowserContext in, String token) {
        Page page = watched(in);
        page.navigate(url("/sign-in"));
        page.fill("#token", token);
        page.click("button[type=submit]");
        assertThat(page.url()).isEqualTo(url("/"));
        return page;
    }

    /** A page in the test's context, signed in with {@code token} by keyboard only; problems recorded. */
    Page signInByKeyboard(BrowserContext in, String token) {
        Page page = watched(in);
        page.navigate(url("/"));
        // the sign-in page puts the focus on the token field: type, Enter
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("token");
        page.keyboard().type(token);
        page.keyboard().press("Enter");
        page.waitForURL(url("/"));
        return page;
    }

    /** A new page in {@code in} whose problems (dialogs, errors) are recorded. */
    Page watched(BrowserContext in) {
        return ConsoleBrowser.watched(in, problems);
    }

    /**
     * Presses Tab until the focused element is the one {@code selector} finds, proving it is reachable by keyboard and
     * shows where the focus is; fails after 200 presses.
     */
    static void tabTo(Page page, String selector) {
        assertThat(page.locator(selector).count()).as("one element for " + selector).isEqualTo(1);
        for (int i = 0; i < 200; i++) {
            page.keyboard().press("Tab");
            if (Boolean.TRUE.equals(page.evaluate("s => document.activeElement === document.querySelector(s)", selector))) {
                assertThat(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")).as("focus shown on " + selector)
                        .isNotEqualTo("none");
                return;
            }
        }
        throw new AssertionError("200 presses of Tab never reached " + selector + " on " + page.url() + "; last focused: "
                + page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)"));
    }

    static String url(String path) {
        return f.uri(path).toString();
    }

    static void shot(Page page, String name) {
        ConsoleBrowser.shot(page, name);
    }

    static JsonNode finding(String digestHex, String id) throws Exception {
        return ServerApiTest.findFirst(f.json(f.get("/api/v1/images/sha256:" + digestHex + "/findings", developer)).path("items"), id);
    }

    static String onlyProposal(String vulnerability) throws Exception {
        JsonNode items = f.json(f.get("/api/v1/vex?state=proposed&limit=500", developer)).path("items");
        String found = null;
        for (JsonNode n : items) {
            if (n.path("vulnerability").asText().equals(vulnerability)) {
                assertThat(found).as("one proposal for " + vulnerability).isNull();
                found = n.path("id").asText();
            }
        }
        assertThat(found).as("a proposal for " + vulnerability).isNotNull();
        return found;
    }

    @Test
    void proposeFromAFindingApproveAndTheFindingIsSuppressedEverywhere() throws Exception {
        Page dev = signIn(context, developer);
        dev.navigate(url("/images/sha256:" + A));
        dev.click("a[aria-label='Propose VEX for CVE-2022-0456 in chromium']");
        assertThat(dev.url()).startsWith(url("/vex?"));
        // the form comes filled in from the finding
        assertThat(dev.inputValue("#p-vuln")).isEqualTo("CVE-2022-0456");
        assertThat(dev.inputValue("#p-product")).isEqualTo("sha256:" + A);
        assertThat(dev.inputValue("#p-sub")).startsWith("pkg:deb/debian/chromium@97.0.4692.99-1");
        dev.selectOption("#p-just", "vulnerable_code_not_in_execute_path");
        dev.fill("#p-impact", "chromium only renders our own reports, headless");
        shot(dev, "vex-propose");
        dev.click("#propose button[type=submit]");
        assertThat(dev.textContent("#vex-notice")).contains("Proposed");
        String id = onlyProposal("CVE-2022-0456");
        assertThat(dev.isVisible("#statement-" + id)).isTrue();
        // a developer is not offered the decision, and forcing it with the session's own CSRF token is refused
        assertThat(dev.locator("#statement-" + id + " form").count()).isZero();
        String csrf = dev.getAttribute("#propose input[name=csrf]", "value");
        var forced = context.request().post(url("/vex/" + id + "/approve"), RequestOptions.create().setForm(FormData.create().set("csrf", csrf)));
        assertThat(forced.status()).isEqualTo(403);
        assertThat(finding(A, "CVE-2022-0456").path("suppressed").asBoolean()).isFalse();
        String exportBefore = f.get("/api/v1/vex/openvex", developer).body();
        assertThat(exportBefore).doesNotContain("CVE-2022-0456");

        try (BrowserContext other = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page sec = signIn(other, security);
            sec.navigate(url("/vex"));
            shot(sec, "vex-desk");
            sec.fill("#comment-a-" + id, "agreed: no untrusted page reaches this chromium");
            sec.click("#statement-" + id + " button[aria-label='Approve CVE-2022-0456']");
            assertThat(sec.textContent("#vex-notice")).contains("Approved", "1 stored image(s) re-judged");
            assertThat(sec.textContent("#statement-" + id)).contains("approved by", "agreed: no untrusted page");
            shot(sec, "vex-approved");
        }

        // suppressed on the image page, in the API, and in the export that warden scan --server applies
        dev.navigate(url("/images/sha256:" + A));
        // the page lists open findings that count; a suppressed one moves to "VEX applied"
        assertThat(dev.textContent("#findings")).doesNotContain("CVE-2022-0456").contains("CVE-2025-53603");
        assertThat(dev.locator("a[aria-label='Propose VEX for CVE-2022-0456 in chromium']").count()).isZero();
        assertThat(dev.textContent("#vex")).contains("CVE-2022-0456", "vulnerable_code_not_in_execute_path");
        shot(dev, "image-after-vex");
        assertThat(finding(A, "CVE-2022-0456").path("suppressed").asBoolean()).isTrue();
        assertThat(finding(B, "CVE-2022-0456").path("suppressed").asBoolean()).as("the statement names image A only").isFalse();
        JsonNode export = f.json(f.get("/api/v1/vex/openvex", developer));
        assertThat(export.path("statements")).extracting(s -> s.path("vulnerability").path("name").asText()).contains("CVE-2022-0456");
    }

    /** Last: the other tests check the export holds no statement for their CVEs before they approve one. */
    @Test
    @Order(Integer.MAX_VALUE)
    void proposeAndApproveByKeyboardOnly() throws Exception {
        // developer: sign in, Images, the image, a finding's "propose VEX", the form, Propose: Tab, typing, Enter, Space
        Page dev = signInByKeyboard(context, developer);
        tabTo(dev, "nav a[href='/images']");
        dev.keyboard().press("Enter");
        dev.waitForURL(url("/images"));
        tabTo(dev, "#main a[href='/images/sha256:" + D + "']");
        dev.keyboard().press("Enter");
        dev.waitForURL(url("/images/sha256:" + D));
        String vulnerability = "CVE-2022-0456";
        String link = "a[aria-label^='Propose VEX for " + vulnerability + " in ']";
        tabTo(dev, link);
        dev.keyboard().press("Enter");
        dev.waitForURL(u -> u.startsWith(url("/vex?")));
        assertThat(dev.inputValue("#p-vuln")).isEqualTo(vulnerability);
        assertThat(dev.inputValue("#p-product")).isEqualTo("sha256:" + D);
        assertThat(dev.inputValue("#p-status")).isEqualTo("not_affected");
        tabTo(dev, "#p-just");
        for (int i = 0; i < 10 && !dev.inputValue("#p-just").equals("vulnerable_code_not_in_execute_path"); i++) {
            dev.keyboard().press("ArrowDown");
        }
        assertThat(dev.inputValue("#p-just")).isEqualTo("vulnerable_code_not_in_execute_path");
        tabTo(dev, "#p-impact");
        dev.keyboard().type("only reached from our own build tooling, by keyboard");
        tabTo(dev, "#propose button[type=submit]");
        dev.keyboard().press("Enter");
        assertThat(dev.textContent("#vex-notice")).contains("Proposed");
        String id = onlyProposal(vulnerability);
        assertThat(f.json(f.get("/api/v1/vex?state=proposed&limit=500", developer)).toString()).contains("by keyboard");
        assertThat(finding(D, vulnerability).path("suppressed").asBoolean()).isFalse();

        // security: sign in, VEX desk, the proposal's approval comment, Approve with Space
        try (BrowserContext other = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900))) {
            Page sec = signInByKeyboard(other, security);
            tabTo(sec, "nav a[href='/vex']");
            sec.keyboard().press("Enter");
            sec.waitForURL(url("/vex"));
            tabTo(sec, "#comment-a-" + id);
            sec.keyboard().type("agreed, decided without a mouse");
            tabTo(sec, "#statement-" + id + " button[aria-label='Approve " + vulnerability + "']");
            sec.keyboard().press("Space");
            assertThat(sec.textContent("#vex-notice")).contains("Approved", "1 stored image(s) re-judged");
            assertThat(sec.textContent("#statement-" + id)).contains("approved by", "agreed, decided without a mouse");
            shot(sec, "vex-approved-keyboard");
        }

        dev.navigate(url("/images/sha256:" + D));
        assertThat(dev.textContent("#findings")).doesNotContain(vulnerability);
        assertThat(dev.locator(link).count()).isZero();
        assertThat(dev.textContent("#vex")).contains(vulnerability, "vulnerable_code_not_in_execute_path");
        assertThat(finding(D, vulnerability).path("suppressed").asBoolean()).isTrue();
        assertThat(finding(B, vulnerability).path("suppressed").asBoolean()).as("the statement names image D only").isFalse();
        JsonNode export = f.json(f.get("/api/v1/vex/openvex", developer));
        assertThat(export.path("statements")).extracting(s -> s.path("vulnerability").path("name").asText()).contains(vulnerability);
    }

    @Test
    void theSecurityRoleRejectsWithAComment() throws Exception {
        var proposed = f.send("POST", "/api/v1/vex/proposals", developer, f.json.writeValueAsBytes(Map.of("vulnerability", "CVE-2025-53603",
                "products", List.of("pkg:deb/debian/sope"), "status", "fixed", "image", "sha256:" + B)), "application/json");
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
        String id = f.json(proposed).path("id").asText();
        Page sec = signIn(context, security);
        sec.navigate(url("/vex?state=proposed"));
        // a rejection without a comment is not sent by the browser (required), and refused by the server if forced
        String csrf = sec.getAttribute("#statement-" + id + " form input[name=csrf]", "value");
        var forced = context.request().post(url("/vex/" + id + "/reject"), RequestOptions.create().setForm(FormData.create().set("csrf", csrf)));
        assertThat(forced.status()).isEqualTo(400);
        sec.fill("#comment-r-" + id, "5.8.0-1 is the vulnerable version: upgrade to 5.8.0-1+deb12u1");
        sec.click("#statement-" + id + " button[aria-label='Reject CVE-2025-53603']");
        assertThat(sec.textContent("#vex-notice")).contains("Rejected");
        assertThat(sec.textContent("#statement-" + id)).contains("rejected by", "upgrade to 5.8.0-1+deb12u1");
        shot(sec, "vex-rejected");
        assertThat(finding(B, "CVE-2025-53603").path("suppressed").asBoolean()).isFalse();
        assertThat(f.get("/api/v1/vex/openvex", developer).body()).doesNotContain("CVE-2025-53603");
    }

    @Test
    void editPreviewPublishAndGradesChangeThenRollBack() throws Exception {
        String gradeBefore = f.json(f.get("/api/v1/images/sha256:" + A, developer)).path("grade").asText();
        Page sec = signIn(context, security);
        sec.click("nav >> text=Policy");
        // an invalid file: the validator's line beside the editor, nothing published
        sec.fill("#yaml", "version: 1\npolicies: []\n");
        sec.click("button:has-text('Preview')");
        assertThat(sec.textContent("#yaml-problem")).contains("at least one policy");
        assertThat(sec.getAttribute("#yaml", "aria-invalid")).isEqualTo("true");
        shot(sec, "policy-invalid");

        sec.fill("#yaml", PolicyLifecycleTest.LENIENT);
        sec.click("button:has-text('Preview')");
        assertThat(sec.textContent("#preview-summary")).contains("3 of 3 stored image(s) would change");
        assertThat(sec.textContent("#preview-table")).contains("shop/app", "shop/other", "compliant");
        shot(sec, "policy-preview");
        assertThat(f.json(f.get("/api/v1/policy/versions", developer)).path("items")).as("a preview stores nothing").isEmpty();

        sec.fill("#comment", "licences only");
        sec.click("button:has-text('Publish')");
        assertThat(sec.textContent("#policy-notice")).contains("Published as version 1", "3 stored image(s) re-judged");
        JsonNode image = f.json(f.get("/api/v1/images/sha256:" + A, developer));
        assertThat(image.path("verdict").asText()).isEqualTo("compliant");
        assertThat(image.path("grade").asText()).isNotEqualTo(gradeBefore);
        sec.navigate(url("/images/sha256:" + A));
        assertThat(sec.textContent("#grade")).isEqualTo(image.path("grade").asText());

        sec.navigate(url("/policy"));
        sec.fill("#yaml", PolicyLifecycleTest.STRICT);
        sec.click("button:has-text('Publish')");
        assertThat(sec.textContent("#policy-notice")).contains("version 2");
        assertThat(f.json(f.get("/api/v1/images/sha256:" + A, developer)).path("verdict").asText()).isEqualTo("violated");
        sec.click("#versions >> text=version 2");
        assertThat(sec.textContent("#diff")).contains("--- policy@v1", "+++ policy@v2", "+  - id: non-root");
        shot(sec, "policy-version");
        sec.navigate(url("/policy/versions/1"));
        sec.click("text=Roll back to version 1");
        assertThat(sec.textContent("#policy-notice")).contains("Published as version 3");
        assertThat(f.get("/api/v1/policy", developer).body()).isEqualTo(PolicyLifecycleTest.LENIENT);
        assertThat(f.json(f.get("/api/v1/images/sha256:" + A, developer)).path("verdict").asText()).isEqualTo("compliant");
        shot(sec, "policy");

        // a developer reads the policy but is offered no editor and cannot force a publish
        try (BrowserContext other = browser.newContext()) {
            Page dev = signIn(other, developer);
            dev.navigate(url("/policy"));
            assertThat(dev.locator("#yaml").count()).isZero();
            assertThat(dev.textContent("#yaml-readonly")).contains("type: licenses");
            String csrf = dev.getAttribute("form.who input[name=csrf]", "value");
            var forced = other.request().post(url("/policy/publish"), RequestOptions.create().setForm(FormData.create().set("csrf", csrf)
                    .set("yaml", new String("version: 1\npolicies:\n  - id: x\n    type: non_root\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))));
            assertThat(forced.status()).isEqualTo(403);
        }
        assertThat(f.json(f.get("/api/v1/policy/versions", developer)).path("items")).hasSize(3);
    }
}
