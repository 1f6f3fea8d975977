package dev.warden.policy;

import java.util.List;
import java.util.Locale;

/**
 * Just enough SPDX expression logic to judge a deny list: an {@code OR} is compliant when any side is, an
 * {@code AND} only when both are; {@code WITH} exceptions belong to their licence. Parenthesised groups are
 * evaluated recursively.
 */
final class LicenseExpression {

    /**
     * Deep nesting in a hostile SBOM must not exhaust the stack; an expression nested deeper than any real
     * licence counts as denied (fail closed) so nesting cannot hide a denied licence.
     */
    private static final int MAX_DEPTH = 32;

    private LicenseExpression() {}

    static boolean unavoidablyUses(String expression, List<String> denied) {
        return uses(expression.strip(), denied, 0);
    }

    private static boolean uses(String expr, List<String> denied, int depth) {
        if (depth > MAX_DEPTH) return true;
        expr = stripOuter(expr);
        List<String> alternatives = split(expr, " OR ");
        if (alternatives.size() > 1) {
            return alternatives.stream().allMatch(a -> uses(a, denied, depth + 1));
        }
        List<String> parts = split(expr, " AND ");
        if (parts.size() > 1) {
            return parts.stream().anyMatch(p -> uses(p, denied, depth + 1));
        }
        String id = expr.split(" WITH ", 2)[0].strip();
        return denied.stream().anyMatch(d -> d.equalsIgnoreCase(id));
    }

    private static String stripOuter(String expr) {
        while (expr.startsWith("(") && expr.endsWith(")") && closingOf(expr) == expr.length() - 1) {
            expr = expr.substring(1, expr.length() - 1).strip();
        }
        return expr;
    }

    private static int closingOf(String expr) {
        int depth = 0;
        for (int i = 0; i < expr.length(); i++) {
            if (expr.charAt(i) == '(') depth++;
            if (expr.charAt(i) == ')' && --depth == 0) return i;
        }
        return -1;
    }

    /** Splits at top-level operators only (case-insensitive), leaving parenthesised groups whole. */
    private static List<String> split(String expr, String operator) {
        var parts = new java.util.ArrayList<String>();
        String upper = expr.toUpperCase(Locale.ROOT);
        int depth = 0;
        int start = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && upper.startsWith(operator, i)) {
                parts.add(expr.substring(start, i).strip());
                start = i + operator.length();
                i = start - 1;
            }
        }
        parts.add(expr.substring(start).strip());
        return parts;
    }
}
