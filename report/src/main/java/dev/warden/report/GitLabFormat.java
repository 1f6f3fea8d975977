package dev.warden.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * GitLab's container-scanning security report (schema 15.x), the file a GitLab CI job publishes as
 * {@code artifacts: reports: container_scanning}. Suppressed findings are left out: the format has no place
 * for a VEX justification, and GitLab would otherwise open them as new vulnerabilities.
 */
public final class GitLabFormat implements ReportFormat {
    static final String SCHEMA_VERSION = "15.2.1";
    static final String SCHEMA_URL = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v"
            + SCHEMA_VERSION + "/dist/container-scanning-report-format.json";
    /** The schema's maxLength of a vulnerability name. */
    static final int MAX_NAME = 255;
    /** The schema's maxLength of a description (1 MiB of characters). */
    static final int MAX_DESCRIPTION = 1_048_576;
    /** The schema's maxLength of a solution. */
    static final int MAX_SOLUTION = 7_000;
    /** GitLab's timestamp pattern: seconds, no zone (read as UTC). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String id() {
        return "gitlab";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        ObjectMapper mapper = Jsons.mapper();
        ObjectNode doc = document(mapper, report.scan());
        // what every format says: a partial SBOM, sample or stale advisory data; GitLab shows scan messages with the report
        ArrayNode messages = ((ObjectNode) doc.get("scan")).putArray("messages");
        report.selectionCaveat().ifPresent(caveat -> messages.addObject().put("level", "warn").put("value", caveat));
        report.dataCaveat().ifPresent(caveat -> messages.addObject().put("level", "warn").put("value", caveat));
        mapper.writeValue(out, doc);
        out.write('\n');
    }

    static ObjectNode document(ObjectMapper mapper, ScanResult scan) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("version", SCHEMA_VERSION);
        doc.put("schema", SCHEMA_URL);
        String image = imageName(scan.sbom().image());
        String os = operatingSystem(scan.sbom().distro());
        ArrayNode vulnerabilities = doc.putArray("vulnerabilities");
        for (Finding f : scan.findings()) {
            if (!f.suppressed()) {
                vulnerabilities.add(vulnerability(mapper, f, image, os));
            }
        }
        Tool tool = Tool.warden();
        ObjectNode s = doc.putObject("scan");
        tool(s.putObject("analyzer"), tool);
        tool(s.putObject("scanner"), tool);
        s.put("type", "container_scanning");
        Instant at = scan.scannedAt() == null ? Instant.now() : scan.scannedAt();
        s.put("start_time", TIME.format(at.truncatedTo(ChronoUnit.SECONDS)));
        s.put("end_time", TIME.format(at.truncatedTo(ChronoUnit.SECONDS)));
        s.put("status", "success");
        return doc;
    }

    private static void tool(ObjectNode node, Tool tool) {
        node.put("id", "warden");
        node.put("name", "Warden");
        node.put("version", tool.version());
        node.putObject("vendor").put("name", "Warden");
    }

    private static ObjectNode vulnerability(ObjectMapper mapper, Finding f, String image, String os) {
        ObjectNode v = mapper.createObjectNode();
        String name = f.pkg().name();
        String version = f.pkg().version() == null ? "" : f.pkg().version();
        // stable across runs, so GitLab tracks one vulnerability through pipelines
        v.put("id", UUID.nameUUIDFromBytes((image + "\n" + f.pkg().purl() + "\n" + f.id()).getBytes(StandardCharsets.UTF_8)).toString());
        v.put("name", cut(f.id() + " in " + name + (f.title().isBlank() ? "" : ": " + f.title()), MAX_NAME));
        v.put("description", cut(f.description().isBlank() ? f.title() : f.description(), MAX_DESCRIPTION));
        v.put("severity", severity(f));
        if (f.fixable()) {
            v.put("solution", cut("Upgrade " + name + " to " + String.join(" or ", f.fixedVersions()), MAX_SOLUTION));
        }
        ArrayNode identifiers = v.putArray("identifiers");
        for (String id : f.allIds()) {
            ObjectNode i = identifiers.addObject();
            int dash = id.indexOf('-');
            i.put("type", (dash > 0 ? id.substring(0, dash) : "advisory").toLowerCase(Locale.ROOT));
            i.put("name", id);
            i.put("value", id);
            String url = Links.of(id, java.util.List.of());
            if (url.startsWith("https://")) {
                i.put("url", url);
            }
        }
        ArrayNode links = v.putArray("links");
        for (String ref : f.references()) {
            if (ref.startsWith("https://") || ref.startsWith("http://")) {
                links.addObject().put("url", ref);
            }
        }
        ObjectNode location = v.putObject("location");
        ObjectNode dependency = location.putObject("dependency");
        dependency.putObject("package").put("name", name);
        dependency.put("version", version);
        location.put("operating_system", os);
        location.put("image", image);
        return v;
    }

    /** GitLab's words: Critical, High, Medium, Low, Info, Unknown. */
    static String severity(Finding f) {
        return switch (Severities.level(f)) {
            case CRITICAL -> "Critical";
            case HIGH -> "High";
            case MEDIUM -> "Medium";
            case LOW -> "Low";
            case NEGLIGIBLE -> "Info";
            case UNKNOWN -> "Unknown";
        };
    }

    private static String imageName(ImageInfo image) {
        return image == null || image.reference() == null || image.reference().isBlank() ? "unknown" : image.reference();
    }

    private static String operatingSystem(Distro distro) {
        return distro == null ? "Unknown" : distro.id() + " " + distro.versionId();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
