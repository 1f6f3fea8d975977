package dev.warden.match.vex;

import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.util.ArrayList;
import java.util.List;

/** The OpenVEX v0.2.0 rules a statement must meet before Warden writes it. */
public final class OpenVexRules {
    private OpenVexRules() {}

    /** Every rule the statement breaks, as one line each; empty when valid. */
    public static List<String> problems(VexStatement s) {
        List<String> out = new ArrayList<>();
        if (s.vulnerability() == null || s.vulnerability().isBlank()) {
            out.add("a statement needs a vulnerability");
        }
        if (s.products().isEmpty() || s.products().stream().anyMatch(p -> p == null || p.isBlank())) {
            out.add("a statement needs at least one product, and no empty one");
        }
        if (s.status() == null) {
            out.add("a statement needs a status (not_affected, affected, fixed, under_investigation)");
            return out;
        }
        boolean hasJustification = s.justification() != null && !s.justification().isBlank();
        boolean hasImpact = s.impactStatement() != null && !s.impactStatement().isBlank();
        if (hasJustification && !OpenVexJustification.isValid(s.justification())) {
            out.add("unknown justification '" + s.justification() + "': use one of " + String.join(", ", OpenVexJustification.ALL));
        }
        if (s.status() == VexStatus.NOT_AFFECTED && !hasJustification && !hasImpact) {
            out.add("not_affected needs a justification or an impact statement");
        }
        if (s.status() != VexStatus.NOT_AFFECTED && hasJustification) {
            out.add("a justification is only for not_affected, not " + s.status().id());
        }
        if (s.status() == VexStatus.AFFECTED && (s.actionStatement() == null || s.actionStatement().isBlank())) {
            out.add("affected needs an action statement");
        }
        return out;
    }
}
