package dev.warden.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The comparison for scripts: both targets with their counts, package changes, findings added and removed. */
final class ComparisonJsonFormat implements ComparisonFormat {

    @Override
    public String id() {
        return "json";
    }

    @Override
    public void write(Comparison c, OutputStream out) throws IOException {
        ObjectMapper mapper = Jsons.mapper();
        ObjectNode doc = mapper.createObjectNode();
        target(doc.putObject("before"), c.before(), c.beforeSummary());
        target(doc.putObject("after"), c.after(), c.afterSummary());
        ArrayNode packages = doc.putArray("packages");
        for (Comparison.PackageChange p : c.packageChanges()) {
            ObjectNode n = packages.addObject();
            n.put("change", p.change().name().toLowerCase(java.util.Locale.ROOT));
            n.put("package", p.key());
            p.before().forEach(n.putArray("before")::add);
            p.after().forEach(n.putArray("after")::add);
        }
        findings(doc.putArray("added"), c.added());
        findings(doc.putArray("removed"), c.removed());
        if (c.policies() != null) {
            ObjectNode p = doc.putObject("policies");
            score(p, "beforeScore", c.policies().beforeScore());
            score(p, "afterScore", c.policies().afterScore());
            ArrayNode changes = p.putArray("changes");
            for (Comparison.StatusChange s : c.policies().changes()) {
                ObjectNode n = changes.addObject();
                n.put("policy", s.policyId());
                n.put("name", s.name());
                n.put("before", s.before() == null ? null : s.before().id());
                n.put("after", s.after() == null ? null : s.after().id());
            }
        }
        mapper.writeValue(out, doc);
        out.write('\n');
    }

    private static void score(ObjectNode parent, String field, dev.warden.core.policy.Score score) {
        if (score == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode n = parent.putObject(field);
        n.put("grade", String.valueOf(score.grade()));
        n.put("percent", score.percent());
        n.put("points", score.points());
        n.put("maximum", score.maximum());
    }

    private static void target(ObjectNode n, ScanResult scan, Summary s) {
        var image = scan.sbom().image();
        n.put("reference", image == null ? null : image.reference());
        n.put("digest", image == null ? null : image.manifestDigest());
        n.put("packages", scan.sbom().packages().size());
        // as the scan JSON's "selection": a partial SBOM's missing packages read as removed or added
        dev.warden.core.SbomSelection selection = scan.sbom().selection();
        ObjectNode sel = n.putObject("selection");
        sel.put("partial", selection.partial());
        selection.catalogers().forEach(sel.putArray("catalogers")::add);
        selection.skipDirs().forEach(sel.putArray("skipDirs")::add);
        selection.skipFiles().forEach(sel.putArray("skipFiles")::add);
        sel.put("warning", selection.caveat().orElse(null));
        ObjectNode counts = n.putObject("counts");
        for (SeverityLevel level : SeverityLevel.values()) {
            counts.put(level.id(), s.count(level));
        }
        n.put("total", s.total());
        n.put("fixable", s.fixable());
        n.put("suppressed", s.suppressed());
        n.put("ignored", s.ignored());
    }

    private static void findings(ArrayNode array, List<Finding> findings) {
        for (Finding f : findings) {
            ObjectNode n = array.addObject();
            n.put("id", f.id());
            n.put("severity", Severities.level(f).id());
            n.put("package", f.pkg().name());
            n.put("version", f.pkg().version());
            n.put("purl", f.pkg().purl());
            f.fixedVersions().forEach(n.putArray("fixedVersions")::add);
        }
    }
}
