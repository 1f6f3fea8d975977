package dev.warden.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A custom policy: a boolean CEL expression over {@link ScanModel} that must hold. When it does not, the items that
 * make it false are found by re-evaluating the rule with one list variable emptied and then holding one item at a
 * time: an item that alone makes the rule false is listed. Rules that are false for another reason (a count, the
 * image user) are reported as a whole.
 */
final class CelRule {

    private static final List<String> LIST_VARIABLES = List.of(ScanModel.FINDINGS, ScanModel.ALL_FINDINGS, ScanModel.PACKAGES);

    private final PolicySpec.Custom spec;
    private final CelRuntime.Program program;
    private final Set<String> variablesUsed;

    private CelRule(PolicySpec.Custom spec, CelRuntime.Program program, Set<String> variablesUsed) {
        this.spec = spec;
        this.program = program;
        this.variablesUsed = variablesUsed;
    }

    /** Parses and type-checks the rule; an invalid rule is an {@link IllegalArgumentException} with CEL's messages on one line. */
    static CelRule compile(PolicySpec.Custom spec) {
        Cel cel = Environment.CEL;
        CelAbstractSyntaxTree ast;
        try {
            ast = cel.compile(spec.rule()).getAst();
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(e.getErrors().stream().map(CelRule::issue).collect(Collectors.joining("; ")));
        }
        Set<String> used = ast.getReferenceMap().values().stream().map(r -> r.name())
                .filter(ScanModel.VARIABLES::containsKey).collect(Collectors.toSet());
        try {
            return new CelRule(spec, cel.createProgram(ast), used);
        } catch (dev.cel.common.CelException e) {
            throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("invalid rule"));
        }
    }

    PolicyResult evaluate(ScanResult scan, Map<String, Object> model) {
        if (variablesUsed.contains(ScanModel.IMAGE) && !ScanModel.hasImage(scan)) {
            return result(PolicyStatus.NO_DATA, List.of(), "image configuration (the rule uses image, the source has none)");
        }
        var budget = new Budget();
        try {
            if (holds(model, budget)) return result(PolicyStatus.COMPLIANT, List.of(), "");
            return result(PolicyStatus.VIOLATED, offenders(model, budget), "");
        } catch (BudgetExceeded e) {
            return overBudget();
        } catch (CelEvaluationException e) {
            if (budget.exceeded()) return overBudget();
            return result(PolicyStatus.NO_DATA, List.of(), "the rule could not be evaluated: " + oneLine(e.getMessage()));
        }
    }

    private PolicyResult overBudget() {
        return result(PolicyStatus.NO_DATA, List.of(), "the rule is over its budget of " + PolicyLimits.MAX_RULE_STEPS
                + " evaluation steps for one image (finding the offenders included): simplify it");
    }

    /** The steps one rule has taken on one image; every evaluation, blame search included, draws on it. */
    private static final class Budget implements CelEvaluationListener {
        private long steps;

        @Override
        public void callback(CelExpr expr, Object result) {
            if (++steps > PolicyLimits.MAX_RULE_STEPS) throw new BudgetExceeded();
        }

        boolean exceeded() {
            return steps > PolicyLimits.MAX_RULE_STEPS;
        }
    }

    /** Thrown from inside CEL's interpreter to stop it; CEL may hand it back wrapped, hence {@link Budget#exceeded}. */
    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super("over budget", null, false, false);
        }
    }

    /**
     * Items that alone make the rule false. First with the other lists as they are (a rule about one list), then,
     * if that finds nothing, with the other lists emptied (a conjunction over several lists, where one list's
     * offenders keep the rule false whatever is done to another).
     */
    private List<PolicyResult.Violation> offenders(Map<String, Object> model, Budget budget) throws CelEvaluationException {
        var used = LIST_VARIABLES.stream().filter(variablesUsed::contains).toList();
        var offenders = new LinkedHashSet<String>();
        int[] probes = {0};
        for (boolean isolate : new boolean[] {false, true}) {
            if (isolate && used.size() < 2) break;
            for (String variable : used) {
                Map<String, Object> base = model;
                if (isolate) {
                    for (String other : used) if (!other.equals(variable)) base = with(base, other, List.of());
                }
                probe(base, variable, offenders, probes, budget);
            }
            if (!offenders.isEmpty()) break;
        }
        var violations = new ArrayList<PolicyResult.Violation>();
        offenders.stream().limit(PolicyLimits.MAX_LISTED_ITEMS).forEach(o -> violations.add(new PolicyResult.Violation(o, "makes the rule false")));
        if (offenders.size() > PolicyLimits.MAX_LISTED_ITEMS) {
            violations.add(new PolicyResult.Violation("and " + (offenders.size() - PolicyLimits.MAX_LISTED_ITEMS) + " more", "not listed"));
        }
        if (violations.isEmpty()) {
            violations.add(new PolicyResult.Violation("rule", "is false: " + oneLine(spec.rule())));
        }
        return violations;
    }

    /** Adds the items of {@code variable} that alone make the rule false, when emptying the list makes it hold. */
    private void probe(Map<String, Object> base, String variable, Set<String> offenders, int[] probes, Budget budget)
            throws CelEvaluationException {
        if (!holds(with(base, variable, List.of()), budget)) return;
        for (Object item : (List<?>) base.get(variable)) {
            if (++probes[0] > PolicyLimits.MAX_PROBES) return;
            if (!holds(with(base, variable, List.of(item)), budget)) offenders.add(ScanModel.describe(variable, item));
        }
    }

    private boolean holds(Map<String, Object> values, Budget budget) throws CelEvaluationException {
        return Boolean.TRUE.equals(program.trace(values, budget));
    }

    private static Map<String, Object> with(Map<String, Object> model, String variable, List<Object> items) {
        var copy = new HashMap<>(model);
        copy.put(variable, items);
        return copy;
    }

    private PolicyResult result(PolicyStatus status, List<PolicyResult.Violation> violations, String missing) {
        return new PolicyResult(spec.id(), spec.name(), "custom", status, violations, missing, spec.weight());
    }

    private static String issue(CelIssue issue) {
        var at = issue.getSourceLocation();
        String where = at.getLine() > 0 ? "line " + at.getLine() + " column " + (at.getColumn() + 1) + ": " : "";
        return where + issue.getMessage();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** One CEL environment for every rule: building it costs tens of milliseconds, and it holds no state. */
    private static final class Environment {
        static final Cel CEL = build();

        private static Cel build() {
            var builder = CelFactory.standardCelBuilder()
                    .setOptions(CelOptions.current().comprehensionMaxIterations(PolicyLimits.MAX_COMPREHENSION_ITERATIONS)
                            .maxExpressionCodePointSize(PolicyLimits.MAX_RULE_CHARS).build())
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                    .setTypeProvider(ScanModel.TYPES)
                    .setResultType(SimpleType.BOOL);
            ScanModel.VARIABLES.forEach(builder::addVar);
            return builder.build();
        }
    }
}
