package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Re-judges stored images: reads each one's SBOM and facts back, matches it against the advisory database now, applies
 * the approved VEX statements and the active policy, and records findings, judgement (with its {@link Cause}) and
 * alerts in one transaction per image ({@link ImageStore#rejudged}). The entry point for every trigger: the monitor
 * (advisories, VEX, policy) and the nightly job. Policy, VEX and the advisory store are read once per call.
 */
public final class ImageRejudger {
    /** What one call did. */
    public record Result(int judged, int changed, int alerts, List<String> missing, List<String> failed) {
        static Result empty() {
            return new Result(0, 0, 0, List.of(), List.of());
        }

        Result plus(Result other) {
            List<String> m = new ArrayList<>(missing);
            m.addAll(other.missing);
            List<String> f = new ArrayList<>(failed);
            f.addAll(other.failed);
            return new Result(judged + other.judged, changed + other.changed, alerts + other.alerts, m, f);
        }
    }

    /** Listens to what a call re-judged, image by image (the monitor pokes the webhook sender with it). */
    public interface Listener {
        void rejudged(ImageStore.Rejudged outcome);

        Listener NONE = outcome -> { };
    }

    private final VulnDb advisories;
    private final ImageStore images;
    private final PolicyStore policies;
    private final VexStore vex;
    private final ObjectMapper json;
    private final PrintStream log;

    public ImageRejudger(VulnDb advisories, ImageStore images, PolicyStore policies, VexStore vex, ObjectMapper json, PrintStream log) {
        this.advisories = advisories;
        this.images = images;
        this.policies = policies;
        this.vex = vex;
        this.json = json;
        this.log = log;
    }

    public Result rejudge(Collection<String> digests, Cause cause) {
        return rejudge(digests, cause, Listener.NONE);
    }

    /**
     * Re-judges each digest (those no longer stored are reported as missing). An image whose stored SBOM cannot be
     * read is reported as failed and logged; the others go on.
     */
    public Result rejudge(Collection<String> digests, Cause cause, Listener listener) {
        java.util.Map<String, Cause> each = new java.util.LinkedHashMap<>();
        digests.forEach(d -> each.put(d, cause));
        return rejudgeEach(each, listener);
    }

    /** As {@link #rejudge}, each digest with its own cause (the advisory ids of a change that touch that image). */
    public Result rejudgeEach(java.util.Map<String, Cause> causes, Listener listener) {
        if (causes.isEmpty()) {
            return Result.empty();
        }
        PolicyStore.Active active = policies.activeSet();
        long vexRevision = vex.revision();
        List<VexStatement> statements = vex.approved();
        int judged = 0;
        int changed = 0;
        int alerts = 0;
        List<String> missing = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (AdvisoryStore store = advisories.open(false)) {
            var database = advisories.describe(store);
            for (var entry : causes.entrySet()) {
                String digest = entry.getKey();
                Cause cause = entry.getValue();
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                var stored = images.storedImage(digest);
                if (stored.isEmpty()) {
                    missing.add(digest);
                    continue;
                }
                try {
                    ImageFactsDocument facts = ImageFactsDocument.read(json.readTree(stored.get().factsJson()), json);
                    Sbom sbom = facts.applyTo(new SbomReader().read(stored.get().cycloneDx(), "stored SBOM of " + digest));
                    Judge.Outcome outcome = Judge.judge(sbom, facts.context(), active.set(), statements, store, database, Instant.now());
                    var result = images.rejudged(digest, outcome, active.version(), vexRevision, cause);
                    if (result.isEmpty()) {
                        missing.add(digest);
                        continue;
                    }
                    judged++;
                    changed += result.get().before() == null || !result.get().before().id().equals(result.get().after().id()) ? 1 : 0;
                    alerts += result.get().alerts().size();
                    listener.rejudged(result.get());
                } catch (WardenException | IOException e) {
                    failed.add(digest);
                    log.println("warden serve: cannot re-judge " + digest + ": " + e.getMessage());
                }
            }
        }
        return new Result(judged, changed, alerts, missing, failed);
    }

}
