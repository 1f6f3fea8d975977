package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import dev.warden.report.SchemaCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code warden scan} in-process, offline, on a private WARDEN_HOME holding the shipped snapshot plus a
 * Debian tracker file written here for the debootstrap image's own source packages (one per tracker
 * status). Sources: the debootstrap image as an OCI layout and as a root filesystem, and a CycloneDX SBOM
 * made by another tool (sbom://). Expected counts are computed from the unfiltered JSON, never written down.
 */
@Tag("live") // images built by debootstrap, umoci, skopeo (TestImages)
class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    private static Path home;
    private static String image;
    private static String sbom;

    /** Tracker entries built for real source packages of the image: what each should turn into. */
    private static final List<String> TRACKER_CASES = List.of("fixed-high", "open-medium", "nodsa-low", "unimportant", "not-affected", "fixed-below");

    @BeforeAll
    static void database() throws Exception {
        home = shared.resolve("home");
        image = "oci-dir://" + TestImages.ociLayout() + ":" + TestImages.TAG;
        sbom = "sbom://" + copyResource("scan/dropwizard-1.3.15.cdx.json", shared);
        Path tracker = shared.resolve("tracker.json");
        Files.writeString(tracker, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(trackerFor(TestImages.debootstrapRootfs())));
        Run imported = new InProcessWarden(shared.resolve("cache")).run("--home", home.toString(), "db", "import", "--offline",
                "--format", "debian-tracker", tracker.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
    }

    private static Path copyResource(String name, Path dir) throws IOException {
        try (InputStream in = ScanCommandTest.class.getClassLoader().getResourceAsStream(name)) {
            Path target = dir.resolve(Path.of(name).getFileName().toString());
            Files.copy(in, target);
            return target;
        }
    }

    /** Source package to source version, as dpkg itself reads the image's database. */
    private static TreeMap<String, String> sources(Path rootfs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f",
                "${source:Package}\\t${source:Version}\\n").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("dpkg-query: " + out).isZero();
        TreeMap<String, String> sources = new TreeMap<>();
        out.lines().map(l -> l.split("\t")).forEach(a -> sources.put(a[0], a[1]));
        return sources;
    }

    /** One CVE per case on the first source packages of the image (alphabetically), bookworm entries only. */
    private static ObjectNode trackerFor(Path rootfs) throws Exception {
        TreeMap<String, String> sources = sources(rootfs);
        assertThat(sources).hasSizeGreaterThanOrEqualTo(TRACKER_CASES.size());
        ObjectNode doc = JSON.createObjectNode();
        var it = sources.entrySet().iterator();
        for (int i = 0; i < TRACKER_CASES.size(); i++) {
            Map.Entry<String, String> src = it.next();
            ObjectNode release = JSON.createObjectNode();
            switch (TRACKER_CASES.get(i)) {
                case "fixed-high" -> release.put("status", "resolved").put("fixed_version", src.getValue() + "+warden1").put("urgency", "high");
                case "open-medium" -> release.put("status", "open").put("urgency", "medium");
                case "nodsa-low" -> release.put("status", "open").put("urgency", "low").put("nodsa", "Minor issue").put("nodsa_reason", "ignored");
                case "unimportant" -> release.put("status", "open").put("urgency", "unimportant");
                case "not-affected" -> release.put("status", "resolved").put("fixed_version", "0").put("urgency", "high");
                case "fixed-below" -> release.put("status", "resolved").put("fixed_version", "0.0.1-1").put("urgency", "high");
                default -> throw new IllegalStateException();
            }
            ObjectNode cve = doc.putObject(src.getKey()).putObject(String.format("CVE-2099-%04d", 1000 + i));
            cve.put("description", "warden test advisory: " + TRACKER_CASES.get(i));
            cve.putObject("releases").set("bookworm", release);
        }
        return doc;
    }

    private Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(List.of(args));
        all.add("--offline");
        return new InProcessWarden(tmp.resolve("cache")).run(all.toArray(String[]::new));
    }

    private JsonNode scanJson(String source, String... filters) throws IOException {
        List<String> args = new ArrayList<>(List.of("scan", source, "--format", "json", "--quiet"));
        args.addAll(List.of(filters));
        Run run = warden(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        SchemaCheck.assertValid(SchemaCheck.scanResult(), doc, "warden-scan/1 of " + source);
        return doc;
    }

    /** The unfiltered JSON of a source, scanned once per test class: the reference every filter is checked against. */
    private static final Map<String, JsonNode> UNFILTERED = new java.util.concurrent.ConcurrentHashMap<>();

    private JsonNode unfiltered(String source) throws IOException {
        JsonNode cached = UNFILTERED.get(source);
        if (cached == null) {
            cached = scanJson(source);
            UNFILTERED.put(source, cached);
        }
        return cached;
    }

    private static List<JsonNode> findings(JsonNode doc) {
        return StreamSupport.stream(doc.path("findings").spliterator(), false).toList();
    }

    private static TreeSet<String> keys(List<JsonNode> findings) {
        TreeSet<String> out = new TreeSet<>();
        findings.forEach(f -> out.add(f.path("id").asText() + " " + f.path("package").path("purl").asText()));
        return out;
    }

    @Test
    void debianTrackerStatusesBecomeFindingsOnTheBinaryPackages() throws Exception {
        List<JsonNode> all = findings(unfiltered(image));
        TreeMap<String, String> sources = sources(TestImages.debootstrapRootfs());
        var it = sources.entrySet().iterator();
        for (int i = 0; i < TRACKER_CASES.size(); i++) {
            String source = it.next().getKey();
            String cve = String.format("CVE-2099-%04d", 1000 + i);
            List<JsonNode> hits = all.stream().filter(f -> f.path("id").asText().equals(cve)).toList();
            String kind = TRACKER_CASES.get(i);
            if (kind.equals("not-affected") || kind.equals("fixed-below")) {
                assertThat(hits).as(kind + " gives no finding").isEmpty();
                continue;
            }
            assertThat(hits).as(kind + " on " + source).isNotEmpty()
                    .allMatch(f -> f.path("matchedName").asText().equals(source) && f.path("package").path("type").asText().equals("deb"));
            String expectedStatus = switch (kind) {
                case "fixed-high" -> "fixed";
                case "open-medium" -> "affected";
                default -> "will_not_fix";
            };
            assertThat(hits).allMatch(f -> f.path("status").asText().equals(expectedStatus), expectedStatus);
            assertThat(hits).allMatch(f -> f.path("fixable").asBoolean() == kind.equals("fixed-high"), "fixable");
        }
    }

    @Test
    void anotherToolsCycloneDxSbomIsMatchedAgainstTheShippedGhsaAdvisories() throws Exception {
        JsonNode doc = scanJson(sbom);
        List<JsonNode> all = findings(doc);
        assertThat(all).isNotEmpty().allMatch(f -> f.path("package").path("type").asText().equals("maven"));
        // GHSA-57j2-w4cx-62h2 (CVE-2020-36518): jackson-databind 2.9.10 is in the SBOM; GitHub rates it high, fixed in 2.12.6.1
        assertThat(all).anySatisfy(f -> {
            assertThat(f.path("package").path("name").asText()).isEqualTo("jackson-databind");
            assertThat(f.path("package").path("version").asText()).isEqualTo("2.9.10");
            assertThat(f.path("aliases").toString() + f.path("id").asText()).contains("GHSA-57j2-w4cx-62h2").contains("CVE-2020-36518");
            assertThat(f.path("fixedVersions").toString()).contains("2.12.6.1");
            assertThat(f.path("severity").path("level").asText()).isEqualTo("high");
        });
        // commons-text 1.2 is older than the range GHSA-599f-7c49-w659 (Text4Shell) gives (introduced 1.5): no finding
        assertThat(all).noneMatch(f -> f.path("package").path("name").asText().equals("commons-text"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "sarif", "cyclonedx-json", "markdown"})
    void everyFormatIsValidAndCountsTheSameFindings(String format) throws Exception {
        JsonNode reference = unfiltered(image);
        int total = reference.path("summary").path("total").asInt();
        assertThat(total).isPositive();
        Path file = tmp.resolve("report." + format);
        Run run = warden("scan", image, "--format", format, "-o", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).as("-o writes nothing to stdout").isEmpty();
        assertThat(run.err()).as("progress on stderr").contains("warden: ");
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        switch (format) {
            case "json" -> assertThat(JSON.readTree(bytes).path("summary")).isEqualTo(reference.path("summary"));
            case "sarif" -> {
                JsonNode sarif = JSON.readTree(bytes);
                SchemaCheck.assertValid(SchemaCheck.sarif(), sarif, "SARIF 2.1.0");
                assertThat(sarif.path("runs").get(0).path("results")).hasSize(reference.path("findings").size());
            }
            case "cyclonedx-json" -> {
                assertThat(new JsonParser().validate(bytes, Version.VERSION_16)).as("CycloneDX 1.6 schema errors").isEmpty();
                int affects = 0;
                for (var v : new JsonParser().parse(bytes).getVulnerabilities()) {
                    affects += v.getAffects().size();
                }
                assertThat(affects).isEqualTo(reference.path("findings").size());
            }
            case "markdown" -> assertThat(text).startsWith("## Warden scan of `" + image)
                    .contains("| " + reference.path("summary").path("bySeverity").path("critical").asInt() + " |");
            case "table" -> assertThat(text.lines().filter(l -> l.startsWith("Total: ")).findFirst().orElseThrow())
                    .startsWith("Total: " + total + " vulnerabilit");
            default -> throw new IllegalStateException(format);
        }
        assertThat(text).doesNotContain("\033[");
    }

    /** Each filter keeps exactly the findings its predicate keeps in the unfiltered result, on both sources; none is a no-op. */
    @Test
    void filtersKeepWhatTheirPredicateKeeps() throws Exception {
        record Case(List<String> flags, Predicate<JsonNode> keeps) {}
        List<Case> cases = List.of(
                new Case(List.of("--severity", "critical,high"), f -> List.of("critical", "high").contains(f.path("severity").path("level").asText())),
                new Case(List.of("--severity", "medium"), f -> f.path("severity").path("level").asText().equals("medium")),
                new Case(List.of("--only-fixed"), f -> f.path("fixable").asBoolean()),
                new Case(List.of("--only-unfixed"), f -> !f.path("fixable").asBoolean()),
                new Case(List.of("--ignore-status", "will_not_fix,affected"), f -> !List.of("will_not_fix", "affected").contains(f.path("status").asText())),
                new Case(List.of("--ecosystem", "deb"), f -> f.path("package").path("type").asText().equals("deb")),
                new Case(List.of("--ecosystem", "Maven"), f -> f.path("ecosystem").asText().startsWith("Maven")),
                new Case(List.of("--severity", "critical,high,medium", "--only-fixed"),
                        f -> List.of("critical", "high", "medium").contains(f.path("severity").path("level").asText()) && f.path("fixable").asBoolean()));
        for (Case c : cases) {
            boolean keptSome = false;
            boolean removedSome = false;
            for (String source : List.of(image, sbom)) {
                List<JsonNode> all = findings(unfiltered(source));
                List<JsonNode> expected = all.stream().filter(c.keeps()).toList();
                JsonNode filtered = scanJson(source, c.flags().toArray(String[]::new));
                assertThat(keys(findings(filtered))).as(c.flags() + " on " + source).isEqualTo(keys(expected));
                assertThat(filtered.path("summary").path("total").asInt()).isEqualTo((int) expected.stream().filter(f -> !f.path("suppressed").asBoolean()).count());
                keptSome |= !expected.isEmpty();
                removedSome |= expected.size() < all.size();
            }
            assertThat(keptSome && removedSome).as(c.flags() + " keeps some findings and removes others (over both sources)").isTrue();
        }
    }

    @Test
    void exitCodes() throws Exception {
        JsonNode all = unfiltered(image);
        assertThat(all.path("summary").path("total").asInt()).isPositive();
        assertThat(warden("scan", image, "--quiet").exit()).as("findings without --exit-code").isZero();
        assertThat(warden("scan", image, "--quiet", "--exit-code").exit()).isEqualTo(1);
        assertThat(warden("cves", image, "--quiet", "--exit-code").exit()).as("alias").isEqualTo(1);
        // a filter that leaves nothing: computed, not assumed
        String absent = List.of("critical", "high", "medium", "low", "negligible", "unknown").stream()
                .filter(l -> all.path("summary").path("bySeverity").path(l).asInt() == 0).findFirst().orElseThrow();
        assertThat(warden("scan", image, "--quiet", "--exit-code", "--severity", absent).exit()).isZero();
    }

    @Test
    void colourOnlyWhenAskedSinceTestsHaveNoTerminal() throws Exception {
        assertThat(unfiltered(sbom).path("summary").path("total").asInt()).isPositive();
        Run plain = warden("scan", sbom, "--quiet");
        Run always = warden("scan", sbom, "--quiet", "--color", "always");
        assertThat(plain.out()).doesNotContain("\033[");
        assertThat(always.out()).contains("\033[");
        assertThat(always.out().replaceAll("\033\\[[0-9;]*m", "")).isEqualTo(plain.out());
    }

    @Test
    void badInputIsExitTwoWithOneLine() {
        for (String[] args : List.of(
                new String[] {"scan", "oci-dir://" + tmp.resolve("missing")},
                new String[] {"scan", "sbom://" + tmp.resolve("nope.json")},
                new String[] {"scan", image, "--severity", "severe"},
                new String[] {"scan", image, "--format", "xml"},
                new String[] {"scan", image, "--ecosystem", "debain"},
                new String[] {"scan", image, "--only-fixed", "--only-unfixed"},
                new String[] {"scan", sbom, "--format", "json", "-o", tmp.resolve("no/such/dir/report.json").toString()})) {
            List<String> quiet = new ArrayList<>(List.of(args));
            quiet.add("--quiet");
            Run run = warden(quiet.toArray(String[]::new));
            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().toList()).as(run.err()).singleElement()
                    .asString().startsWith("warden: ").doesNotContain("Exception");
        }
    }

    @Test
    void vexSuppressedFindingsStayInJsonAndShowInTheTableOnlyWhenAsked() throws Exception {
        JsonNode before = unfiltered(sbom);
        JsonNode target = findings(before).stream().filter(f -> f.path("package").path("name").asText().equals("jackson-databind"))
                .findFirst().orElseThrow();
        String vuln = target.path("id").asText();
        ObjectNode vex = JSON.createObjectNode();
        vex.put("@context", "https://openvex.dev/ns/v0.2.0");
        vex.put("@id", "https://example.com/vex/warden-test-1");
        vex.put("author", "warden test");
        vex.put("timestamp", "2026-11-28T00:00:00Z");
        vex.put("version", 1);
        ObjectNode st = ((ArrayNode) vex.putArray("statements")).addObject();
        st.putObject("vulnerability").put("name", vuln);
        st.putArray("products").addObject().put("@id", target.path("package").path("purl").asText());
        st.put("status", "not_affected");
        st.put("justification", "vulnerable_code_not_in_execute_path");
        Path vexFile = Files.writeString(tmp.resolve("jackson.openvex.json"), JSON.writeValueAsString(vex));

        JsonNode after = scanJson(sbom, "--vex", vexFile.toString());
        List<JsonNode> suppressed = findings(after).stream().filter(f -> f.path("suppressed").asBoolean()).toList();
        assertThat(suppressed).isNotEmpty().allMatch(f -> f.path("id").asText().equals(vuln));
        assertThat(suppressed).allMatch(f -> f.path("vex").path("justification").asText().equals("vulnerable_code_not_in_execute_path"));
        assertThat(after.path("findings").size()).isEqualTo(before.path("findings").size());
        assertThat(after.path("summary").path("suppressed").asInt()).isEqualTo(suppressed.size());
        assertThat(after.path("summary").path("total").asInt()).isEqualTo(before.path("summary").path("total").asInt() - suppressed.size());

        Run table = warden("scan", sbom, "--vex", vexFile.toString(), "--quiet");
        assertThat(table.out()).doesNotContain(vuln).contains(suppressed.size() + " suppressed by VEX");
        Run shown = warden("scan", sbom, "--vex", vexFile.toString(), "--quiet", "--show-suppressed");
        assertThat(shown.out()).contains(vuln).contains("suppressed: not_affected");
        Run sarif = warden("scan", sbom, "--vex", vexFile.toString(), "--quiet", "--format", "sarif");
        JsonNode results = JSON.readTree(sarif.out()).path("runs").get(0).path("results");
        assertThat(StreamSupport.stream(results.spliterator(), false).filter(r -> r.has("suppressions")).count()).isEqualTo(suppressed.size());

        // the CycloneDX VDR carries the statement as analysis: scanned again as sbom://, the same findings are suppressed
        Path vdr = tmp.resolve("vdr.cdx.json");
        Run written = warden("scan", sbom, "--vex", vexFile.toString(), "--quiet", "--format", "cyclonedx-json", "-o", vdr.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        JsonNode again = scanJson("sbom://" + vdr);
        assertThat(keys(findings(again).stream().filter(f -> f.path("suppressed").asBoolean()).toList()))
                .isEqualTo(keys(suppressed)).isNotEmpty();
        assertThat(again.path("summary").path("total").asInt()).isEqualTo(after.path("summary").path("total").asInt());

        // only the suppressed finding left after the filters: --exit-code passes (the Maven advisories here are the
        // shipped GitHub sample, which a gate refuses unless told: this gate is about VEX and the filters)
        Run gate = warden("scan", sbom, "--vex", vexFile.toString(), "--quiet", "--exit-code", "--allow-sample-db", "--severity",
                target.path("severity").path("level").asText(), "--ecosystem", "maven");
        long sameLevel = findings(after).stream().filter(f -> !f.path("suppressed").asBoolean()
                && f.path("severity").path("level").asText().equals(target.path("severity").path("level").asText())).count();
        assertThat(gate.exit()).isEqualTo(sameLevel > 0 ? 1 : 0);
    }

    @Test
    void anotherToolsSpdxSbomIsASourceToo() throws Exception {
        // Trivy's SPDX SBOM of centos:7; the shipped snapshot has no CentOS advisories, so what is checked is
        // that every package of the SBOM reaches matching and the report is complete
        Path spdx = copyResource("scan/trivy-centos-7-spdx.json", tmp);
        Run sbomRun = new InProcessWarden(tmp.resolve("cache")).run("sbom", "sbom://" + spdx, "--format", "json", "--quiet");
        assertThat(sbomRun.exit()).as(sbomRun.err()).isZero();
        int packages = JSON.readTree(sbomRun.out()).path("packages").size();
        assertThat(packages).isPositive();
        JsonNode doc = scanJson("sbom://" + spdx);
        assertThat(doc.path("target").path("packages").asInt()).isEqualTo(packages);
        assertThat(doc.path("target").path("distro").path("id").asText()).isEqualTo("centos");
        assertThat(doc.path("summary").path("total").asInt()).isEqualTo(doc.path("findings").size());
    }

    @Test
    void rootFilesystemSourceWorksToo() throws Exception {
        JsonNode fs = scanJson("fs://" + TestImages.debootstrapRootfs());
        JsonNode oci = unfiltered(image);
        assertThat(keys(findings(fs)).stream().map(k -> k.split(" ")[0]).toList())
                .containsExactlyInAnyOrderElementsOf(keys(findings(oci)).stream().map(k -> k.split(" ")[0]).toList());
    }
}
