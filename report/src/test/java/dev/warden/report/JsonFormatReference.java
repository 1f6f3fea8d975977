package dev.warden.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference for {@link JsonFormat}: how it wrote {@code warden-scan/1} before it streamed, with Jackson's data
 * binding of one record per JSON object. {@code JsonFormatStreamingTest} requires the same bytes from both.
 */
final class JsonFormatReference {

    static void write(Report report, OutputStream out) throws IOException {
        Jsons.mapper().writeValue(out, document(report));
        out.write('\n');
    }

    record Document(String schema, ToolDoc tool, String scannedAt, Target target, Database database, SummaryDoc summary,
                    List<FindingDoc> findings, List<SecretDoc> secrets, PolicyDoc policy, List<String> warnings) {}

    /** A secret in the image's files; {@code match} is redacted (first four characters and {@code *****}). */
    record SecretDoc(String ruleId, String category, String severity, String title, String path, int line, String layerDiffId,
                     String match) {}

    record ToolDoc(String name, String version) {}

    record Target(String reference, String manifestDigest, String platform, Distro distro, int packages) {}

    record Database(String location, String builtAt, String dataDate, String age, boolean sample, boolean stale, String warning,
                    Map<String, Long> feeds) {}

    record SummaryDoc(int total, int suppressed, int fixable, Map<String, Integer> bySeverity) {}

    record FindingDoc(String id, List<String> aliases, @JsonProperty("package") PackageDoc pkg, String matchedName, String matchedVersion, String ecosystem,
                      String status, boolean fixable, List<String> fixedVersions, RatingDoc severity, List<RatingDoc> ratings,
                      KevDoc kev, EpssDoc epss, String title, String description, List<String> references,
                      List<String> advisoryIds, String published, boolean suppressed, VexDoc vex) {}

    record PackageDoc(String id, String type, String namespace, String name, String version, String purl,
                      SourcePackage source, List<Location> locations) {}

    record RatingDoc(String level, Double score, String vector, String source, String kind) {}

    record KevDoc(String dateAdded, String dueDate, String requiredAction, String knownRansomwareCampaignUse) {}

    record EpssDoc(double score, double percentile, String date) {}

    record VexDoc(String status, String vulnerability, String justification, String impactStatement, String actionStatement,
                  String timestamp, String document, String matchedOn) {}

    record PolicyDoc(ScoreDoc score, List<PolicyResultDoc> results) {}

    record ScoreDoc(int points, int maximum, int percent, String grade) {}

    record PolicyResultDoc(String policyId, String name, String type, String status, List<PolicyResult.Violation> violations,
                           String missingData, int weight) {}

    static Document document(Report report) {
        ScanResult scan = report.scan();
        Summary summary = report.summary();
        Map<String, Integer> bySeverity = new LinkedHashMap<>();
        for (SeverityLevel level : SeverityLevel.values()) {
            bySeverity.put(level.id(), summary.count(level));
        }
        Tool tool = Tool.warden();
        ImageInfo image = scan.sbom().image();
        Target target = new Target(image == null ? null : image.reference(), image == null ? null : image.manifestDigest(),
                image == null || image.platform() == null ? null : image.platform().toString(), scan.sbom().distro(),
                scan.sbom().packages().size());
        ScanResult.DatabaseInfo db = scan.database();
        java.time.Duration age = db == null ? null : db.age(scan.scannedAt());
        Database database = db == null ? null : new Database(db.location(), text(db.builtAt()), text(db.dataDate()),
                age == null ? null : "P" + age.toDays() + "D", db.sample(), db.stale(scan.scannedAt()),
                db.caveat(scan.scannedAt()).orElse(null), new java.util.TreeMap<>(db.feeds()));
        PolicyDoc policy = report.hasPolicies() ? new PolicyDoc(score(report.score()),
                report.policies().stream().map(JsonFormatReference::policyResult).toList()) : null;
        return new Document(JsonFormat.SCHEMA, new ToolDoc(tool.name(), tool.version()), text(scan.scannedAt()), target, database,
                new SummaryDoc(summary.total(), summary.suppressed(), summary.fixable(), bySeverity),
                scan.findings().stream().map(JsonFormatReference::finding).toList(), secrets(scan), policy, scan.warnings());
    }

    private static FindingDoc finding(Finding f) {
        Package p = f.pkg();
        return new FindingDoc(f.id(), f.aliases(),
                new PackageDoc(p.id(), p.type(), p.namespace(), p.name(), p.version(), p.purl(), p.source(), p.locations()),
                f.matchedName(), f.matchedVersion(), f.ecosystem(), f.status() == null ? null : f.status().id(), f.fixable(),
                f.fixedVersions(), rating(Severities.rating(f)), f.ratings().stream().map(JsonFormatReference::rating).toList(),
                kev(f.kev()), epss(f.epss()), f.title(), f.description(), f.references(), f.advisoryIds(), text(f.published()),
                f.suppressed(), vex(f.vex()));
    }

    /** Absent when the files were not scanned for secrets, so "none found" ([]) and "not looked" differ. */
    private static List<SecretDoc> secrets(ScanResult scan) {
        if (!scan.sbom().secrets().scanned()) {
            return null;
        }
        return scan.sbom().secrets().secrets().stream().map(s -> new SecretDoc(s.ruleId(), s.category(), s.severity().id(),
                s.title(), s.path(), s.line(), s.layerDiffId(), s.match())).toList();
    }

    private static RatingDoc rating(Rating r) {
        return new RatingDoc((r.level() == null ? SeverityLevel.UNKNOWN : r.level()).id(), r.score(), r.vector(), r.source(), r.kind());
    }

    private static KevDoc kev(KevEntry k) {
        return k == null ? null : new KevDoc(text(k.dateAdded()), text(k.dueDate()), k.requiredAction(), k.knownRansomwareCampaignUse());
    }

    private static EpssDoc epss(EpssEntry e) {
        return e == null ? null : new EpssDoc(e.score(), e.percentile(), text(e.scoreDate()));
    }

    private static VexDoc vex(VexDecision d) {
        if (d == null) {
            return null;
        }
        VexStatement s = d.statement();
        return new VexDoc(s.status().id(), s.vulnerability(), s.justification(), s.impactStatement(), s.actionStatement(),
                text(s.timestamp()), s.document(), d.matchedOn());
    }

    private static ScoreDoc score(Score s) {
        return s == null ? null : new ScoreDoc(s.points(), s.maximum(), s.percent(), String.valueOf(s.grade()));
    }

    private static PolicyResultDoc policyResult(PolicyResult r) {
        return new PolicyResultDoc(r.policyId(), r.name(), r.type(), r.status().id(), r.violations(), r.missingData(), r.weight());
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }

    private static String text(LocalDate d) {
        return d == null ? null : d.toString();
    }
}
