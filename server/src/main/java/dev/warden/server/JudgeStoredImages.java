package dev.warden.server;

import dev.warden.core.vex.VexStatement;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.store.AdvisoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * {@link Rejudging} the way a push judges: each stored SBOM matched against the advisory store, the approved VEX
 * applied, the active policy evaluated, the judgement stored with its cause. One advisory store and one reading of the
 * policy and VEX for the whole batch, so that every image of it is judged against the same state.
 */
final class JudgeStoredImages implements Rejudging {
    private final VulnDb advisories;
    private final ImageStore images;
    private final StoredImages stored;
    private final PolicyStore policies;
    private final VexStore vex;

    JudgeStoredImages(VulnDb advisories, ImageStore images, StoredImages stored, PolicyStore policies, VexStore vex) {
        this.advisories = advisories;
        this.images = images;
        this.stored = stored;
        this.policies = policies;
        this.vex = vex;
    }

    @Override
    public Result rejudge(Collection<String> digests, String cause) {
        if (digests.isEmpty()) {
            return new Result(List.of());
        }
        Instant now = Instant.now();
        PolicyStore.Active active = policies.activeSet();
        long revision = vex.revision();
        List<VexStatement> statements = vex.approved(now);
        List<ImageStore.Rejudged> out = new ArrayList<>();
        try (AdvisoryStore store = advisories.open()) {
            var database = advisories.describe(store);
            for (String digest : digests) {
                Optional<StoredImages.Judgeable> image = stored.load(digest);
                if (image.isEmpty()) {
                    continue;
                }
                Judge.Outcome outcome = Judge.judge(image.get().sbom(), image.get().context(), active.set(), statements, store, database, now);
                images.storeRejudgement(digest, outcome, active.version(), revision, cause).ifPresent(out::add);
            }
        }
        return new Result(out);
    }
}
