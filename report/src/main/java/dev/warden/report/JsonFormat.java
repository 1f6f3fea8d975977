package dev.warden.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Secret;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.Score;
import dev.warden.core.vex.VexDecision;
import dev.warden.core.vex.VexStatement;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Warden's scan JSON, {@code warden-scan/1}, described by {@code docs/schemas/scan-result.schema.json}.
 * Every finding is written, suppressed ones with the VEX statement that suppressed them; the summary
 * counts unsuppressed findings. New fields may appear in /1; a field that changes meaning or disappears
 * makes /2.
 *
 * <p>Written with Jackson's streaming generator, field by field in the schema's order, and not by data binding: a
 * scan is over in about a second, and building data binding's serialisers for these objects cost a cold JVM more than
 * writing hundreds of findings. The shape is declared once, by the schema: JsonFormatShapeTest validates every report
 * it makes against it and checks that they write every property it declares. Absent values are written as
 * {@code null}, indentation is Jackson's default pretty printer.
 */
public final class JsonFormat implements ReportFormat {
    public static final String SCHEMA = "warden-scan/1";

    /** Neither closes the caller's stream nor, after a failure, completes a half-written document into valid JSON. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    @Override
    public String id() {
        return "json";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            document(g, report);
        }
        out.write('\n');
    }

    @Override
    public void prepare() {
        try {
            write(Report.of(Jsons.EMPTY_SCAN, ReportOptions.DEFAULT), OutputStream.nullOutputStream());
        } catch (IOException e) {
            // nothing was written anywhere; a real write meets the same problem and reports it
        }
    }

    private static void document(JsonGenerator g, Report report) throws IOException {
        ScanResult scan = report.scan();
        Summary summary = report.summary();
        Tool tool = Tool.warden();
        ImageInfo image = scan.sbom().image();
        g.writeStartObject();
        g.writeStringField("schema", SCHEMA);
        g.writeObjectFieldStart("tool");
        g.writeStringField("name", tool.name());
        g.writeStringField("version", tool.version());
        g.writeEndObject();
        g.writeStringField("scannedAt", text(scan.scannedAt()));
        g.writeObjectFieldStart("target");
        g.writeStringField("reference", image == null ? null : image.reference());
        g.writeStringField("manifestDigest", image == null ? null : image.manifestDigest());
        g.writeStringField("platform", image == null || image.platform() == null ? null : image.platform().toString());
        g.writeFieldName("distro");
        distro(g, scan.sbom().distro());
        g.writeNumberField("packages", scan.sbom().packages().size());
        selection(g, scan.sbom().selection());
        g.writeEndObject();
        g.writeFieldName("database");
        database(g, scan.database(), scan.scannedAt());
        g.writeObjectFieldStart("summary");
        g.writeNumberField("total", summary.total());
        g.writeNumberField("suppressed", summary.suppressed());
        g.writeNumberField("ignored", summary.ignored());
        g.writeNumberField("fixable", summary.fixable());
        g.writeObjectFieldStart("bySeverity");
        for (SeverityLevel level : SeverityLevel.values()) {
            g.writeNumberField(level.id(), summary.count(level));
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("findings");
        for (Finding f : scan.findings()) {
            finding(g, f);
        }
        g.writeEndArray();
        g.writeFieldName("secrets");
        secrets(g, scan);
        g.writeFieldName("policy");
        policy(g, report);
        strings(g, "warnings", scan.warnings());
        g.writeEndObject();
    }

    private static void distro(JsonGenerator g, Distro d) throws IOException {
        if (d == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("versionId", d.versionId());
        g.writeStringField("codename", d.codename());
        g.writeStringField("prettyName", d.prettyName());
        g.writeEndObject();
    }

    /** What the cataloguing left out, beside the package count it qualifies; {@code partial} false when nothing. */
    private static void selection(JsonGenerator g, dev.warden.core.SbomSelection selection) throws IOException {
        g.writeObjectFieldStart("selection");
        g.writeBooleanField("partial", selection.partial());
        strings(g, "catalogers", selection.catalogers());
        strings(g, "skipDirs", selection.skipDirs());
        strings(g, "skipFiles", selection.skipFiles());
        g.writeStringField("warning", selection.caveat().orElse(null));
        g.writeEndObject();
    }

    private static void database(JsonGenerator g, ScanResult.DatabaseInfo db, java.time.Instant scannedAt) throws IOException {
        if (db == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("location", db.location());
        g.writeStringField("builtAt", text(db.builtAt()));
        g.writeStringField("dataDate", text(db.dataDate()));
        java.time.Duration age = db.age(scannedAt);
        g.writeStringField("age", age == null ? null : java.time.Period.ofDays((int) Math.min(Integer.MAX_VALUE, age.toDays())).toString());
        g.writeBooleanField("sample", db.sample());
        g.writeArrayFieldStart("sampleEcosystems"); // where the sample is still the data: Debian, Alpine...
        for (String ecosystem : db.sampleEcosystems()) {
            g.writeString(ecosystem);
        }
        g.writeEndArray();
        g.writeBooleanField("stale", db.stale(scannedAt));
        g.writeStringField("warning", db.caveat(scannedAt).orElse(null));
        g.writeObjectFieldStart("feeds"); // DatabaseInfo holds a Map.copyOf: never null, nor any count in it
        for (Map.Entry<String, Long> feed : new TreeMap<>(db.feeds()).entrySet()) { // by name: the same report twice is the same bytes
            g.writeNumberField(feed.getKey(), feed.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void finding(JsonGenerator g, Finding f) throws IOException {
        Package p = f.pkg();
        g.writeStartObject();
        g.writeStringField("id", f.id());
        strings(g, "aliases", f.aliases());
        g.writeObjectFieldStart("package");
        g.writeStringField("id", p.id());
        g.writeStringField("type", p.type());
        g.writeStringField("namespace", p.namespace());
        g.writeStringField("name", p.name());
        g.writeStringField("version", p.version());
        g.writeStringField("purl", p.purl());
        String identity = p.properties().get(PackageProperties.IDENTITY);
        if (identity != null) {
            // how a Java archive was named, and whether the finding rests on evidence weaker than published coordinates
            g.writeStringField("identity", identity);
            g.writeStringField("identityConfidence", "low".equals(p.properties().get(PackageProperties.CONFIDENCE)) ? "low" : "high");
        }
        g.writeFieldName("source");
        if (p.source() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("name", p.source().name());
            g.writeStringField("version", p.source().version());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("locations");
        for (Location l : p.locations()) {
            g.writeStartObject();
            g.writeStringField("path", l.path());
            g.writeStringField("layerDiffId", l.layerDiffId());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeStringField("matchedName", f.matchedName());
        g.writeStringField("matchedVersion", f.matchedVersion());
        g.writeStringField("ecosystem", f.ecosystem());
        g.writeStringField("status", f.status() == null ? null : f.status().id());
        g.writeBooleanField("fixable", f.fixable());
        strings(g, "fixedVersions", f.fixedVersions());
        g.writeFieldName("severity");
        rating(g, Severities.rating(f));
        g.writeArrayFieldStart("ratings");
        for (Rating r : f.ratings()) {
            rating(g, r);
        }
        g.writeEndArray();
        g.writeFieldName("kev");
        kev(g, f.kev());
        g.writeFieldName("epss");
        epss(g, f.epss());
        g.writeStringField("title", f.title());
        g.writeStringField("description", f.description());
        strings(g, "references", f.references());
        strings(g, "advisoryIds", f.advisoryIds());
        g.writeStringField("published", text(f.published()));
        g.writeBooleanField("suppressed", f.suppressed());
        g.writeFieldName("vex");
        vex(g, f.vex());
        g.writeEndObject();
    }

    private static void rating(JsonGenerator g, Rating r) throws IOException {
        g.writeStartObject();
        g.writeStringField("level", (r.level() == null ? SeverityLevel.UNKNOWN : r.level()).id());
        g.writeFieldName("score");
        if (r.score() == null) {
            g.writeNull();
        } else {
            g.writeNumber(r.score());
        }
        g.writeStringField("vector", r.vector());
        g.writeStringField("source", r.source());
        g.writeStringField("kind", r.kind());
        g.writeEndObject();
    }

    private static void kev(JsonGenerator g, KevEntry k) throws IOException {
        if (k == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("dateAdded", text(k.dateAdded()));
        g.writeStringField("dueDate", text(k.dueDate()));
        g.writeStringField("requiredAction", k.requiredAction());
        g.writeStringField("knownRansomwareCampaignUse", k.knownRansomwareCampaignUse());
        g.writeEndObject();
    }

    private static void epss(JsonGenerator g, EpssEntry e) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("score", e.score());
        g.writeNumberField("percentile", e.percentile());
        g.writeStringField("date", text(e.scoreDate()));
        g.writeEndObject();
    }

    private static void vex(JsonGenerator g, VexDecision d) throws IOException {
        if (d == null) {
            g.writeNull();
            return;
        }
        VexStatement s = d.statement();
        g.writeStartObject();
        g.writeStringField("status", s.status().id());
        g.writeStringField("vulnerability", s.vulnerability());
        g.writeStringField("justification", s.justification());
        g.writeStringField("impactStatement", s.impactStatement());
        g.writeStringField("actionStatement", s.actionStatement());
        g.writeStringField("timestamp", text(s.timestamp()));
        g.writeStringField("document", s.document());
        g.writeStringField("matchedOn", d.matchedOn());
        g.writeEndObject();
    }

    /** Absent when the files were not scanned for secrets, so "none found" ([]) and "not looked" differ. */
    private static void secrets(JsonGenerator g, ScanResult scan) throws IOException {
        if (!scan.sbom().secrets().scanned()) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Secret s : scan.sbom().secrets().secrets()) {
            g.writeStartObject();
            g.writeStringField("ruleId", s.ruleId());
            g.writeStringField("category", s.category());
            g.writeStringField("severity", s.severity().id());
            g.writeStringField("title", s.title());
            g.writeStringField("path", s.path());
            g.writeNumberField("line", s.line());
            g.writeStringField("layerDiffId", s.layerDiffId());
            g.writeStringField("match", s.match());
            if (s.removedLater()) {
                g.writeBooleanField("removedLater", true);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void policy(JsonGenerator g, Report report) throws IOException {
        if (!report.hasPolicies()) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName("score");
        Score s = report.score();
        if (s == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("points", s.points());
            g.writeNumberField("maximum", s.maximum());
            g.writeNumberField("percent", s.percent());
            g.writeStringField("grade", String.valueOf(s.grade()));
            g.writeEndObject();
        }
        g.writeArrayFieldStart("results");
        for (PolicyResult r : report.policies()) {
            g.writeStartObject();
            g.writeStringField("policyId", r.policyId());
            g.writeStringField("name", r.name());
            g.writeStringField("type", r.type());
            g.writeStringField("status", r.status().id());
            g.writeArrayFieldStart("violations");
            for (PolicyResult.Violation v : r.violations()) {
                g.writeStartObject();
                g.writeStringField("item", v.item());
                g.writeStringField("reason", v.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("missingData", r.missingData());
            g.writeNumberField("weight", r.weight());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A list of strings; the records this report is made of hold none that is null (List.copyOf). */
    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static String text(Object instantOrDate) {
        return instantOrDate == null ? null : instantOrDate.toString();
    }
}
