package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened in Debian's headless Chromium through Playwright: what a person sees (counts, filters),
 * that data written by an attacker stays text, and that the page loads nothing from anywhere. Screenshots go to
 * {@code target/screenshots/} as build artifacts.
 */
@Tag("live") // Chromium through Playwright; axe-core from registry.npmjs.org
class HtmlFormatBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static final String EVIL_NAME = "<script>window.__pwned='name'</script>";
    static final String EVIL_VERSION = "\"><img src=x onerror=\"window.__pwned='version'\">";
    static final String EVIL_TITLE = "<img src=x onerror=\"window.__pwned='title'\"> & <b>bold</b>";
    static final String EVIL_ID = "WARDEN-'\"><svg onload=window.__pwned='id'>";
    static final String EVIL_REFERENCE = "javascript:window.__pwned='href'";
    static final String EVIL_IMAGE = "</title><script>window.__pwned='image'</script>";

    @TempDir
    static Path dir;
    private static Playwright playwright;
    private static BrowserContext browser;

    @BeforeAll
    static void launch() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium is needed: apt-get install -y chromium (listed in .ci/packages)").isExecutable();
        // the bundled driver (with its own node) is unpacked by Playwright; no browser is downloaded
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Path profile = Files.createDirectories(dir.resolve("profile"));
        browser = playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setViewportSize(1400, 900)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
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
    }

    /** The sample scan plus one finding whose every field is hostile, in a package whose name is a script tag. */
    static ScanResult hostileScan() {
        ScanResult mixed = SampleScans.mixed();
        Package evil = new Package("pkg-evil", "npm", null, EVIL_NAME, EVIL_VERSION, "pkg:npm/" + EVIL_NAME + "@1",
                List.of(), List.of(), null, "npm", null, Map.of());
        Finding hostile = new Finding(EVIL_ID, List.of("<i>alias</i>"), evil, EVIL_NAME, EVIL_VERSION, "npm", AffectedStatus.FIXED,
                List.of("<u>2.0</u>"), SampleScans.mixed().findings().get(0).severity(), List.of(), null, null, EVIL_TITLE,
                EVIL_TITLE, List.of(EVIL_REFERENCE), List.of(EVIL_ID), null, null);
        List<Finding> findings = new ArrayList<>(mixed.findings());
        findings.add(hostile);
        findings.sort(Comparator.comparing(Severities::level));
        List<Package> packages = new ArrayList<>(mixed.sbom().packages());
        packages.add(evil);
        ImageInfo image = mixed.sbom().image();
        Sbom sbom = new Sbom(new ImageInfo(EVIL_IMAGE, image.manifestDigest(), image.configDigest(), image.platform(), image.config(),
                image.layers(), image.annotations()), mixed.sbom().distro(), packages, mixed.sbom().warnings());
        return new ScanResult(sbom, findings, mixed.database(), mixed.scannedAt(), List.of("<script>window.__pwned='warning'</script>"));
    }

    static List<PolicyResult> policies() {
        return List.of(
                new PolicyResult("no-fixable-critical-high", "No fixable critical or high vulnerabilities", "vulnerabilities",
                        PolicyStatus.VIOLATED, List.of(new PolicyResult.Violation("CVE-2024-2961 in libc6", "high, fixed in 2.36-9+deb12u6"),
                        new PolicyResult.Violation(EVIL_NAME, EVIL_TITLE)), null, 20),
                new PolicyResult("non-root", "Default non-root user", "non-root-user", PolicyStatus.COMPLIANT, List.of(), null, 5),
                new PolicyResult("attestations", "Supply chain attestations", "attestations", PolicyStatus.NO_DATA, List.of(),
                        "the image has no SBOM or provenance attestation", 15));
    }

    private Page open(Report report, String name, List<String> requests, List<String> problems) throws Exception {
        Path file = dir.resolve(name + ".html");
        try (OutputStream out = Files.newOutputStream(file)) {
            new HtmlFormat().write(report, out);
        }
        Page page = browser.newPage();
        page.onRequest(r -> requests.add(r.url()));
        page.onDialog(d -> {
            problems.add("dialog: " + d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") || m.type().equals("warning")) {
                problems.add("console " + m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> problems.add("page error: " + e));
        page.navigate(file.toUri().toString());
        return page;
    }

    private static int visibleRows(Page page) {
        return ((Number) page.evaluate("() => Array.from(document.querySelectorAll('#findings tbody tr')).filter(r => !r.hidden"
                + " && r.offsetParent !== null).length")).intValue();
    }

    private static int shownCount(Page page) {
        return Integer.parseInt(page.textContent("#shown-count"));
    }

    @Test
    void countsFiltersAndHostileDataInChromium() throws Exception {
        ScanResult scan = hostileScan();
        Report report = new Report(scan, policies(), new Score(5, 40, 12, 'E'), ReportOptions.DEFAULT);
        Summary summary = report.summary();
        List<String> requests = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        Page page = open(report, "hostile", requests, problems);

        // nothing the data carried ran, no error at all (CSP hashes of our own script and style are right), nothing fetched
        assertThat(page.evaluate("() => window.__pwned")).isNull();
        assertThat(problems).isEmpty();
        assertThat(requests).allSatisfy(url -> assertThat(url).startsWith("file://"));
        assertThat(page.evaluate("() => document.scripts.length")).isEqualTo(1);
        assertThat(page.evaluate("() => document.querySelectorAll('img, [onload], [onerror]').length")).isEqualTo(0);
        // ... and it is shown as the text it is
        assertThat(page.title()).isEqualTo("Warden report: " + EVIL_IMAGE);
        assertThat(page.textContent("#target")).isEqualTo(EVIL_IMAGE);
        List<String> cells = page.locator("#findings tbody tr[data-package=\"" + EVIL_NAME.replace("\"", "\\\"") + "\"] td").allTextContents();
        assertThat(cells).contains(EVIL_NAME, EVIL_VERSION, EVIL_TITLE, "<u>2.0</u>");
        assertThat(page.locator("#findings a").evaluateAll("as => as.map(a => a.getAttribute('href'))").toString())
                .doesNotContain("javascript:");

        // counts shown are the model's
        assertThat(Integer.parseInt(page.textContent("#count-total"))).isEqualTo(summary.total());
        assertThat(Integer.parseInt(page.textContent("#count-fixable"))).isEqualTo(summary.fixable());
        assertThat(Integer.parseInt(page.textContent("#count-suppressed"))).isEqualTo(summary.suppressed()).isEqualTo(1);
        for (SeverityLevel level : SeverityLevel.values()) {
            assertThat(Integer.parseInt(page.textContent("#count-" + level.id()))).as(level.id()).isEqualTo(summary.count(level));
            assertThat(page.getAttribute("#severity-chart rect[data-severity=" + level.id() + "]", "data-count"))
                    .isEqualTo(String.valueOf(summary.count(level)));
        }
        assertThat(page.textContent("#grade")).isEqualTo("E");
        assertThat(page.locator("#policy-table tbody tr").count()).isEqualTo(3);
        assertThat(page.textContent("#policy-table")).contains(EVIL_NAME, "missing: the image has no SBOM");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("html-report.png")).setFullPage(true));

        // rows: unsuppressed by default
        assertThat(visibleRows(page)).isEqualTo(report.listedFindings().size()).isEqualTo(summary.total()).isEqualTo(shownCount(page));

        page.check("#filter-suppressed");
        assertThat(visibleRows(page)).isEqualTo(scan.findings().size()).isEqualTo(shownCount(page));
        page.uncheck("#filter-suppressed");

        // one severity at a time
        for (SeverityLevel only : SeverityLevel.values()) {
            for (SeverityLevel level : SeverityLevel.values()) {
                page.setChecked("#filter-severity-" + level.id(), level == only);
            }
            assertThat(visibleRows(page)).as(only.id()).isEqualTo(summary.count(only)).isEqualTo(shownCount(page));
        }
        for (SeverityLevel level : SeverityLevel.values()) {
            page.check("#filter-severity-" + level.id());
        }

        page.selectOption("#filter-fix", "fixable");
        assertThat(visibleRows(page)).isEqualTo(summary.fixable());
        page.selectOption("#filter-fix", "unfixable");
        assertThat(visibleRows(page)).isEqualTo(summary.total() - summary.fixable());
        page.selectOption("#filter-fix", "any");

        page.selectOption("#filter-package", "libc6");
        assertThat(visibleRows(page)).isEqualTo((int) scan.findings().stream()
                .filter(f -> !f.suppressed() && f.pkg().name().equals("libc6")).count()).isEqualTo(2);
        page.selectOption("#filter-package", EVIL_NAME);
        assertThat(visibleRows(page)).isEqualTo(1);
        page.selectOption("#filter-package", "");

        page.fill("#filter-text", "ICONV");
        assertThat(visibleRows(page)).isEqualTo(1);
        assertThat(page.locator("#findings tbody tr:visible td >> nth=1").textContent()).contains("CVE-2024-2961");
        page.fill("#filter-text", "cve-2023-4911");
        assertThat(visibleRows(page)).isZero();
        assertThat(page.isVisible("#no-rows")).isTrue();
        page.check("#filter-suppressed");
        assertThat(visibleRows(page)).isEqualTo(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("html-report-filtered.png")).setFullPage(true));

        assertThat(page.evaluate("() => window.__pwned")).isNull();
        assertThat(problems).isEmpty();
        page.close();
    }

    @Test
    void showSuppressedOptionAndNoPolicies() throws Exception {
        ScanResult scan = SampleScans.mixed();
        List<String> requests = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        Page page = open(new Report(scan, List.of(), null, new ReportOptions(true, false)), "suppressed", requests, problems);
        assertThat(page.isChecked("#filter-suppressed")).isTrue();
        assertThat(visibleRows(page)).isEqualTo(scan.findings().size());
        assertThat(page.locator("#policies").count()).isZero();
        assertThat(page.locator("#findings tbody tr.suppressed td.vex").textContent())
                .contains("not_affected: vulnerable_code_not_in_execute_path", "vex/demo.openvex.json");
        assertThat(problems).isEmpty();
        page.close();
    }

    @Test
    void emptyScanSaysSo() throws Exception {
        ScanResult scan = SampleScans.many(0);
        List<String> problems = new CopyOnWriteArrayList<>();
        Page page = open(Report.of(scan, ReportOptions.DEFAULT), "empty", new CopyOnWriteArrayList<>(), problems);
        assertThat(page.isVisible("#no-rows")).isTrue();
        assertThat(page.textContent("#count-total")).isEqualTo("0");
        assertThat(problems).isEmpty();
        page.close();
    }
    /** 5,000 findings: the page stays one file of a few MB and a filter answers within a second or so. */
    @Test
    void fiveThousandFindings() throws Exception {
        ScanResult scan = SampleScans.many(5000);
        List<String> problems = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        Page page = open(Report.of(scan, ReportOptions.DEFAULT), "many", new CopyOnWriteArrayList<>(), problems);
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        long bytes = Files.size(dir.resolve("many.html"));
        assertThat(visibleRows(page)).isEqualTo(5000);
        start = System.nanoTime();
        page.fill("#filter-text", "cve-2020-04999");
        assertThat(shownCount(page)).isEqualTo(1);
        long filterMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("HTML report of 5000 findings: %d bytes, written and loaded in %d ms, filtered in %d ms%n",
                bytes, loadMillis, filterMillis);
        assertThat(bytes).isLessThan(10L << 20);
        assertThat(filterMillis).as("text filter over 5000 rows").isLessThan(5000);
        assertThat(problems).isEmpty();
        page.close();
    }

    /** Headers sort their column both ways (by CVSS as a number, not as text); sample data shows its banner. */
    @Test
    void columnsSortAndSampleDataShowsItsBanner() throws Exception {
        ScanResult mixed = SampleScans.mixed();
        ScanResult.DatabaseInfo db = mixed.database();
        ScanResult sample = new ScanResult(mixed.sbom(), mixed.findings(), new ScanResult.DatabaseInfo(db.location(), db.builtAt(),
                db.feeds(), java.time.Instant.parse("2024-10-10T00:00:00Z"), true, null), mixed.scannedAt(), mixed.warnings());
        Report report = Report.of(sample, new ReportOptions(true, false));
        List<String> requests = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        Page page = open(report, "sortable", requests, problems);
        assertThat(page.textContent("#data-warning")).startsWith("SAMPLE DATA").contains("advisories dated 2024-10-10");
        assertThat(page.textContent("#data-date")).isEqualTo("2024-10-10");
        int cvss = headerIndex(page, "CVSS");
        page.click("#findings thead th:nth-child(" + (cvss + 1) + ")");
        List<Double> up = cvssColumn(page, cvss);
        assertThat(up).isSorted();
        page.click("#findings thead th:nth-child(" + (cvss + 1) + ")");
        List<Double> down = cvssColumn(page, cvss);
        assertThat(down).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(down.get(0)).isEqualTo(9.8); // the critical ld.so finding (shown: --show-suppressed) leads
        assertThat(page.getAttribute("#findings thead th:nth-child(" + (cvss + 1) + ")", "aria-sort")).isEqualTo("descending");
        assertThat(problems).isEmpty();
    }

    /**
     * In a narrow window long package names and paths wrap only after a separator (/ . - : @ _), never inside a word:
     * every place where a cell's text moves to the next line follows one.
     */
    @Test
    void longNamesAndPathsWrapOnlyBetweenWords() throws Exception {
        ScanResult mixed = SampleScans.mixed();
        Package deep = new Package("deep", "maven", "com.example.enterprise.platform.integration", "messaging-transport-connectors",
                "2.9.10", "pkg:maven/com.example.enterprise.platform.integration/messaging-transport-connectors@2.9.10", List.of(),
                List.of(new dev.warden.core.Location("/opt/application/server/deployments/enterprise-integration-bundle.war!/WEB-INF/"
                        + "lib/messaging-transport-connectors-2.9.10.jar", SampleScans.LAYER)), null, "java-archive", null, Map.of());
        List<Finding> findings = new ArrayList<>(mixed.findings());
        findings.add(SampleScans.finding("CVE-2020-36518", deep, SeverityLevel.HIGH, 7.5, null, AffectedStatus.FIXED,
                List.of("2.12.6.1"), "Deeply nested json"));
        Report report = Report.of(mixed.withFindings(findings), ReportOptions.DEFAULT);
        Page page = open(report, "narrow", new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        page.setViewportSize(700, 900);
        Object breaks = page.evaluate("""
                () => {
                  const bad = [];
                  for (const td of document.querySelectorAll('#findings tbody tr:not([hidden]) td.mono')) {
                    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
                    const range = document.createRange();
                    let lines = 0, top = null, before = null, node;
                    while ((node = walker.nextNode())) {
                      for (let i = 0; i < node.data.length; i++) {
                        range.setStart(node, i); range.setEnd(node, i + 1);
                        const r = range.getClientRects()[0];
                        if (!r) continue;
                        if (top !== null && r.top > top + 2) {
                          lines++;
                          if (!'/.-:@_ ,!'.includes(before)) bad.push(td.textContent + ' at ' + before + '|' + node.data[i]);
                        }
                        top = r.top; before = node.data[i];
                      }
                    }
                    td.dataset.lines = lines;
                  }
                  const wrapped = document.querySelectorAll('#findings td.mono[data-lines]:not([data-lines="0"])').length;
                  return {bad, wrapped};
                }""");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) breaks;
        assertThat(((Number) result.get("wrapped")).intValue()).as("the narrow window wraps some cells").isPositive();
        assertThat((List<?>) result.get("bad")).isEmpty();
        page.close();
    }

    /** The scan time reads as a person writes it (UTC, to the minute); the machine-readable instant stays in the attribute. */
    @Test
    void theScanTimeIsReadable() throws Exception {
        ScanResult mixed = SampleScans.mixed();
        Page page = open(Report.of(mixed, ReportOptions.DEFAULT), "time", new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        String shown = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .format(mixed.scannedAt().atZone(java.time.ZoneOffset.UTC));
        assertThat(page.textContent("header time")).isEqualTo(shown);
        assertThat(java.time.Instant.parse(page.getAttribute("header time", "datetime"))).isEqualTo(mixed.scannedAt());
        page.close();
    }

    private static int headerIndex(Page page, String name) {
        List<String> headers = page.locator("#findings thead th").allTextContents();
        return headers.stream().map(String::strip).toList().indexOf(name);
    }

    private static List<Double> cvssColumn(Page page, int index) {
        return page.locator("#findings tbody tr td:nth-child(" + (index + 1) + ")").allTextContents().stream()
                .map(t -> t.isBlank() ? -1.0 : Double.parseDouble(t.strip())).toList();
    }
}
