package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's first list, through the command line on a home holding only the shipped snapshot: every report format says
 * the data is a sample, a gate on it exits 2 unless allowed, an import of a file with no record and an update with no
 * network change nothing and say why, a source with no image config gives "no data" for the non-root policy, and a
 * secrets-only scan prints no vulnerability summary.
 */
class HonestResultsCommandTest {

    @TempDir
    static Path shared;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path home;
    /** An SBOM with one PyPI package the (complete) PyPA part of the snapshot has advisories for, and none on the OS side. */
    private static String sbom;

    @BeforeAll
    static void sampleHome() throws IOException {
        home = shared.resolve("home");
        Path file = shared.resolve("app.cdx.json");
        Files.writeString(file, """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                 "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
                 "components": [{"type": "library", "bom-ref": "django", "name": "django", "version": "1.11.0",
                                 "purl": "pkg:pypi/django@1.11.0"}]}""");
        sbom = "sbom://" + file;
    }

    private static Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    @Test
    void everyFormatSaysTheDataIsTheShippedSample() throws IOException {
        Run table = warden("scan", sbom, "--offline");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("django").containsPattern("(?m)^WARNING: SAMPLE DATA: .*advisories dated 2024-10-10");

        JsonNode json = JSON.readTree(warden("scan", sbom, "--offline", "--quiet", "--format", "json").out());
        JsonNode db = json.path("database");
        assertThat(db.path("sample").asBoolean()).isTrue();
        assertThat(db.path("dataDate").asText()).isEqualTo("2024-10-10T00:00:00Z");
        assertThat(db.path("age").asText()).matches("P\\d+D");
        assertThat(db.path("warning").asText()).startsWith("SAMPLE DATA");

        JsonNode sarif = JSON.readTree(warden("scan", sbom, "--offline", "--quiet", "--format", "sarif").out());
        JsonNode props = sarif.path("runs").path(0).path("properties");
        assertThat(props.path("advisoryDataSample").asBoolean()).isTrue();
        assertThat(props.path("advisoryDataDate").asText()).isEqualTo("2024-10-10");
        assertThat(props.path("advisoryDataWarning").asText()).startsWith("SAMPLE DATA");

        assertThat(warden("scan", sbom, "--offline", "--quiet", "--format", "markdown").out())
                .contains("advisories of 2024-10-10").contains("> [!WARNING]\n> SAMPLE DATA");
        assertThat(warden("scan", sbom, "--offline", "--quiet", "--format", "html").out())
                .contains("id=\"data-warning\"").contains("advisories of <span id=\"data-date\">2024-10-10</span>");

        JsonNode vdr = JSON.readTree(warden("scan", sbom, "--offline", "--quiet", "--format", "cyclonedx-json").out());
        List<String> metadata = new ArrayList<>();
        vdr.path("metadata").path("properties").forEach(p -> metadata.add(p.path("name").asText() + "=" + p.path("value").asText()));
        assertThat(metadata).contains("warden:database:sample=true", "warden:database:dataDate=2024-10-10")
                .anyMatch(p -> p.startsWith("warden:database:warning=SAMPLE DATA"));
    }

    @Test
    void aGateOnSampleDataExitsTwoUnlessAllowed() {
        Run gate = warden("scan", sbom, "--offline", "--quiet", "--exit-code");
        assertThat(gate.exit()).isEqualTo(2);
        assertThat(gate.err().lines().filter(l -> l.contains("--allow-sample-db"))).singleElement().asString()
                .contains("sample shipped with Warden");
        Run allowed = warden("scan", sbom, "--offline", "--quiet", "--exit-code", "--allow-sample-db");
        assertThat(allowed.exit()).as(allowed.err()).isEqualTo(1); // django 1.11.0 has advisories in the whole PyPA database
        Run policy = warden("policy", sbom, "--offline", "--quiet", "--exit-code");
        assertThat(policy.exit()).isEqualTo(2);
        assertThat(policy.err()).contains("--allow-sample-db");
    }

    @Test
    void failOnGatesBySeverityWithoutFilteringTheReport() throws IOException {
        JsonNode summary = JSON.readTree(warden("scan", sbom, "--offline", "--quiet", "--format", "json").out()).path("summary");
        JsonNode bySeverity = summary.path("bySeverity");
        int criticalOrHigh = bySeverity.path("critical").asInt() + bySeverity.path("high").asInt();
        assertThat(summary.path("total").asInt()).as("django 1.11.0 has findings").isPositive();
        Run all = warden("scan", sbom, "--offline", "--quiet");
        Run high = warden("scan", sbom, "--offline", "--quiet", "--fail-on", "HIGH", "--allow-sample-db");
        assertThat(high.exit()).as(high.err()).isEqualTo(criticalOrHigh > 0 ? 1 : 0);
        assertThat(warden("scan", sbom, "--offline", "--quiet", "--fail-on", "unknown", "--allow-sample-db").exit()).isEqualTo(1);
        // the table is the same table: --fail-on decides the exit code only
        assertThat(high.out()).isEqualTo(all.out());
        Run two = warden("scan", sbom, "--offline", "--quiet", "--fail-on", "high,critical");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("--fail-on takes one severity");
        // a gate on the sample data without the flag
        assertThat(warden("scan", sbom, "--offline", "--quiet", "--fail-on", "high").exit()).isEqualTo(2);
    }

    @Test
    void anSbomHasNoImageUserSoNonRootIsNoData() throws IOException {
        Run policy = warden("policy", sbom, "--offline", "--quiet", "--format", "json");
        assertThat(policy.exit()).as(policy.err()).isZero();
        JsonNode nonRoot = null;
        for (JsonNode r : JSON.readTree(policy.out()).path("results")) {
            if (r.path("type").asText().equals("non-root")) {
                nonRoot = r;
            }
        }
        assertThat(nonRoot).isNotNull();
        assertThat(nonRoot.path("status").asText()).isEqualTo("NO_DATA");
        // the table: points earned of points possible, why no data costs them, and the data's standing
        Run table = warden("policy", sbom, "--offline", "--quiet");
        assertThat(table.out()).containsPattern("no_data +Default non-root user +0/5 +pts")
                .contains("no data earns no points").containsPattern("(?m)^WARNING: SAMPLE DATA");
        assertThat(warden("quickview", sbom, "--offline", "--quiet").out()).containsPattern("(?m)^data +SAMPLE DATA");
    }

    @Test
    void anImportOfAFileWithNoRecordExitsTwoAndChangesNothing() throws IOException {
        String before = warden("db", "status").out();
        Path html = Files.writeString(shared.resolve("scan-report.html"), "<!doctype html><html><body>report</body></html>");
        Path json = Files.writeString(shared.resolve("random.json"), "{\"name\": \"not advisories\", \"items\": [1, 2, 3]}");
        for (Path file : List.of(html, json)) {
            Run imported = warden("db", "import", file.toString(), "--offline");
            assertThat(imported.exit()).as(imported.err()).isEqualTo(2);
            assertThat(imported.err().strip().lines()).singleElement().asString().contains(file.getFileName().toString());
        }
        // the same feeds, records and dates (the AGE column moves with the clock: compare without it)
        assertThat(warden("db", "status").out().replaceAll("\\d+[dhm] ", "")).isEqualTo(before.replaceAll("\\d+[dhm] ", ""));
    }

    @Test
    void anOwnPypiFeedEndsTheSampleForPypiOnlyAndReportsAndGatesSayWhichEcosystemsAreStillTheSample() throws IOException {
        Path ownHome = shared.resolve("own-pypi-home");
        InProcessWarden warden = new InProcessWarden(shared.resolve("cache"));
        Path osv = Files.writeString(shared.resolve("my-pypi-osv.json"), """
                {"id": "MY-PYSEC-1", "modified": "2026-12-05T00:00:00Z", "published": "2026-12-05T00:00:00Z", "aliases": ["CVE-2099-7001"],
                 "affected": [{"package": {"ecosystem": "PyPI", "name": "django"}, "ranges": [{"type": "ECOSYSTEM",
                   "events": [{"introduced": "0"}, {"fixed": "9.0"}]}]}]}""");
        Run imported = warden.run("--home", ownHome.toString(), "db", "import", osv.toString(), "--offline");
        assertThat(imported.exit()).as(imported.err()).isZero();

        // before, any feed of one's own ended the sample for every ecosystem: Debian's and Alpine's excerpts were "the data"
        JsonNode db = JSON.readTree(warden.run("--home", ownHome.toString(), "scan", sbom, "--offline", "--quiet", "--format", "json").out())
                .path("database");
        assertThat(db.path("sample").asBoolean()).isTrue();
        List<String> still = new ArrayList<>();
        db.path("sampleEcosystems").forEach(e -> still.add(e.asText()));
        assertThat(still).contains("Debian", "Alpine", "Maven", "npm").doesNotContain("PyPI", "Go");
        assertThat(db.path("warning").asText()).startsWith("SAMPLE DATA: the advisories for " + String.join(", ", still)
                + " are only the sample shipped with Warden");
        Run table = warden.run("--home", ownHome.toString(), "scan", sbom, "--offline");
        assertThat(table.out()).containsPattern("(?m)^WARNING: SAMPLE DATA: the advisories for .*Debian");
        // the gate refuses sample data where it concerns the image: this SBOM's packages are PyPI's alone, judged on the
        // site's own PyPI feed, so the Debian sample (still named in the report above) does not stop it
        Run gate = warden.run("--home", ownHome.toString(), "scan", sbom, "--offline", "--exit-code");
        assertThat(gate.exit()).as(gate.err()).isNotEqualTo(2);
        assertThat(gate.err()).doesNotContain("--allow-sample-db");
        // the status table says what each feed covers
        assertThat(warden.run("--home", ownHome.toString(), "db", "status").out()).containsPattern("(?m)^local-osv .* PyPI\\s*$");
    }

    @Test
    void anUpdateWithoutNetworkSaysWhichFeedsFailedAndTheWayOut() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path updHome = shared.resolve("update-home");
        Files.createDirectories(updHome.resolve("db"));
        Files.writeString(updHome.resolve("db/feeds.json"), "{\"feeds\": ["
                + "{\"name\": \"kev\", \"url\": \"http://127.0.0.1:" + closed + "/kev.json\"},"
                + "{\"name\": \"epss\", \"url\": \"http://127.0.0.1:" + closed + "/epss.csv.gz\"}]}");
        Run update = new InProcessWarden(shared.resolve("cache")).run("--home", updHome.toString(), "db", "update", "kev", "epss");
        assertThat(update.exit()).isEqualTo(2);
        assertThat(update.err()).doesNotContain("null").doesNotContain("warning: SAMPLE DATA");
        assertThat(update.err().lines().filter(l -> l.startsWith("warden: kev: cannot reach 127.0.0.1"))).hasSize(1);
        assertThat(update.err().lines().filter(l -> l.startsWith("warden: epss: cannot reach 127.0.0.1"))).hasSize(1);
        assertThat(update.err()).contains("2 of 2 feed(s) could not be updated", "warden db import BUNDLE", "feeds.json");
        assertThat(update.out()).containsPattern("kev +FAILED \\(unchanged\\)").containsPattern("epss +FAILED \\(unchanged\\)");
    }

    @Test
    void mistakesInFlagsFailBeforeTheAnalysis() {
        Run output = warden("scan", sbom, "--offline", "-o", shared.resolve("no/such/dir/report.json").toString());
        assertThat(output.exit()).isEqualTo(2);
        assertThat(output.err()).contains("no such directory").doesNotContain("scanning");
        Run vex = warden("scan", sbom, "--offline", "--vex", shared.resolve("missing.vex.json").toString());
        assertThat(vex.exit()).isEqualTo(2);
        assertThat(vex.err()).contains("missing.vex.json: no such file").doesNotContain("scanning");
        Run policyVex = warden("policy", sbom, "--offline", "--vex", "missing.vex.json");
        assertThat(policyVex.exit()).isEqualTo(2);
        assertThat(policyVex.err()).contains("relative to").doesNotContain("scanning");
        Run sbomOut = warden("sbom", sbom, "-o", shared.toString());
        assertThat(sbomOut.exit()).isEqualTo(2);
        assertThat(sbomOut.err()).contains("is a directory");
    }

    /**
     * Syft and cyclonedx-gomod name a Go module by its whole path; read as namespace plus that path, the module was
     * golang.org/x/golang.org/x/net in the table and the whole Go database found nothing for it: a clean result.
     */
    @Test
    void aGoModuleNamedByItsPathIsShownOnceAndMatched() throws IOException {
        Path file = Files.writeString(shared.resolve("syft-go.cdx.json"), """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                 "components": [{"type": "library", "name": "golang.org/x/net", "version": "v0.6.0",
                                 "purl": "pkg:golang/golang.org/x/net@v0.6.0"}]}""");
        Run table = warden("scan", "sbom://" + file, "--offline", "--quiet");
        assertThat(table.exit()).as(table.err()).isZero();
        // GO-2023-1571 (CVE-2022-41723): golang.org/x/net before 0.7.0
        assertThat(table.out()).containsPattern("(?m)^golang\\.org/x/net +golang +v0\\.6\\.0 +CVE-2022-41723 ")
                .doesNotContain("golang.org/x/golang.org");
    }

    @Test
    void secretsAloneDoNotPrintAVulnerabilitySummary() {
        Run run = warden("scan", sbom, "--offline", "--scanners", "secret");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Vulnerabilities not scanned").doesNotContain("Total:").doesNotContain("No vulnerabilities found");
        assertThat(run.err()).doesNotContain("vulnerabilities (");
    }
}
