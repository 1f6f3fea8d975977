package dev.warden.match.vex;

import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges statements from several documents into one set: for each (vulnerability, product, subcomponents) only
 * the latest statement is kept (timestamp, then input order, as {@link VexApplier} decides), so exact duplicates
 * collapse and superseded statements drop out. A statement that keeps some of its products is written with
 * those products only. Statements from formats that do not require OpenVEX's texts get one naming their source
 * ({@link #forOpenVex}).
 */
public final class VexMerge {
    private VexMerge() {}

    private record Key(String vulnerability, String product, String subcomponents) {}

    public static List<VexStatement> merge(List<VexStatement> statements) {
        Map<Key, Integer> winner = new HashMap<>();
        Comparator<Integer> older = Comparator.comparing((Integer i) -> statements.get(i).timestamp(),
                Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).thenComparingInt(i -> i);
        for (int i = 0; i < statements.size(); i++) {
            for (Key key : keys(statements.get(i))) {
                Integer current = winner.get(key);
                if (current == null || older.compare(current, i) < 0) {
                    winner.put(key, i);
                }
            }
        }
        Map<Integer, List<String>> productsKept = new LinkedHashMap<>();
        for (int i = 0; i < statements.size(); i++) {
            for (Key key : keys(statements.get(i))) {
                if (winner.get(key) == i) {
                    List<String> kept = productsKept.computeIfAbsent(i, k -> new ArrayList<>());
                    if (!kept.contains(key.product())) {
                        kept.add(key.product());
                    }
                }
            }
        }
        List<VexStatement> out = new ArrayList<>();
        productsKept.forEach((i, products) -> {
            VexStatement s = statements.get(i);
            out.add(forOpenVex(new VexStatement(s.vulnerability(), s.aliases(), products, s.subcomponents(), s.status(),
                    s.justification(), s.impactStatement(), s.actionStatement(), s.timestamp(), s.document())));
        });
        return out;
    }

    /**
     * CycloneDX and CSAF may say not_affected without a reason, or affected without an action; OpenVEX requires
     * one, so the merged statement says where the claim came from instead.
     */
    static VexStatement forOpenVex(VexStatement s) {
        boolean noReason = s.status() == VexStatus.NOT_AFFECTED && blank(s.justification()) && blank(s.impactStatement());
        boolean noAction = s.status() == VexStatus.AFFECTED && blank(s.actionStatement());
        if (!noReason && !noAction) {
            return s;
        }
        String impact = noReason ? "not_affected according to " + s.document() + ", which gives no justification" : s.impactStatement();
        String action = noAction ? "no action statement in " + s.document() : s.actionStatement();
        return new VexStatement(s.vulnerability(), s.aliases(), s.products(), s.subcomponents(), s.status(), s.justification(),
                impact, action, s.timestamp(), s.document());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static List<Key> keys(VexStatement s) {
        String vuln = s.vulnerability().trim().toUpperCase(Locale.ROOT);
        String subs = String.join(" ", new TreeSet<>(s.subcomponents()));
        return s.products().stream().map(p -> new Key(vuln, p, subs)).toList();
    }
}
