package dev.warden.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policy file's lifecycle, for the API and the console alike: preview a file against the stored images, publish it
 * (every stored image re-judged with it before the caller is answered), diff two versions, roll back to an old one.
 */
public final class PolicyDesk {
    /** A version just made and what re-judging the stored images with it did. */
    public record Published(PolicyStore.PolicyVersion version, Rejudging.Result rejudged) {}

    private final PolicyStore policies;
    private final PolicyPreview preview;
    private final ImageStore images;
    private final Rejudging rejudging;

    PolicyDesk(PolicyStore policies, PolicyPreview preview, ImageStore images, Rejudging rejudging) {
        this.policies = policies;
        this.preview = preview;
        this.images = images;
        this.rejudging = rejudging;
    }

    /** Checked as publishing checks it ({@code WardenException} with the validator's line), then judged; nothing stored. */
    public PolicyPreview.Preview preview(byte[] yaml) {
        return preview.preview(PolicyStore.validate(yaml));
    }

    public Published publish(byte[] yaml, String actor, String comment) {
        Map<String, ImageStore.Judgement> before = judgementsNow();
        return rejudged(policies.publish(yaml, actor, comment), before);
    }

    public Published rollback(long version, String actor, String comment) {
        Map<String, ImageStore.Judgement> before = judgementsNow();
        return rejudged(policies.rollback(version, actor, comment), before);
    }

    private Map<String, ImageStore.Judgement> judgementsNow() {
        return images.currentJudgements(images.digests(Integer.MAX_VALUE));
    }

    /**
     * What the new version changed is measured against the judgements read before it was stored: the monitor's poll
     * may see the version first and re-judge an image before this call does, and this call would then find nothing
     * left to change (the answer said {@code changed: 0} for a policy that moved images).
     */
    private Published rejudged(PolicyStore.PolicyVersion created, Map<String, ImageStore.Judgement> before) {
        Rejudging.Result done = rejudging.rejudge(images.digests(Integer.MAX_VALUE), Cause.policy(created.version()));
        List<ImageStore.Rejudged> measured = done.images().stream()
                .map(r -> new ImageStore.Rejudged(r.digest(), before.getOrDefault(r.digest(), r.before()), r.after(), r.changes(), r.alerts()))
                .toList();
        return new Published(created, new Rejudging.Result(measured));
    }

    /**
     * The unified diff from version {@code from} to {@code to}: empty when the texts are the same; empty Optional when
     * either version does not exist.
     */
    public Optional<String> diff(long from, long to) {
        Optional<PolicyStore.PolicyVersion> a = policies.version(from);
        Optional<PolicyStore.PolicyVersion> b = policies.version(to);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PolicyDiff.unified(a.get(), b.get()));
    }
}
