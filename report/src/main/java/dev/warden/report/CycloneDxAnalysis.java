package dev.warden.report;

import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import dev.warden.match.vex.CycloneDxVexMapping;
import java.util.Date;
import org.cyclonedx.model.vulnerability.Vulnerability.Analysis;

/**
 * A VEX statement as a CycloneDX {@code analysis}, through the one mapping the VEX readers use
 * ({@link CycloneDxVexMapping}, tables in docs/vex.md), so a VDR read back as CycloneDX VEX gives the same
 * statuses and justifications. The impact or action statement becomes the detail, with the document named.
 */
final class CycloneDxAnalysis {
    private CycloneDxAnalysis() {}

    static Analysis of(VexStatement s) {
        Analysis a = new Analysis();
        a.setState(Analysis.State.fromString(CycloneDxVexMapping.state(s.status())));
        String justification = s.justification() == null ? null
                // a justification already in CycloneDX's words (from a CycloneDX VEX) is kept as it is
                : Analysis.Justification.fromString(s.justification()) != null ? s.justification()
                : CycloneDxVexMapping.cycloneDxJustification(s.justification()).orElse(null);
        if (justification != null) {
            a.setJustification(Analysis.Justification.fromString(justification));
        }
        String statement = s.impactStatement() != null ? s.impactStatement() : s.actionStatement();
        StringBuilder detail = new StringBuilder(statement == null ? "" : statement);
        if (s.status() == VexStatus.IGNORED) {
            // a risk accepted in an ignore file: CycloneDX says exploitable, not fixed, and why
            a.setResponses(java.util.List.of(Analysis.Response.WILL_NOT_FIX));
        }
        if (s.document() != null && !s.document().isBlank()) {
            detail.append(detail.isEmpty() ? "" : " ").append(s.status() == VexStatus.IGNORED ? "(ignore file: " : "(VEX: ")
                    .append(s.document()).append(')');
        }
        if (!detail.isEmpty()) {
            a.setDetail(detail.toString());
        }
        if (s.timestamp() != null) {
            a.setLastUpdated(Date.from(s.timestamp()));
        }
        return a;
    }
}
