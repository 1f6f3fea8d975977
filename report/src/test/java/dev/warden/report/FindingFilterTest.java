package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingFilterTest {
    private final ScanResult scan = SampleScans.mixed();

    private List<Finding> keep(FindingFilter filter) {
        return filter.apply(scan.findings());
    }

    @Test
    void eachFilterKeepsExactlyWhatItNames() {
        assertThat(keep(FindingFilter.NONE)).isEqualTo(scan.findings());
        Set<SeverityLevel> severe = FindingFilter.parseSeverities(List.of("critical", "HIGH"));
        assertThat(keep(new FindingFilter(severe, FindingFilter.Fix.ANY, Set.of(), Set.of())))
                .isNotEmpty().allMatch(f -> severe.contains(Severities.level(f)))
                .hasSize((int) scan.findings().stream().filter(f -> severe.contains(Severities.level(f))).count());
        assertThat(keep(new FindingFilter(Set.of(), FindingFilter.Fix.FIXABLE_ONLY, Set.of(), Set.of())))
                .isNotEmpty().allMatch(Finding::fixable);
        assertThat(keep(new FindingFilter(Set.of(), FindingFilter.Fix.UNFIXABLE_ONLY, Set.of(), Set.of())))
                .isNotEmpty().noneMatch(Finding::fixable);
        assertThat(keep(new FindingFilter(Set.of(), FindingFilter.Fix.FIXABLE_ONLY, Set.of(), Set.of())).size()
                + keep(new FindingFilter(Set.of(), FindingFilter.Fix.UNFIXABLE_ONLY, Set.of(), Set.of())).size())
                .isEqualTo(scan.findings().size());
        Set<AffectedStatus> ignored = FindingFilter.parseStatuses(List.of("will_not_fix", "affected"));
        assertThat(keep(new FindingFilter(Set.of(), FindingFilter.Fix.ANY, ignored, Set.of())))
                .noneMatch(f -> ignored.contains(f.status()))
                .hasSize((int) scan.findings().stream().filter(f -> !ignored.contains(f.status())).count());
    }

    @Test
    void ecosystemsByPurlTypeOrOsvName() {
        List<Finding> deb = keep(new FindingFilter(Set.of(), FindingFilter.Fix.ANY, Set.of(), FindingFilter.parseEcosystems(List.of("deb"))));
        List<Finding> debian = keep(new FindingFilter(Set.of(), FindingFilter.Fix.ANY, Set.of(), FindingFilter.parseEcosystems(List.of("Debian"))));
        assertThat(deb).isNotEmpty().isEqualTo(debian).allMatch(f -> f.pkg().type().equals("deb"));
        List<Finding> go = keep(new FindingFilter(Set.of(), FindingFilter.Fix.ANY, Set.of(), FindingFilter.parseEcosystems(List.of("Go"))));
        assertThat(go).isNotEmpty().allMatch(f -> f.pkg().type().equals("golang"));
        assertThat(deb.size() + go.size()).isEqualTo(scan.findings().size());
    }

    @Test
    void unknownWordsAreBadInputNamingTheChoices() {
        assertThatThrownBy(() -> FindingFilter.parseSeverities(List.of("severe"))).isInstanceOf(WardenException.class)
                .hasMessage("unknown severity 'severe': expected one of critical, high, medium, low, negligible, unknown");
        assertThatThrownBy(() -> FindingFilter.parseStatuses(List.of("wontfix"))).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("unknown status 'wontfix': expected one of fixed, affected, will_not_fix");
        assertThatThrownBy(() -> FindingFilter.parseEcosystems(List.of("debain"))).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("unknown ecosystem 'debain'");
        assertThat(FindingFilter.parseStatuses(List.of("will-not-fix"))).containsExactly(AffectedStatus.WILL_NOT_FIX);
    }

    @Test
    void formatRegistryByIdAndUnknownId() {
        // other formats are added after these; ids must stay unique
        assertThat(ReportFormats.ids()).startsWith("table", "json", "sarif", "cyclonedx-json", "markdown").doesNotHaveDuplicates();
        assertThat(ReportFormats.byId("sarif")).isInstanceOf(SarifFormat.class);
        // as peers accept them: any case, and Trivy's name for CycloneDX JSON
        assertThat(ReportFormats.byId("SARIF")).isInstanceOf(SarifFormat.class);
        assertThat(ReportFormats.byId("Json")).isInstanceOf(JsonFormat.class);
        assertThat(ReportFormats.byId("cyclonedx")).isInstanceOf(CycloneDxVdrFormat.class);
        assertThatThrownBy(() -> ReportFormats.byId("xml")).isInstanceOf(WardenException.class)
                .hasMessage("unknown report format 'xml': expected one of " + String.join(", ", ReportFormats.ids()));
    }
}
