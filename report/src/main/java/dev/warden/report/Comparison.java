package dev.warden.report;

import dev.warden.core.Package;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed from scan A (before) to scan B (after): packages added, removed or changed (a package is its purl
 * type, namespace and name; its versions are compared as a set, since one Go module can sit in several binaries),
 * and unsuppressed vulnerabilities added and removed (a vulnerability is its id in one package).
 *
 * @param before          scan A
 * @param after           scan B
 * @param packageChanges  ordered by package key
 * @param added           findings of B that A did not have, most severe first
 * @param removed         findings of A that B no longer has, most severe first
 * @param policies        both images' policy results and scores, null when no policy ran
 */
public record Comparison(ScanResult before, ScanResult after, List<PackageChange> packageChanges, List<Finding> added,
                         List<Finding> removed, Policies policies) {

    public Comparison {
        packageChanges = List.copyOf(packageChanges);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    public enum Change { ADDED, REMOVED, CHANGED }

    /** Policy results and scores of A and B (a score may be null when its policies gave none). */
    public record Policies(List<PolicyResult> before, Score beforeScore, List<PolicyResult> after, Score afterScore) {
        public Policies {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }

        /** Policies whose status differs between A and B (or that only one of them has), in B's order then A's. */
        public List<StatusChange> changes() {
            Map<String, PolicyResult> a = new LinkedHashMap<>();
            before.forEach(p -> a.put(p.policyId(), p));
            Map<String, PolicyResult> b = new LinkedHashMap<>();
            after.forEach(p -> b.put(p.policyId(), p));
            List<StatusChange> out = new ArrayList<>();
            b.forEach((id, p) -> {
                PolicyResult old = a.get(id);
                if (old == null || old.status() != p.status()) {
                    out.add(new StatusChange(id, p.name(), old == null ? null : old.status(), p.status()));
                }
            });
            a.forEach((id, p) -> {
                if (!b.containsKey(id)) {
                    out.add(new StatusChange(id, p.name(), p.status(), null));
                }
            });
            return List.copyOf(out);
        }

        /** B's score is lower than A's (false when either has none). */
        public boolean scoreDropped() {
            return beforeScore != null && afterScore != null && afterScore.percent() < beforeScore.percent();
        }

        /** B's grade is worse than A's (A best, F worst; false when either has none). */
        public boolean gradeDropped() {
            return beforeScore != null && afterScore != null && afterScore.grade() > beforeScore.grade();
        }

        /** Policies compliant in A and violated in B. */
        public List<StatusChange> newlyViolated() {
            return changes().stream().filter(c -> c.before() == PolicyStatus.COMPLIANT && c.after() == PolicyStatus.VIOLATED).toList();
        }
    }

    /** One policy's status in A and B; null where that image did not evaluate it. */
    public record StatusChange(String policyId, String name, PolicyStatus before, PolicyStatus after) {}

    /**
     * @param key    {@code type/namespace/name} ({@code deb/debian/tar}, {@code golang/golang.org/x/net})
     * @param before versions in A, empty when added
     * @param after  versions in B, empty when removed
     */
    public record PackageChange(Change change, String key, List<String> before, List<String> after) {
        public PackageChange {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    public static Comparison of(ScanResult before, ScanResult after) {
        Map<String, TreeSet<String>> a = versions(before);
        Map<String, TreeSet<String>> b = versions(after);
        TreeMap<String, PackageChange> changes = new TreeMap<>();
        a.forEach((key, va) -> {
            TreeSet<String> vb = b.get(key);
            if (vb == null) {
                changes.put(key, new PackageChange(Change.REMOVED, key, List.copyOf(va), List.of()));
            } else if (!vb.equals(va)) {
                changes.put(key, new PackageChange(Change.CHANGED, key, List.copyOf(va), List.copyOf(vb)));
            }
        });
        b.forEach((key, vb) -> {
            if (!a.containsKey(key)) {
                changes.put(key, new PackageChange(Change.ADDED, key, List.of(), List.copyOf(vb)));
            }
        });
        Map<String, Finding> fa = findings(before);
        Map<String, Finding> fb = findings(after);
        List<Finding> added = new ArrayList<>();
        fb.forEach((k, f) -> {
            if (!fa.containsKey(k)) {
                added.add(f);
            }
        });
        List<Finding> removed = new ArrayList<>();
        fa.forEach((k, f) -> {
            if (!fb.containsKey(k)) {
                removed.add(f);
            }
        });
        return new Comparison(before, after, List.copyOf(changes.values()), added, removed, null);
    }

    /** This comparison with both images' policy results and scores. */
    public Comparison withPolicies(Policies both) {
        return new Comparison(before, after, packageChanges, added, removed, both);
    }

    public Summary beforeSummary() {
        return Summary.of(before.findings());
    }

    public Summary afterSummary() {
        return Summary.of(after.findings());
    }

    /** Unsuppressed findings of {@code threshold} or more severe in a summary. */
    public static int atLeast(Summary summary, SeverityLevel threshold) {
        return summary.atLeast(threshold);
    }

    /**
     * B has more unsuppressed findings of {@code threshold} or worse than A, a worse grade, or a policy that was
     * compliant in A is violated in B. A lower percentage within the same grade is not worse: a policy going from
     * compliant to no data (a registry that did not answer) lowers it without B being worse.
     */
    public boolean worse(SeverityLevel threshold) {
        return atLeast(afterSummary(), threshold) > atLeast(beforeSummary(), threshold)
                || policies != null && (policies.gradeDropped() || !policies.newlyViolated().isEmpty());
    }

    public long count(Change change) {
        return packageChanges.stream().filter(c -> c.change() == change).count();
    }

    static String key(Package p) {
        StringBuilder k = new StringBuilder(Objects.toString(p.type(), ""));
        if (p.namespace() != null && !p.namespace().isBlank()) {
            k.append('/').append(p.namespace());
        }
        return k.append('/').append(p.name()).toString();
    }

    private static Map<String, TreeSet<String>> versions(ScanResult scan) {
        Map<String, TreeSet<String>> out = new LinkedHashMap<>();
        for (Package p : scan.sbom().packages()) {
            out.computeIfAbsent(key(p), k -> new TreeSet<>()).add(Objects.toString(p.version(), ""));
        }
        return out;
    }

    /** Unsuppressed findings by vulnerability id and package key, in the scan's order (most severe first). */
    private static Map<String, Finding> findings(ScanResult scan) {
        Map<String, Finding> out = new LinkedHashMap<>();
        for (Finding f : scan.findings()) {
            if (!f.suppressed()) {
                out.putIfAbsent(f.id() + " " + (f.pkg() == null ? "" : key(f.pkg())), f);
            }
        }
        return out;
    }
}
