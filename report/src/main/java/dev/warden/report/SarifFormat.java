package dev.warden.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Secret;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one rule per vulnerability (with help text and the
 * {@code security-severity} GitHub sorts by), one result per finding, located at the file in the image
 * that records the package (relative to the image root, {@code uriBaseId} {@value #ROOT}). Findings a VEX
 * statement suppressed are kept with a SARIF {@code suppressions} entry carrying the justification.
 */
public final class SarifFormat implements ReportFormat {
    static final String SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    /** The base every result location is relative to: the image's root filesystem. */
    static final String ROOT = "ROOTPATH";

    @Override
    public String id() {
        return "sarif";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        ObjectMapper mapper = Jsons.mapper();
        mapper.writeValue(out, log(mapper, report.scan()));
        out.write('\n');
    }

    @Override
    public void prepare() {
        Jsons.writeToNowhere(log(Jsons.mapper(), Jsons.EMPTY_SCAN));
    }

    private static ObjectNode log(ObjectMapper mapper, ScanResult scan) {
        ObjectNode log = mapper.createObjectNode();
        log.put("$schema", SCHEMA_URI);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();
        Tool tool = Tool.warden();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", tool.name());
        driver.put("version", tool.version());
        driver.put("fullName", "Warden container image scanner");

        // one rule per vulnerability id, in order of first appearance; a rule takes its most severe finding's rating
        Map<String, Finding> worst = new LinkedHashMap<>();
        for (Finding f : scan.findings()) {
            worst.merge(f.id(), f, (a, b) -> Severities.level(b).compareTo(Severities.level(a)) < 0 ? b : a);
        }
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Finding f : worst.values()) {
            ruleIndex.put(f.id(), ruleIndex.size());
            rules.add(rule(mapper, f));
        }
        // secrets: one rule per secret rule, "secret/<rule>", after the vulnerabilities' rules
        Map<String, Integer> secretRuleIndex = new LinkedHashMap<>();
        for (Secret secret : scan.sbom().secrets().secrets()) {
            if (secretRuleIndex.putIfAbsent(SECRET_RULE_PREFIX + secret.ruleId(), ruleIndex.size() + secretRuleIndex.size()) == null) {
                rules.add(secretRule(mapper, secret));
            }
        }
        ObjectNode base = run.putObject("originalUriBaseIds").putObject(ROOT);
        base.put("uri", "file:///");
        base.putObject("description").put("text", "The root of the scanned image's filesystem");

        ArrayNode results = run.putArray("results");
        String fallbackUri = fallbackUri(scan.sbom().image());
        for (Finding f : scan.findings()) {
            results.add(result(mapper, f, ruleIndex.get(f.id()), fallbackUri));
        }
        for (Secret secret : scan.sbom().secrets().secrets()) {
            results.add(secretResult(mapper, secret, secretRuleIndex.get(SECRET_RULE_PREFIX + secret.ruleId())));
        }
        ObjectNode props = run.putObject("properties");
        ImageInfo image = scan.sbom().image();
        if (image != null && image.reference() != null) {
            props.put("imageReference", image.reference());
        }
        if (image != null && image.manifestDigest() != null) {
            props.put("imageDigest", image.manifestDigest());
        }
        ScanResult.DatabaseInfo db = scan.database();
        if (db != null) { // code-scanning UIs show run properties beside the results: the data's standing belongs there
            props.put("advisoryDataDate", ScanResult.DatabaseInfo.dateOf(db.dataDate()));
            props.put("advisoryDataSample", db.sample());
            props.put("advisoryDataStale", db.stale(scan.scannedAt()));
            db.caveat(scan.scannedAt()).ifPresent(caveat -> props.put("advisoryDataWarning", caveat));
        }
        dev.warden.core.SbomSelection selection = scan.sbom().selection();
        props.put("sbomPartial", selection.partial());
        if (selection.partial()) { // beside the results, as the data's standing: what was not catalogued was not judged
            props.put("sbomSelection", selection.flags());
            selection.caveat().ifPresent(caveat -> props.put("sbomSelectionWarning", caveat));
        }
        return log;
    }

    private static ObjectNode rule(ObjectMapper mapper, Finding f) {
        ObjectNode rule = mapper.createObjectNode();
        rule.put("id", f.id());
        rule.put("name", "Vulnerability");
        String title = f.title().isBlank() ? f.id() : f.title();
        rule.putObject("shortDescription").put("text", f.id() + ": " + oneLine(title));
        rule.putObject("fullDescription").put("text", f.description().isBlank() ? title : f.description());
        String link = Links.of(f.id(), f.references());
        rule.put("helpUri", link);
        ObjectNode help = rule.putObject("help");
        help.put("text", "Vulnerability " + f.id() + "\nSeverity: " + Severities.level(f).id() + "\n" + title + "\nMore: " + link);
        help.put("markdown", helpMarkdown(f, title, link));
        rule.putObject("defaultConfiguration").put("level", level(f));
        ObjectNode props = rule.putObject("properties");
        Double score = Severities.score(f);
        if (score != null) {
            // GitHub reads this as a string holding a number 0.0-10.0
            props.put("security-severity", String.format(Locale.ROOT, "%.1f", score));
        }
        props.put("precision", "very-high");
        ArrayNode tags = props.putArray("tags");
        tags.add("vulnerability").add("security").add(Severities.level(f).id());
        return rule;
    }

    /** Advisory text is untrusted: every value goes through the Markdown report's cell escaping. */
    private static String helpMarkdown(Finding f, String title, String link) {
        StringBuilder md = new StringBuilder();
        md.append("**Vulnerability [").append(MarkdownFormat.cell(f.id())).append("](").append(MarkdownFormat.url(link)).append(")**\n\n");
        md.append("| Severity | Package | Fixed in |\n| --- | --- | --- |\n");
        md.append("| ").append(Severities.level(f).id()).append(" | ").append(MarkdownFormat.cell(f.pkg().name())).append(" | ")
                .append(f.fixedVersions().isEmpty() ? "no fix yet" : MarkdownFormat.cell(String.join(", ", f.fixedVersions()))).append(" |\n\n");
        md.append(MarkdownFormat.cell(title)).append('\n');
        if (!f.aliases().isEmpty()) {
            md.append("\nAlso known as: ").append(MarkdownFormat.cell(String.join(", ", f.aliases()))).append('\n');
        }
        return md.toString();
    }

    private static ObjectNode result(ObjectMapper mapper, Finding f, int ruleIndex, String fallbackUri) {
        ObjectNode result = mapper.createObjectNode();
        result.put("ruleId", f.id());
        result.put("ruleIndex", ruleIndex);
        result.put("level", level(f));
        result.putObject("message").put("text", message(f));
        ArrayNode locations = result.putArray("locations");
        List<Location> where = f.pkg().locations();
        if (where.isEmpty()) {
            locations.add(location(mapper, fallbackUri));
        }
        for (Location l : where) {
            locations.add(location(mapper, relativeUri(l.path())));
        }
        result.putObject("partialFingerprints").put("primaryLocationLineHash", fingerprint(f));
        if (f.suppressed()) {
            VexStatement s = f.vex().statement();
            ObjectNode suppression = result.putArray("suppressions").addObject();
            suppression.put("kind", "external");
            suppression.put("status", "accepted");
            suppression.put("justification", Suppressions.label(s)
                    + (s.impactStatement() == null || s.status() == VexStatus.IGNORED ? "" : ": " + s.impactStatement())
                    + (s.document() == null ? "" : " [" + s.document() + "]"));
        }
        ObjectNode props = result.putObject("properties");
        props.put("packageName", f.pkg().name());
        props.put("installedVersion", f.pkg().version());
        if (f.pkg().purl() != null) {
            props.put("purl", f.pkg().purl());
        }
        if (f.status() != null) {
            props.put("status", f.status().id());
        }
        ArrayNode fixed = props.putArray("fixedVersions");
        f.fixedVersions().forEach(fixed::add);
        if (f.vex() != null) {
            props.put("vexStatus", f.vex().statement().status().id());
        }
        if (f.kev() != null) {
            props.put("knownExploited", true);
        }
        return result;
    }

    /** Rule ids of secrets, so they never clash with a vulnerability id. */
    static final String SECRET_RULE_PREFIX = "secret/";

    private static ObjectNode secretRule(ObjectMapper mapper, Secret s) {
        ObjectNode rule = mapper.createObjectNode();
        rule.put("id", SECRET_RULE_PREFIX + s.ruleId());
        rule.put("name", "Secret");
        rule.putObject("shortDescription").put("text", "Secret: " + s.title());
        rule.putObject("fullDescription").put("text", s.title() + " (" + s.category() + ") in the image's files");
        rule.putObject("help").put("text", "Secret " + s.ruleId() + "\nSeverity: " + s.severity().id()
                + "\nRemove it from the image (every layer) and revoke it: a secret in an image is readable by anyone who can pull it.");
        rule.putObject("defaultConfiguration").put("level", level(s.severity()));
        ObjectNode props = rule.putObject("properties");
        props.put("security-severity", switch (s.severity()) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            default -> "2.0";
        });
        props.put("precision", "high");
        props.putArray("tags").add("secret").add("security").add(s.severity().id());
        return rule;
    }

    /** At the secret's file and line; the message carries only the redacted match. */
    private static ObjectNode secretResult(ObjectMapper mapper, Secret s, int ruleIndex) {
        ObjectNode result = mapper.createObjectNode();
        result.put("ruleId", SECRET_RULE_PREFIX + s.ruleId());
        result.put("ruleIndex", ruleIndex);
        result.put("level", level(s.severity()));
        result.putObject("message").put("text", "Secret: " + s.title() + "\nMatch: " + s.match()
                + (s.layerDiffId().isEmpty() ? "" : "\nLayer: " + s.layerDiffId())
                + (s.removedLater() ? "\nRemoved by a later layer, still in this one: anyone who pulls the image can read it" : ""));
        result.putArray("locations").add(location(mapper, relativeUri(s.path()), s.line()));
        result.putObject("partialFingerprints").put("primaryLocationLineHash",
                sha256(String.join("\n", SECRET_RULE_PREFIX + s.ruleId(), s.path(), s.match())
                        + (s.removedLater() ? "\n" + s.layerDiffId() : ""))); // one per layer that still holds it
        return result;
    }

    private static ObjectNode location(ObjectMapper mapper, String uri) {
        return location(mapper, uri, 1);
    }

    private static ObjectNode location(ObjectMapper mapper, String uri, int line) {
        ObjectNode location = mapper.createObjectNode();
        ObjectNode physical = location.putObject("physicalLocation");
        ObjectNode artifact = physical.putObject("artifactLocation");
        artifact.put("uri", uri);
        artifact.put("uriBaseId", ROOT);
        // GitHub shows an alert at a line; the package record has none, so the alert sits on the file's first line
        ObjectNode region = physical.putObject("region");
        region.put("startLine", line);
        region.put("startColumn", 1);
        region.put("endLine", line);
        region.put("endColumn", 1);
        return location;
    }

    private static String message(Finding f) {
        String fix = f.fixedVersions().isEmpty() ? "no fixed version yet" : "fixed in " + String.join(", ", f.fixedVersions());
        return "Package: " + f.pkg().name() + "\nInstalled version: " + f.pkg().version() + "\nVulnerability: " + f.id()
                + "\nSeverity: " + Severities.level(f).id() + "\nStatus: " + (f.status() == null ? "affected" : f.status().id())
                + " (" + fix + ")" + (f.title().isBlank() ? "" : "\n" + oneLine(f.title()));
    }

    /** error for critical and high, warning for medium, note for the rest (SARIF's levels). */
    static String level(Finding f) {
        return level(Severities.level(f));
    }

    private static String level(SeverityLevel s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    /** A path in the image as a relative URI reference: no leading slash, special characters percent-encoded. */
    static String relativeUri(String path) {
        String relative = path.replaceFirst("^/+", "");
        if (relative.isEmpty()) {
            return ".";
        }
        try {
            String encoded = new URI(null, null, relative, null).getRawPath();
            // a first segment with a colon would read as a scheme
            return encoded.contains(":") ? encoded.replace(":", "%3A") : encoded;
        } catch (URISyntaxException e) {
            return relative.replaceAll("[^A-Za-z0-9._~/-]", "_");
        }
    }

    /** For packages without a location (an SBOM from another tool): the image reference as a relative name. */
    private static String fallbackUri(ImageInfo image) {
        String ref = image == null || image.reference() == null ? "" : image.reference().replaceFirst("^[a-z-]+://", "");
        String cleaned = ref.replaceAll("[^A-Za-z0-9._/-]", "_").replaceFirst("^/+", "");
        return cleaned.isEmpty() ? "image" : cleaned;
    }

    private static String fingerprint(Finding f) {
        // without the version: an alert follows the package through upgrades until the fix lands
        return sha256(String.join("\n", f.id(), String.valueOf(f.pkg().type()), String.valueOf(f.pkg().namespace()), f.pkg().name()));
    }

    private static String sha256(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
