package dev.warden.server;

import dev.warden.core.finding.ScanResult;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.vex.VexStatement;
import dev.warden.pipeline.ImageScans;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicySet;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which stored images a policy file would change, before it is published: each image matched once against the
 * advisories now, with the VEX that applies now, then judged by the active policy and by the candidate. Comparing the
 * two on the same findings shows what the policy change alone does (advisories that changed since the image was last
 * judged move both sides alike). Nothing is stored.
 */
public final class PolicyPreview {
    /** A verdict as the list shows it. */
    public record Outcome(String verdict, String grade, int score) {
        static Outcome of(PolicyEngine.Verdict v) {
            return new Outcome(Judge.Outcome.overall(v.results()), String.valueOf(v.score().grade()), v.score().percent());
        }
    }

    /** A policy whose status differs (null on one side: the policy is only in one of the files). */
    public record PolicyChange(String policyId, String name, String current, String proposed) {}

    /** An image whose verdict, grade or score would change. */
    public record Change(String digest, String repository, List<String> tags, Outcome current, Outcome proposed, List<PolicyChange> policies) {}

    /**
     * {@code evaluated} of {@code stored} images judged (newest push first, up to the preview's limit), and those that
     * would change. {@code complete} false: the images left out were not judged, so no one may read "no change" there.
     */
    public record Preview(long stored, int evaluated, List<Change> changes) {
        public boolean complete() {
            return evaluated >= stored;
        }
    }

    private final VulnDb advisories;
    private final ImageStore images;
    private final StoredImages stored;
    private final PolicyStore policies;
    private final VexStore vex;

    PolicyPreview(VulnDb advisories, ImageStore images, StoredImages stored, PolicyStore policies, VexStore vex) {
        this.advisories = advisories;
        this.images = images;
        this.stored = stored;
        this.policies = policies;
        this.vex = vex;
    }

    Preview preview(PolicySet candidate) {
        Instant now = Instant.now();
        PolicyEngine current = new PolicyEngine(policies.activeSet().set());
        PolicyEngine proposed = new PolicyEngine(candidate);
        List<VexStatement> statements = vex.approved(now);
        long total = images.count();
        List<String> digests = images.digests(ServerLimits.MAX_PREVIEW_IMAGES);
        List<Change> changes = new ArrayList<>();
        int evaluated = 0;
        try (AdvisoryStore store = advisories.open()) {
            ScanResult.DatabaseInfo database = advisories.describe(store);
            for (String digest : digests) {
                Optional<StoredImages.Judgeable> image = stored.load(digest);
                if (image.isEmpty()) {
                    continue;
                }
                evaluated++;
                ScanResult scan = ImageScans.match(image.get().sbom(), statements, store, database, now);
                PolicyEngine.Verdict before = current.evaluate(scan, image.get().context());
                PolicyEngine.Verdict after = proposed.evaluate(scan, image.get().context());
                Outcome a = Outcome.of(before);
                Outcome b = Outcome.of(after);
                if (!a.equals(b)) {
                    var summary = images.summary(digest);
                    changes.add(new Change(digest, summary.map(ImageStore.ImageSummary::repository).orElse(""),
                            summary.map(ImageStore.ImageSummary::tags).orElse(List.of()), a, b, policyChanges(before.results(), after.results())));
                }
            }
        }
        return new Preview(Math.max(total, evaluated), evaluated, changes);
    }

    private static List<PolicyChange> policyChanges(List<PolicyResult> before, List<PolicyResult> after) {
        Map<String, PolicyResult[]> byId = new LinkedHashMap<>();
        before.forEach(r -> byId.computeIfAbsent(r.policyId(), k -> new PolicyResult[2])[0] = r);
        after.forEach(r -> byId.computeIfAbsent(r.policyId(), k -> new PolicyResult[2])[1] = r);
        List<PolicyChange> out = new ArrayList<>();
        byId.forEach((id, pair) -> {
            String a = pair[0] == null ? null : pair[0].status().id();
            String b = pair[1] == null ? null : pair[1].status().id();
            if (!Objects.equals(a, b)) {
                out.add(new PolicyChange(id, (pair[1] != null ? pair[1] : pair[0]).name(), a, b));
            }
        });
        return out;
    }
}
