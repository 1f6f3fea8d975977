package dev.warden.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why an image was judged: a push, a change of the advisory database (with the advisory ids of the change), VEX
 * statements approved or changed, a policy version published, or another trigger a caller names (the nightly job's
 * {@code watch}). Stored with the judgement ({@code judgement.cause} and {@code cause_detail}) and with its alerts.
 *
 * @param kind       push | advisories | epss | vex | policy | watch ...
 * @param advisories the advisory ids that caused it (empty when not advisories, or when everything may have changed)
 * @param detail     what else identifies the trigger: the change log's seq range, the VEX statement ids, the policy version
 */
public record Cause(String kind, List<String> advisories, Map<String, Object> detail) {
    /** Advisory ids kept in one judgement's cause: a re-match of everything names none. */
    public static final int MAX_ADVISORIES_NAMED = 1_000;

    public Cause {
        advisories = List.copyOf(advisories.size() > MAX_ADVISORIES_NAMED ? advisories.subList(0, MAX_ADVISORIES_NAMED) : advisories);
        detail = Map.copyOf(detail);
    }

    public static Cause of(String kind) {
        return new Cause(kind, List.of(), Map.of());
    }

    public static Cause push() {
        return of("push");
    }

    public static Cause advisories(List<String> ids, Map<String, Object> detail) {
        return new Cause("advisories", ids, detail);
    }

    /** EPSS scores of these CVEs moved (an EPSS import, through the change log): nothing else touched the image. */
    public static Cause epss(List<String> cves, Map<String, Object> detail) {
        return new Cause("epss", cves, detail);
    }

    public static Cause vex(List<String> statementIds, long revision) {
        return new Cause("vex", List.of(), Map.of("vexStatements", List.copyOf(statementIds), "vexRevision", revision));
    }

    public static Cause policy(Long version) {
        return new Cause("policy", List.of(), version == null ? Map.of("policyVersion", "default") : Map.of("policyVersion", version));
    }

    /** The judgement's cause_detail document: the trigger and the findings that came and went. */
    Map<String, Object> detail(ImageStore.FindingChanges changes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("advisories", advisories);
        m.putAll(new java.util.TreeMap<>(detail));
        m.put("newFindings", changes.added().stream().map(f -> f.id()).distinct().sorted().toList());
        m.put("resolvedFindings", changes.resolved().stream().distinct().sorted().toList());
        return m;
    }
}
