package dev.warden.report;

import dev.warden.catalog.sbom.CycloneDxWriter;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Package;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.Rating;
import dev.warden.core.finding.SeverityLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * CycloneDX 1.6 vulnerability disclosure report (VDR): the image's SBOM as {@code warden sbom} writes it,
 * plus one {@code vulnerabilities} entry per vulnerability and VEX outcome, whose {@code affects} point at
 * the packages' bom-refs. A VEX statement becomes the entry's {@code analysis}; suppressed findings stay.
 */
public final class CycloneDxVdrFormat implements ReportFormat {

    @Override
    public String id() {
        return "cyclonedx-json";
    }

    @Override
    public void write(Report report, OutputStream out) throws IOException {
        Bom bom = new CycloneDxWriter(Tool.warden()).toBom(report.scan().sbom());
        bom.setVulnerabilities(vulnerabilities(report.scan().findings(), bomRefs(bom)));
        databaseProperties(report, bom);
        try {
            String json = BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true);
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (GeneratorException e) {
            throw new IOException("cannot write CycloneDX: " + e.getMessage(), e);
        }
    }

    /**
     * The advisory data's date and standing as metadata properties: a VDR with no vulnerabilities made from the shipped
     * sample must not read as a clean bill of health to whoever receives the file.
     */
    private static void databaseProperties(Report report, Bom bom) {
        ScanResult.DatabaseInfo db = report.scan().database();
        if (db == null) {
            return;
        }
        if (bom.getMetadata() == null) {
            bom.setMetadata(new org.cyclonedx.model.Metadata());
        }
        List<Property> props = new ArrayList<>(bom.getMetadata().getProperties() == null ? List.of() : bom.getMetadata().getProperties());
        props.add(new Property("warden:database:dataDate", ScanResult.DatabaseInfo.dateOf(db.dataDate())));
        props.add(new Property("warden:database:sample", Boolean.toString(db.sample())));
        props.add(new Property("warden:database:stale", Boolean.toString(db.stale(report.scan().scannedAt()))));
        report.dataCaveat().ifPresent(caveat -> props.add(new Property("warden:database:warning", caveat)));
        bom.getMetadata().setProperties(props);
    }

    /** Package id to bom-ref. The SBOM writer uses the package id as bom-ref (suffixed when ids repeat: the first keeps it). */
    private static Map<String, String> bomRefs(Bom bom) {
        Map<String, String> refs = new HashMap<>();
        List<Component> pending = new ArrayList<>(bom.getComponents() == null ? List.of() : bom.getComponents());
        while (!pending.isEmpty()) {
            Component c = pending.remove(pending.size() - 1);
            if (c.getBomRef() != null) {
                refs.put(c.getBomRef(), c.getBomRef());
            }
            if (c.getComponents() != null) {
                pending.addAll(c.getComponents());
            }
        }
        return refs;
    }

    private static List<Vulnerability> vulnerabilities(List<Finding> findings, Map<String, String> refs) {
        // one entry per (vulnerability, VEX statement): CycloneDX's analysis belongs to the entry, not to each affect
        Map<List<Object>, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(List.of(f.id(), f.vex() == null ? "" : f.vex().statement()), k -> new ArrayList<>()).add(f);
        }
        List<Vulnerability> out = new ArrayList<>();
        int n = 0;
        for (List<Finding> group : groups.values()) {
            out.add(vulnerability(group, refs, ++n));
        }
        return out;
    }

    private static Vulnerability vulnerability(List<Finding> group, Map<String, String> refs, int n) {
        Finding first = group.get(0);
        Vulnerability v = new Vulnerability();
        v.setBomRef("vuln-" + n + "-" + first.id());
        v.setId(first.id());
        Vulnerability.Source source = new Vulnerability.Source();
        source.setName(sourceName(first.id()));
        source.setUrl(Links.of(first.id(), first.references()));
        v.setSource(source);
        List<Vulnerability.Reference> aliases = new ArrayList<>();
        for (String alias : first.aliases()) {
            Vulnerability.Reference r = new Vulnerability.Reference();
            r.setId(alias);
            Vulnerability.Source s = new Vulnerability.Source();
            s.setName(sourceName(alias));
            s.setUrl(Links.of(alias, List.of()));
            r.setSource(s);
            aliases.add(r);
        }
        if (!aliases.isEmpty()) {
            v.setReferences(aliases);
        }
        v.setRatings(ratings(first));
        if (!first.title().isBlank()) {
            v.setDescription(first.title());
        }
        if (!first.description().isBlank()) {
            v.setDetail(first.description());
        }
        String fixes = group.stream().filter(Finding::fixable)
                .map(f -> f.pkg().name() + " " + String.join(" or ", f.fixedVersions())).distinct().reduce((a, b) -> a + "; " + b).orElse(null);
        if (fixes != null) {
            v.setRecommendation("Upgrade to a fixed version: " + fixes);
        }
        List<Vulnerability.Advisory> advisories = first.references().stream().filter(Links::isWebUri).map(r -> {
            Vulnerability.Advisory a = new Vulnerability.Advisory();
            a.setUrl(r);
            return a;
        }).toList();
        if (!advisories.isEmpty()) {
            v.setAdvisories(advisories);
        }
        if (first.published() != null) {
            v.setPublished(Date.from(first.published()));
        }
        List<Vulnerability.Affect> affects = new ArrayList<>();
        for (Finding f : group) {
            Vulnerability.Affect a = new Vulnerability.Affect();
            a.setRef(refOf(f.pkg(), refs));
            Vulnerability.Version version = new Vulnerability.Version();
            version.setVersion(f.pkg().version());
            version.setStatus(f.suppressed() ? Vulnerability.Version.Status.UNAFFECTED : Vulnerability.Version.Status.AFFECTED);
            a.setVersions(List.of(version));
            affects.add(a);
        }
        v.setAffects(affects);
        if (first.vex() != null) {
            v.setAnalysis(CycloneDxAnalysis.of(first.vex().statement()));
        }
        List<Property> props = new ArrayList<>();
        if (first.kev() != null) {
            props.add(new Property("warden:kev:dateAdded", Objects.toString(first.kev().dateAdded(), "")));
            if (first.kev().dueDate() != null) {
                props.add(new Property("warden:kev:dueDate", first.kev().dueDate().toString()));
            }
        }
        if (first.epss() != null) {
            props.add(new Property("warden:epss:score", Double.toString(first.epss().score())));
            props.add(new Property("warden:epss:percentile", Double.toString(first.epss().percentile())));
        }
        for (Finding f : group) {
            if (f.status() != null) {
                props.add(new Property("warden:status:" + refOf(f.pkg(), refs), f.status().id()));
            }
        }
        if (!props.isEmpty()) {
            v.setProperties(props);
        }
        return v;
    }

    private static String refOf(Package p, Map<String, String> refs) {
        String ref = p.id() == null ? null : refs.get(p.id());
        return ref != null ? ref : p.purl() != null ? p.purl() : p.name();
    }

    private static List<Vulnerability.Rating> ratings(Finding f) {
        List<Rating> all = new ArrayList<>(f.ratings());
        Rating chosen = Severities.rating(f);
        if (!all.contains(chosen) && chosen != Rating.UNKNOWN) {
            all.add(0, chosen);
        }
        List<Vulnerability.Rating> out = new ArrayList<>();
        for (Rating r : all) {
            Vulnerability.Rating cr = new Vulnerability.Rating();
            if (r.source() != null && !r.source().isBlank()) {
                Vulnerability.Source s = new Vulnerability.Source();
                s.setName(r.source());
                cr.setSource(s);
            }
            cr.setScore(r.score());
            cr.setSeverity(severity(r.level()));
            cr.setMethod(method(r));
            if (r.vector() != null && !r.vector().isBlank()) {
                cr.setVector(r.vector());
            }
            out.add(cr);
        }
        if (out.isEmpty()) {
            Vulnerability.Rating unknown = new Vulnerability.Rating();
            unknown.setSeverity(Vulnerability.Rating.Severity.UNKNOWN);
            out.add(unknown);
        }
        return out;
    }

    private static Vulnerability.Rating.Severity severity(SeverityLevel level) {
        if (level == null) {
            return Vulnerability.Rating.Severity.UNKNOWN;
        }
        return switch (level) {
            case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
            case HIGH -> Vulnerability.Rating.Severity.HIGH;
            case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
            case LOW -> Vulnerability.Rating.Severity.LOW;
            case NEGLIGIBLE -> Vulnerability.Rating.Severity.INFO;
            case UNKNOWN -> Vulnerability.Rating.Severity.UNKNOWN;
        };
    }

    private static Vulnerability.Rating.Method method(Rating r) {
        String kind = r.kind() == null ? "" : r.kind();
        String vector = r.vector() == null ? "" : r.vector();
        return switch (kind) {
            case "CVSS_V4" -> Vulnerability.Rating.Method.CVSSV4;
            case "CVSS_V3" -> vector.startsWith("CVSS:3.0") ? Vulnerability.Rating.Method.CVSSV3 : Vulnerability.Rating.Method.CVSSV31;
            case "CVSS_V2" -> Vulnerability.Rating.Method.CVSSV2;
            default -> Vulnerability.Rating.Method.OTHER;
        };
    }

    /** The database an id comes from, by its prefix. */
    private static String sourceName(String id) {
        int dash = id.indexOf('-');
        String prefix = dash > 0 ? id.substring(0, dash) : id;
        return switch (prefix) {
            case "CVE" -> "NVD";
            case "GHSA" -> "GitHub";
            case "GO" -> "Go Vulnerability Database";
            case "PYSEC" -> "PyPA";
            case "DSA", "DLA", "DEBIAN" -> "Debian";
            default -> "OSV";
        };
    }
}
