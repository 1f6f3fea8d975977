package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.advisory.AdvisoryLookup;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.LookupKeys;
import dev.warden.match.Matcher;
import dev.warden.match.vex.VexApplier;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicySet;
import dev.warden.policy.PolicySpec;
import dev.warden.policy.ScoreCalculator;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Re-judges stored images after advisories changed by doing only what the change can alter: the packages the changed
 * advisories name (their lookup keys, and those with an open finding of a changed advisory) are matched again from
 * the match index ({@link MatchIndex}: no SBOM read back), VEX applied to those findings, and merged with the image's
 * other open findings as stored; then only the policies that read findings are evaluated again, the others' results
 * kept from the judgement in force, and the score computed anew. The result is what a full re-judgement gives
 * (IncrementalRejudgeTest proves it on random advisory changes), and it is written for the whole batch in one
 * transaction ({@link RejudgeWriter}).
 *
 * <p>An image is judged in full instead ({@link Plan#full}) when the shortcut cannot know the answer: not indexed yet
 * (stored before server schema 6), no judgement in force, or one made under another policy version or VEX revision;
 * and every image when the policy has custom rules (they may read the whole SBOM) or a VEX statement names
 * subcomponents (it looks for its product among every package of the SBOM).
 */
final class IncrementalJudge {
    /** The images judged here, and those left to the full path. */
    record Plan(List<ImageStore.Rejudged> done, List<String> full) {}

    /** The order the matcher gives its findings: severity, then package, then id. */
    static final Comparator<Finding> FINDING_ORDER = Comparator.comparing((Finding f) -> f.severity().level())
            .thenComparing(f -> f.pkg().purl())
            .thenComparing(Finding::id);

    private final ObjectMapper json;

    IncrementalJudge(ObjectMapper json) {
        this.json = json;
    }

    /** Whether anything can be judged incrementally under this policy and these statements. */
    static boolean possible(PolicySet policies, List<VexStatement> statements) {
        return policies.policies().stream().noneMatch(p -> p instanceof PolicySpec.Custom)
                && statements.stream().allMatch(s -> s.subcomponents().isEmpty());
    }

    /**
     * Judges the batch in the caller's transaction. {@code keys}: the lookup keys of the changes each image holds;
     * {@code causes}: each image's cause, its advisories the changed ids.
     */
    Plan judge(Connection c, MatchIndex index, RejudgeWriter writer, long now, Map<String, Cause> causes, Map<String, Set<LookupKeys.Key>> keys,
               PolicyStore.Active active, long vexRevision, List<VexStatement> statements, AdvisoryLookup advisories,
               ScanResult.DatabaseInfo database, ExecutorService pool) throws SQLException {
        List<String> digests = new ArrayList<>(causes.keySet());
        List<String> full = new ArrayList<>();
        if (!possible(active.set(), statements)) {
            return new Plan(List.of(), digests);
        }
        writer.lock(c, digests); // before reading what the writer compares against: it stays true until the commit
        Map<String, MatchIndex.View> views = index.views(c, digests);
        Map<String, RejudgeWriter.Current> current = RejudgeWriter.current(c, digests);
        List<String> ids = active.set().policies().stream().map(PolicySpec::id).toList();
        Map<String, List<PolicyResult>> storedResults = new HashMap<>();
        Map<String, List<PolicyResult>> parsedResults = new HashMap<>(); // many images have the same results: each document parsed once
        List<String> eligible = new ArrayList<>();
        for (String d : digests) {
            RejudgeWriter.Current now0 = current.get(d);
            if (now0 == null) {
                continue; // no longer stored
            }
            ImageStore.Judgement j = now0.judgement();
            List<PolicyResult> results = j == null ? null : parsedResults.computeIfAbsent(j.results(), doc -> results(j));
            if (!views.containsKey(d) || j == null || !Objects.equals(j.policyVersion(), active.version()) || j.vexRevision() != vexRevision
                    || !results.stream().map(PolicyResult::policyId).toList().equals(ids)) {
                full.add(d);
                continue;
            }
            storedResults.put(d, results);
            eligible.add(d);
        }
        Map<String, List<RejudgeWriter.FindingRow>> rows = RejudgeWriter.findingRows(c, eligible);
        Map<String, Finding> parsed = new ConcurrentHashMap<>(); // one document, one finding, however many images have it
        Map<String, List<Finding>> open = new HashMap<>();
        Map<String, Map<String, Package>> byFinding = new HashMap<>();
        Set<LookupKeys.Key> allKeys = new LinkedHashSet<>();
        for (String d : eligible) {
            Set<String> changed = new java.util.HashSet<>(causes.get(d).advisories());
            List<Finding> findings = new ArrayList<>();
            for (RejudgeWriter.FindingRow row : rows.getOrDefault(d, List.of())) {
                if (row.open()) {
                    Finding f = parsed.computeIfAbsent(row.doc(), this::finding);
                    findings.add(f);
                    if (f.allIds().stream().anyMatch(changed::contains)) {
                        // a finding of a changed advisory: its package is matched again whatever key it is under now
                        byFinding.computeIfAbsent(d, x -> new java.util.LinkedHashMap<>()).putIfAbsent(RejudgeWriter.packageRef(f.pkg()), f.pkg());
                    }
                }
            }
            open.put(d, findings);
            allKeys.addAll(keys.getOrDefault(d, Set.of()));
        }
        Map<String, Map<String, Package>> packages = index.packages(c, eligible, allKeys);
        byFinding.forEach((d, more) -> more.forEach((ref, p) -> packages.computeIfAbsent(d, x -> new java.util.LinkedHashMap<>()).putIfAbsent(ref, p)));
        PolicySet readingFindings = new PolicySet(active.set().source(), active.set().policies().stream().filter(PolicyEngine::readsFindings).toList());
        PolicyEngine engine = new PolicyEngine(readingFindings);
        VexApplier vex = statements.isEmpty() ? null : new VexApplier(statements);
        Instant at = Instant.ofEpochMilli(now);
        List<Future<RejudgeWriter.Rejudgement>> work = new ArrayList<>();
        for (String d : eligible) {
            work.add(pool.submit(() -> judgeOne(d, causes.get(d), views.get(d), packages.getOrDefault(d, Map.of()), open.get(d), storedResults.get(d),
                    active, vexRevision, vex, engine, advisories, database, at)));
        }
        List<RejudgeWriter.Rejudgement> batch = new ArrayList<>();
        for (Future<RejudgeWriter.Rejudgement> f : work) {
            batch.add(await(f));
        }
        return new Plan(writer.write(c, batch, rows, current, now, true), full);
    }

    private RejudgeWriter.Rejudgement judgeOne(String digest, Cause cause, MatchIndex.View view, Map<String, Package> packages, List<Finding> open,
                                               List<PolicyResult> stored, PolicyStore.Active active, long vexRevision, VexApplier vex,
                                               PolicyEngine engine, AdvisoryLookup advisories, ScanResult.DatabaseInfo database, Instant at) {
        Sbom part = new Sbom(view.image(), view.distro(), List.copyOf(packages.values()), List.of(), null);
        List<Finding> matched = new Matcher(advisories).match(part).findings();
        List<Finding> judged = vex == null ? matched : vex.apply(part, matched);
        Set<String> scope = packages.keySet();
        List<Finding> all = new ArrayList<>(judged);
        for (Finding f : open) {
            if (!scope.contains(RejudgeWriter.packageRef(f.pkg()))) {
                all.add(f);
            }
        }
        all.sort(FINDING_ORDER);
        ScanResult scan = new ScanResult(part, all, database, at, List.of());
        List<PolicyResult> fresh = engine.evaluate(scan, PolicyEngine.Context.OFFLINE).results();
        List<PolicyResult> results = new ArrayList<>(stored.size());
        int next = 0;
        for (int i = 0; i < stored.size(); i++) {
            results.add(PolicyEngine.readsFindings(active.set().policies().get(i)) ? fresh.get(next++) : stored.get(i));
        }
        return new RejudgeWriter.Rejudgement(digest, cause, Set.copyOf(scope), judged, all, results, ScoreCalculator.score(results), database,
                active.version(), vexRevision);
    }

    private List<PolicyResult> results(ImageStore.Judgement j) {
        try {
            return List.of(json.readValue(j.results(), PolicyResult[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy results of judgement " + j.id() + " cannot be read", e);
        }
    }

    private Finding finding(String doc) {
        try {
            return json.readValue(doc, Finding.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored finding cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-judging", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
