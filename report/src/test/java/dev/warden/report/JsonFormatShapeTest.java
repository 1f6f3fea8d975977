package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import dev.warden.core.Secret;
import dev.warden.core.SecretScan;
import dev.warden.core.SourcePackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonFormat}'s output against the shape {@code docs/schemas/scan-result.schema.json} declares, the one place
 * the shape is written down: every report (the sample scans, with policies and secrets, and thousands of generated
 * reports whose every optional part is present or absent and whose strings need escaping) validates (the schema
 * refuses unknown properties and lists the required ones), and together they write every property the schema
 * declares, a list this test derives from the schema itself.
 */
class JsonFormatShapeTest {
    private static final Schema SCHEMA = SchemaCheck.scanResult();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String streaming(Report report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonFormat().write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes {@code report}, validates it against the schema, and adds every property path it wrote to {@code seen}. */
    private static String checked(Report report, Set<String> seen, String what) throws IOException {
        String json = streaming(report);
        JsonNode document = MAPPER.readTree(json);
        SchemaCheck.assertValid(SCHEMA, document, what);
        collect(document, "", seen);
        return json;
    }

    private static void collect(JsonNode node, String path, Set<String> seen) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                seen.add(path + "/" + e.getKey());
                collect(e.getValue(), path + "/" + e.getKey(), seen);
            });
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, path + "[]", seen));
        }
    }

    /** Every property path the schema declares ({@code /findings[]/package/purl}), following its $refs. */
    private static Set<String> declared() throws IOException {
        JsonNode schema = MAPPER.readTree(SchemaCheck.repoRoot().resolve("docs/schemas/scan-result.schema.json").toFile());
        Set<String> paths = new TreeSet<>();
        declared(schema, schema, "", paths, 0);
        return paths;
    }

    private static void declared(JsonNode root, JsonNode node, String path, Set<String> paths, int depth) {
        assertThat(depth).as("schema nesting at " + path).isLessThan(32);
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            declared(root, root.at(ref.substring(1)), path, paths, depth + 1);
        }
        node.path("properties").properties().forEach(e -> {
            paths.add(path + "/" + e.getKey());
            declared(root, e.getValue(), path + "/" + e.getKey(), paths, depth + 1);
        });
        if (node.path("items").isObject()) {
            declared(root, node.get("items"), path + "[]", paths, depth + 1);
        }
        for (String choice : List.of("anyOf", "oneOf", "allOf")) {
            node.path(choice).forEach(option -> declared(root, option, path, paths, depth + 1));
        }
    }

    @Test
    void sampleScansHaveTheDeclaredShape() throws IOException {
        Set<String> seen = new HashSet<>();
        for (ScanResult scan : List.of(SampleScans.mixed(), SampleScans.many(300), Jsons.EMPTY_SCAN)) {
            checked(Report.of(scan, ReportOptions.DEFAULT), seen, "sample scan");
        }
        assertThat(streaming(Report.of(SampleScans.mixed(), ReportOptions.DEFAULT))).contains("\"CVE-2024-2961\"", "\"kev\" : {");
    }

    @Test
    void policiesAndSecretsHaveTheDeclaredShape() throws IOException {
        ScanResult mixed = SampleScans.mixed();
        Sbom withSecrets = new Sbom(mixed.sbom().image(), mixed.sbom().distro(), mixed.sbom().packages(), List.of(),
                new SecretScan(true, List.of(new Secret("aws-access-key", "cloud", SeverityLevel.CRITICAL, "AWS key",
                        "/etc/app/env", "sha256:" + "12".repeat(32), 3, "AKIA*****"))));
        ScanResult scan = new ScanResult(withSecrets, mixed.findings(), mixed.database(), mixed.scannedAt(), mixed.warnings());
        List<PolicyResult> policies = List.of(
                new PolicyResult("no-critical", "No critical", "vulnerabilities", PolicyStatus.VIOLATED,
                        List.of(new PolicyResult.Violation("CVE-2024-2961 in libc6", "critical \"and\" fixable")), null, 10),
                new PolicyResult("non-root", "Runs as non-root", "user", PolicyStatus.NO_DATA, List.of(), "the image config", 5),
                new PolicyResult("licences", "Licences", "licenses", PolicyStatus.COMPLIANT, List.of(), "", 0));
        for (Score score : new Score[] {new Score(5, 15, 33, 'D'), null}) {
            Report report = new Report(scan, policies, score, ReportOptions.DEFAULT);
            assertThat(checked(report, new HashSet<>(), "policies and secrets")).contains("\"policyId\" : \"no-critical\"", "\"ruleId\"");
        }
        Report noSecretsScanned = Report.of(mixed, ReportOptions.DEFAULT);
        assertThat(streaming(noSecretsScanned)).contains("\"secrets\" : null", "\"policy\" : null");
    }

    @Test
    void generatedReportsHaveTheDeclaredShapeAndTogetherWriteEveryDeclaredProperty() throws IOException {
        Random random = new Random(20261129);
        Set<String> seen = new HashSet<>();
        Set<String> errors = new TreeSet<>(); // every kind of error once, array indexes left out
        for (int i = 0; i < 1_500; i++) {
            JsonNode document = MAPPER.readTree(streaming(report(random)));
            SCHEMA.validate(document).forEach(e -> errors.add(e.toString().replaceAll("/\\d+/", "/*/")));
            collect(document, "", seen);
        }
        assertThat(errors).as("schema errors in the generated reports").isEmpty();
        assertThat(declared()).hasSizeGreaterThan(100);
        assertThat(seen).as("properties the schema declares and no report wrote").containsAll(declared());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoDocumentThatLooksWhole() {
        ScanResult mixed = SampleScans.mixed();
        List<Finding> findings = new ArrayList<>(mixed.findings());
        Finding f = findings.get(0);
        // a finding without a package: writing it fails in the middle of the findings array
        findings.add(new Finding(f.id(), f.aliases(), null, f.matchedName(), f.matchedVersion(), f.ecosystem(), f.status(),
                f.fixedVersions(), f.severity(), f.ratings(), null, null, f.title(), f.description(), f.references(),
                f.advisoryIds(), f.published(), null));
        ScanResult broken = new ScanResult(mixed.sbom(), findings, mixed.database(), mixed.scannedAt(), mixed.warnings());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JsonFormat().write(Report.of(broken, ReportOptions.DEFAULT), out))
                .isInstanceOf(NullPointerException.class);
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written).contains("\"findings\" : [");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(written))
                .as("what was written is not closed into valid JSON").isInstanceOf(IOException.class);
    }

    @Test
    void feedsAreListedByName() throws IOException {
        Map<String, Long> feeds = new LinkedHashMap<>();
        for (String name : List.of("zeta", "alpha", "osv-Go", "kev", "Beta")) {
            feeds.put(name, (long) name.length());
        }
        ScanResult scan = new ScanResult(SampleScans.many(1).sbom(), List.of(),
                new ScanResult.DatabaseInfo("/db", Instant.EPOCH, feeds), Instant.EPOCH, List.of());
        String json = streaming(Report.of(scan, ReportOptions.DEFAULT));
        assertThat(json.indexOf("\"Beta\"")).isLessThan(json.indexOf("\"alpha\""));
        assertThat(json.indexOf("\"alpha\"")).isLessThan(json.indexOf("\"kev\""));
        assertThat(json.indexOf("\"osv-Go\"")).isLessThan(json.indexOf("\"zeta\""));
    }

    // ---- generated reports

    private static final String[] AWKWARD = {"", "plain", "quote \" backslash \\ slash /", "tab\tline\nfeed\u0007",
        "é ü 漢字 \uD83D\uDE00", "<script>&amp;</script>", "1:2.36-9+deb12u4~rc1"};

    /** The kinds a rating can be (the schema's enumeration). */
    private static final String[] RATING_KINDS = {"CVSS_V4", "CVSS_V3", "CVSS_V2", "RATING"};

    private static String text(Random r, boolean nullable) {
        if (nullable && r.nextInt(6) == 0) {
            return null;
        }
        return r.nextBoolean() ? AWKWARD[r.nextInt(AWKWARD.length)] : "s" + r.nextInt(100_000);
    }

    private static List<String> texts(Random r) {
        List<String> out = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            out.add(text(r, false));
        }
        return out;
    }

    /** A digest ({@code sha256:hex}) or null: the schema gives digests a pattern. */
    private static String digest(Random r) {
        return r.nextInt(4) == 0 ? null : "sha256:" + Integer.toHexString(r.nextInt(Integer.MAX_VALUE));
    }

    private static <E extends Enum<E>> E pick(Random r, Class<E> type) {
        E[] values = type.getEnumConstants();
        return values[r.nextInt(values.length)];
    }

    private static Instant instant(Random r, boolean nullable) {
        return nullable && r.nextInt(4) == 0 ? null : Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(3) == 0 ? r.nextInt(1_000_000_000) : 0);
    }

    private static LocalDate date(Random r) {
        return r.nextInt(4) == 0 ? null : LocalDate.ofEpochDay(r.nextInt(25_000));
    }

    private static Rating rating(Random r) {
        Double score = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> (double) r.nextInt(11);
            case 2 -> r.nextInt(100) / 10.0;
            default -> r.nextDouble() * 10;
        };
        return new Rating(r.nextInt(8) == 0 ? null : pick(r, SeverityLevel.class), score, text(r, true), text(r, true),
                RATING_KINDS[r.nextInt(RATING_KINDS.length)]);
    }

    private static Package pkg(Random r) {
        List<Location> locations = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            locations.add(new Location(text(r, false), text(r, true)));
        }
        return new Package(text(r, false), text(r, false), text(r, true), text(r, false), text(r, true), text(r, true),
                texts(r), locations, r.nextBoolean() ? null : new SourcePackage(text(r, false), text(r, true)), "test", null,
                r.nextInt(3) == 0 ? Map.of(PackageProperties.IDENTITY, "filename", PackageProperties.CONFIDENCE, "low") : Map.of());
    }

    private static Finding finding(Random r) {
        List<Rating> ratings = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            ratings.add(rating(r));
        }
        KevEntry kev = r.nextInt(3) == 0 ? new KevEntry("CVE-1", text(r, true), text(r, true), text(r, true), date(r), date(r),
                text(r, true), text(r, true), text(r, true)) : null;
        EpssEntry epss = r.nextInt(3) == 0 ? new EpssEntry("CVE-1", r.nextDouble(), r.nextDouble(), "v1", date(r)) : null;
        Finding f = new Finding("CVE-" + r.nextInt(100_000), texts(r), pkg(r), text(r, true), text(r, true), text(r, true),
                r.nextInt(5) == 0 ? null : pick(r, AffectedStatus.class), texts(r), rating(r), ratings, kev, epss,
                text(r, true), text(r, true), texts(r), texts(r), instant(r, true), null);
        if (r.nextInt(3) == 0) {
            VexStatement s = new VexStatement(text(r, false), texts(r), texts(r), List.of(), pick(r, VexStatus.class),
                    text(r, true), text(r, true), text(r, true), instant(r, true), text(r, true));
            f = f.withVex(new VexDecision(s, text(r, true)));
        }
        return f;
    }

    private static Report report(Random r) {
        List<Finding> findings = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
            findings.add(finding(r));
        }
        List<Secret> secrets = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            secrets.add(new Secret(text(r, false), text(r, false), pick(r, SeverityLevel.class), text(r, false), text(r, false),
                    text(r, false), 1 + r.nextInt(10_000), "AKIA".substring(r.nextInt(5)) + "*****", r.nextInt(4) == 0));
        }
        ImageInfo image = r.nextInt(4) == 0 ? null : new ImageInfo(text(r, false), digest(r), digest(r),
                r.nextBoolean() ? null : new ImageInfo.Platform("linux", "arm64", r.nextBoolean() ? null : "v8"),
                ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        Distro distro = r.nextInt(3) == 0 ? null : new Distro(text(r, true), text(r, true), text(r, true), text(r, true));
        Sbom sbom = new Sbom(image, distro, List.of(pkg(r)), List.of(), r.nextBoolean() ? SecretScan.NOT_SCANNED : new SecretScan(true, secrets));
        Map<String, Long> feeds = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            feeds.put(text(r, false) + i, (long) r.nextInt(1_000_000));
        }
        ScanResult.DatabaseInfo db = r.nextInt(4) == 0 ? null : new ScanResult.DatabaseInfo(text(r, true), instant(r, true), feeds);
        ScanResult scan = new ScanResult(sbom, findings, db, instant(r, false), texts(r));
        if (r.nextInt(3) != 0) {
            return Report.of(scan, ReportOptions.DEFAULT);
        }
        List<PolicyResult> policies = new ArrayList<>();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            List<PolicyResult.Violation> violations = new ArrayList<>();
            for (int j = r.nextInt(3); j > 0; j--) {
                violations.add(new PolicyResult.Violation(text(r, false), text(r, false)));
            }
            policies.add(new PolicyResult(text(r, false), text(r, false), text(r, false), pick(r, PolicyStatus.class), violations,
                    text(r, true), r.nextInt(20)));
        }
        Score score = r.nextBoolean() ? null : new Score(r.nextInt(50), 50, r.nextInt(101), "ABCDF".charAt(r.nextInt(5)));
        return new Report(scan, policies, score, ReportOptions.DEFAULT);
    }
}
