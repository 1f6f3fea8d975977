package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    /** B: libc6 upgraded (its iconv finding fixed), tar removed, a hostile npm package added with a critical finding. */
    static ScanResult upgraded(ScanResult a) {
        Package libc = a.sbom().packages().stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        Package newLibc = SampleScans.deb("libc6", "2.36-9+deb12u6", "glibc", "2.36-9+deb12u6");
        ScanResult hostile = HtmlFormatBrowserTest.hostileScan();
        Finding evil = hostile.findings().stream().filter(f -> f.id().equals(HtmlFormatBrowserTest.EVIL_ID)).findFirst().orElseThrow();
        List<Package> packages = new ArrayList<>();
        for (Package p : a.sbom().packages()) {
            if (p.name().equals("tar")) {
                continue;
            }
            packages.add(p == libc ? newLibc : p);
        }
        packages.add(evil.pkg());
        List<Finding> findings = new ArrayList<>();
        for (Finding f : a.findings()) {
            if (f.pkg().name().equals("tar") || f.id().equals("CVE-2024-2961")) {
                continue;
            }
            findings.add(f.pkg() == libc ? SampleScans.finding(f.id(), newLibc, Severities.level(f), null, null, f.status(),
                    f.fixedVersions(), f.title()) : f);
        }
        findings.add(0, SampleScans.finding("CVE-2099-0001", evil.pkg(), SeverityLevel.CRITICAL, 9.1, null, AffectedStatus.AFFECTED,
                List.of(), "new"));
        return new ScanResult(new Sbom(a.sbom().image(), a.sbom().distro(), packages, List.of()), findings, a.database(),
                a.scannedAt(), List.of());
    }

    @Test
    void packagesAndVulnerabilitiesAddedRemovedChanged() {
        ScanResult a = SampleScans.mixed();
        ScanResult b = upgraded(a);
        Comparison c = Comparison.of(a, b);
        assertThat(c.packageChanges()).extracting(Comparison.PackageChange::change, Comparison.PackageChange::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Comparison.Change.CHANGED, "deb/debian/libc6"),
                        org.assertj.core.groups.Tuple.tuple(Comparison.Change.REMOVED, "deb/debian/tar"),
                        org.assertj.core.groups.Tuple.tuple(Comparison.Change.ADDED, "npm/" + HtmlFormatBrowserTest.EVIL_NAME));
        assertThat(c.packageChanges().get(0).before()).containsExactly("2.36-9+deb12u4");
        assertThat(c.packageChanges().get(0).after()).containsExactly("2.36-9+deb12u6");
        assertThat(c.added()).extracting(Finding::id).containsExactly("CVE-2099-0001");
        // the suppressed finding is in neither list: it counted in neither scan
        assertThat(c.removed()).extracting(Finding::id).containsExactlyInAnyOrder("CVE-2024-2961", "CVE-2005-2541");
        assertThat(c.worse(SeverityLevel.CRITICAL)).isTrue();
        assertThat(c.worse(SeverityLevel.HIGH)).as("1 high became 1 critical").isFalse();
        assertThat(Comparison.of(b, a).worse(SeverityLevel.CRITICAL)).isFalse();
        assertThat(Comparison.of(a, a).packageChanges()).isEmpty();
        assertThat(Comparison.of(a, a).worse(SeverityLevel.UNKNOWN)).isFalse();
    }

    static String render(String format, Comparison c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ComparisonFormat.byId(format).write(c, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void formats() throws Exception {
        ScanResult a = SampleScans.mixed();
        Comparison c = Comparison.of(a, upgraded(a));
        String table = render("table", c);
        assertThat(table).contains("Packages: 1 added, 1 removed, 1 changed", "Vulnerabilities added in B: 1", "Vulnerabilities removed in B: 2",
                "changed  deb/debian/libc6");
        assertThat(table.lines().filter(l -> l.startsWith("critical "))).contains(
                String.format("%-12s %8d %8d %8s", "critical", 0, 1, "+1"));

        String md = render("markdown", c);
        assertThat(md).contains("### Vulnerabilities added: 1", "### Vulnerabilities removed: 2", "| changed | deb/debian/libc6 | 2.36-9+deb12u4 | 2.36-9+deb12u6 |")
                .doesNotContain("<script>").contains("&lt;script&gt;");

        JsonNode json = new ObjectMapper().readTree(render("json", c));
        assertThat(json.path("before").path("total").asInt()).isEqualTo(Summary.of(a.findings()).total());
        assertThat(json.path("after").path("counts").path("critical").asInt()).isEqualTo(1);
        assertThat(json.path("added").get(0).path("id").asText()).isEqualTo("CVE-2099-0001");
        assertThat(json.path("packages")).hasSize(3);
        assertThat(json.path("packages").get(1).path("after")).isEmpty();
    }

    @Test
    void markdownIsCutForLongLists() throws Exception {
        ScanResult many = SampleScans.many(250);
        Comparison c = Comparison.of(SampleScans.many(0), many);
        String md = render("markdown", c);
        assertThat(md).contains("### Vulnerabilities added: 250", "_... and 150 more not shown._");
        assertThat(md.length()).isLessThan(65_536);
    }
    @Test
    void policyAndScoreChanges() throws Exception {
        ScanResult a = SampleScans.mixed();
        java.util.List<dev.warden.core.policy.PolicyResult> before = HtmlFormatBrowserTest.policies();
        java.util.List<dev.warden.core.policy.PolicyResult> after = java.util.List.of(
                before.get(0),
                new dev.warden.core.policy.PolicyResult("non-root", "Default non-root user", "non-root-user",
                        dev.warden.core.policy.PolicyStatus.VIOLATED, java.util.List.of(new dev.warden.core.policy.PolicyResult.Violation("root", "runs as root")), null, 5),
                new dev.warden.core.policy.PolicyResult("licenses", "Compliant licences", "licenses",
                        dev.warden.core.policy.PolicyStatus.COMPLIANT, java.util.List.of(), null, 5));
        Comparison c = Comparison.of(a, a).withPolicies(new Comparison.Policies(before, new dev.warden.core.policy.Score(5, 40, 12, 'E'),
                after, new dev.warden.core.policy.Score(5, 45, 11, 'E')));
        assertThat(c.policies().changes()).extracting(Comparison.StatusChange::policyId).containsExactly("non-root", "licenses", "attestations");
        assertThat(c.policies().changes().get(0).before()).isEqualTo(dev.warden.core.policy.PolicyStatus.COMPLIANT);
        assertThat(c.policies().changes().get(1).before()).isNull();
        assertThat(c.policies().changes().get(2).after()).isNull();
        assertThat(c.worse(SeverityLevel.CRITICAL)).as("same findings, lower score").isTrue();
        Comparison same = Comparison.of(a, a).withPolicies(new Comparison.Policies(before, new dev.warden.core.policy.Score(5, 40, 12, 'E'),
                before, new dev.warden.core.policy.Score(5, 40, 12, 'E')));
        assertThat(same.worse(SeverityLevel.UNKNOWN)).isFalse();
        assertThat(same.policies().changes()).isEmpty();

        assertThat(render("table", c)).contains("Score: E (12%) -> E (11%)", "Policies changed: 3", "Default non-root user      compliant  violated",
                "Compliant licences         -          compliant");
        assertThat(render("markdown", c)).contains("### Policies: score E (12%) → E (11%), 3 policies changed",
                "| Supply chain attestations | no data | - |");
        JsonNode json = new ObjectMapper().readTree(render("json", c));
        assertThat(json.path("policies").path("afterScore").path("percent").asInt()).isEqualTo(11);
        assertThat(json.path("policies").path("changes").get(0).path("after").asText()).isEqualTo("violated");
        assertThat(new ObjectMapper().readTree(render("json", Comparison.of(a, a))).has("policies")).isFalse();
    }

    @Test
    void worseMeansAWorseGradeOrACompliantPolicyNowViolated() {
        ScanResult a = SampleScans.mixed();
        var compliant = new dev.warden.core.policy.PolicyResult("non-root", "Default non-root user", "non-root",
                dev.warden.core.policy.PolicyStatus.COMPLIANT, List.of(), null, 5);
        var noData = new dev.warden.core.policy.PolicyResult("non-root", "Default non-root user", "non-root",
                dev.warden.core.policy.PolicyStatus.NO_DATA, List.of(), "user unknown", 5);
        // compliant -> no data lowers the percentage within grade B: not worse (a registry that did not answer)
        Comparison sameGrade = Comparison.of(a, a).withPolicies(new Comparison.Policies(List.of(compliant),
                new dev.warden.core.policy.Score(85, 100, 85, 'B'), List.of(noData), new dev.warden.core.policy.Score(80, 100, 80, 'B')));
        assertThat(sameGrade.policies().scoreDropped()).isTrue();
        assertThat(sameGrade.worse(SeverityLevel.UNKNOWN)).isFalse();
        Comparison lowerGrade = Comparison.of(a, a).withPolicies(new Comparison.Policies(List.of(compliant),
                new dev.warden.core.policy.Score(91, 100, 91, 'A'), List.of(noData), new dev.warden.core.policy.Score(86, 100, 86, 'B')));
        assertThat(lowerGrade.worse(SeverityLevel.UNKNOWN)).isTrue();
        assertThat(lowerGrade.policies().newlyViolated()).isEmpty();
        Comparison betterGrade = Comparison.of(a, a).withPolicies(new Comparison.Policies(List.of(noData),
                new dev.warden.core.policy.Score(86, 100, 86, 'B'), List.of(compliant), new dev.warden.core.policy.Score(91, 100, 91, 'A')));
        assertThat(betterGrade.worse(SeverityLevel.UNKNOWN)).isFalse();
    }
}
