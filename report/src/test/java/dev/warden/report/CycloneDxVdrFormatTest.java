package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxVdrFormatTest {

    private static byte[] write(ScanResult scan) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CycloneDxVdrFormat().write(Report.of(scan, ReportOptions.DEFAULT), out);
        return out.toByteArray();
    }

    @Test
    void validCycloneDx16WithEveryFindingAsAnAffect() throws Exception {
        ScanResult scan = SampleScans.mixed();
        byte[] json = write(scan);
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).as("CycloneDX 1.6 schema errors").isEmpty();
        Bom bom = new JsonParser().parse(json);
        Set<String> refs = new HashSet<>();
        List<Component> pending = new ArrayList<>(bom.getComponents());
        while (!pending.isEmpty()) {
            Component c = pending.remove(0);
            refs.add(c.getBomRef());
            if (c.getComponents() != null) {
                pending.addAll(c.getComponents());
            }
        }
        int affects = 0;
        for (Vulnerability v : bom.getVulnerabilities()) {
            for (Vulnerability.Affect a : v.getAffects()) {
                assertThat(refs).as("affects point at components of the same BOM").contains(a.getRef());
                affects++;
            }
            assertThat(v.getRatings()).isNotEmpty();
        }
        assertThat(affects).isEqualTo(scan.findings().size());
        assertThat(bom.getComponents()).extracting(Component::getPurl).containsAll(scan.sbom().packages().stream().map(p -> p.purl()).toList());
    }

    @Test
    void vexBecomesTheAnalysisAndSuppressedFindingsStay() throws Exception {
        ScanResult scan = SampleScans.mixed();
        Bom bom = new JsonParser().parse(write(scan));
        for (Finding f : scan.findings()) {
            Vulnerability v = bom.getVulnerabilities().stream().filter(x -> x.getId().equals(f.id())).findFirst().orElseThrow();
            if (f.vex() == null) {
                assertThat(v.getAnalysis()).isNull();
                continue;
            }
            String expectedState = switch (f.vex().statement().status()) {
                case NOT_AFFECTED -> "not_affected";
                case FIXED -> "resolved";
                case AFFECTED -> "exploitable";
                case UNDER_INVESTIGATION -> "in_triage";
                case IGNORED -> "exploitable";
            };
            assertThat(v.getAnalysis().getState().getStateName()).isEqualTo(expectedState);
            if ("vulnerable_code_not_in_execute_path".equals(f.vex().statement().justification())) {
                assertThat(v.getAnalysis().getJustification().getJustificationName()).isEqualTo("code_not_reachable");
            }
            assertThat(v.getAnalysis().getDetail()).contains(f.vex().statement().document());
        }
    }

    @Test
    void hostileIdsAndReferencesStillGiveAValidDocument() throws Exception {
        Finding base = SampleScans.mixed().findings().get(0);
        Finding hostile = new Finding("CVE-2099-3 \"](x)", List.of("GHSA-<x>"), base.pkg(), base.matchedName(), base.matchedVersion(),
                base.ecosystem(), base.status(), base.fixedVersions(), base.severity(), base.ratings(), null, null, "t", "d",
                List.of("https://exa mple.com/<bad>", "http://", "javascript:alert(1)", "https://example.com/ok"), base.advisoryIds(),
                base.published(), null);
        ScanResult scan = SampleScans.mixed();
        List<Finding> findings = new ArrayList<>(scan.findings());
        findings.add(hostile);
        byte[] json = write(scan.withFindings(findings));
        assertThat(new JsonParser().validate(json, Version.VERSION_16)).as("CycloneDX 1.6 schema errors").isEmpty();
        Vulnerability v = new JsonParser().parse(json).getVulnerabilities().stream().filter(x -> x.getId().startsWith("CVE-2099-3"))
                .findFirst().orElseThrow();
        assertThat(v.getAdvisories()).extracting(Vulnerability.Advisory::getUrl).containsExactly("https://example.com/ok");
    }

    @Test
    void ratingsCarryScoreVectorAndMethod() throws Exception {
        Bom bom = new JsonParser().parse(write(SampleScans.mixed()));
        Vulnerability iconv = bom.getVulnerabilities().stream().filter(v -> v.getId().equals("CVE-2024-2961")).findFirst().orElseThrow();
        Vulnerability.Rating r = iconv.getRatings().get(0);
        assertThat(r.getScore()).isEqualTo(8.8);
        assertThat(r.getVector()).startsWith("CVSS:3.1/");
        assertThat(r.getMethod()).isEqualTo(Vulnerability.Rating.Method.CVSSV31);
        assertThat(r.getSeverity()).isEqualTo(Vulnerability.Rating.Severity.HIGH);
        assertThat(iconv.getRecommendation()).contains("2.36-9+deb12u6");
        assertThat(iconv.getReferences()).extracting(Vulnerability.Reference::getId).containsExactly("GHSA-xxxx-2961");
    }
}
