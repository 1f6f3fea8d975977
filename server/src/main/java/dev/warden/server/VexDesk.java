package dev.warden.server;

import dev.warden.core.finding.Finding;
import dev.warden.core.vex.VexStatement;
import dev.warden.match.vex.VexApplier;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The justification workflow: a developer proposes a VEX statement from a finding, the security role approves or
 * rejects it with a comment, an approved statement applies at once to every stored image it matches (re-judged, cause
 * {@code vex}) and to laptops through the approved-VEX export, and past its review date it stops applying: the images
 * are re-judged again and an alert says so. Every step is in the audit log.
 */
public final class VexDesk {
    static final String SERVER_ACTOR = "warden server";

    /** What a decision did: the statement as it stands and the images re-judged because of it. */
    public record Decision(VexStore.Stored statement, Rejudging.Result rejudged) {}

    /** The statements of a document the security role posted, and the images re-judged because of them. */
    public record Created(List<VexStore.Stored> statements, Rejudging.Result rejudged) {}

    /** What one review sweep did. */
    public record Sweep(List<VexStore.Stored> expired, Rejudging.Result rejudged) {}

    private final VexStore vex;
    private final ImageStore images;
    private final StoredImages stored;
    private final Rejudging rejudging;
    private final ReviewAlerts alerts;
    private final Transactions tx;

    VexDesk(VexStore vex, ImageStore images, StoredImages stored, Rejudging rejudging, ReviewAlerts alerts, Transactions tx) {
        this.vex = vex;
        this.images = images;
        this.stored = stored;
        this.rejudging = rejudging;
        this.alerts = alerts;
        this.tx = tx;
    }

    public VexStore.Stored propose(VexStatement statement, String sourceDigest, LocalDate reviewDate, String actor) {
        Instant now = now();
        checkReviewDate(reviewDate, now);
        if (sourceDigest != null && images.summary(sourceDigest).isEmpty()) {
            throw ApiProblem.badRequest("image " + sourceDigest + " is not stored: propose from a finding of a stored image, or leave image out");
        }
        return vex.propose(statement, sourceDigest, reviewDate, actor, now);
    }

    /** Approves a proposal and re-judges every stored image it matches, before answering. */
    public Decision approve(String id, String comment, LocalDate reviewDate, String actor) {
        Instant now = now();
        checkReviewDate(reviewDate, now);
        VexStore.Stored approved = vex.decide(id, true, comment, reviewDate, actor, now);
        return new Decision(approved, rejudging.rejudge(matchedImages(List.of(approved.statement())), Cause.vex(List.of(approved.id()), vex.revision())));
    }

    /** Rejects a proposal; it never applied, so nothing is re-judged. */
    public Decision reject(String id, String comment, String actor) {
        if (comment == null || comment.isBlank()) {
            throw ApiProblem.badRequest("a rejection needs a comment: say why, for the developer who proposed it");
        }
        return new Decision(vex.decide(id, false, comment, null, actor, now()), new Rejudging.Result(List.of()));
    }

    /** The security role's own statements (a VEX document posted whole): approved at once, applied at once. */
    public Created create(byte[] document, String actor) {
        List<VexStore.Stored> created = vex.create(document, actor);
        return new Created(created, rejudging.rejudge(matchedImages(created.stream().map(VexStore.Stored::statement).toList()),
                Cause.vex(created.stream().map(VexStore.Stored::id).toList(), vex.revision())));
    }

    /**
     * Approved statements whose review date has passed by {@code now}: each is marked expired with its alert (one
     * replica of several wins each), then the images it covered are re-judged without it.
     */
    public Sweep reviewSweep(Instant now) {
        List<VexStore.Stored> expired = new ArrayList<>();
        Set<String> affected = new LinkedHashSet<>();
        for (VexStore.Stored due : vex.dueForReview(now)) {
            Set<String> digests = matchedImages(List.of(due.statement()));
            boolean mine = tx.inTransaction(c -> {
                if (!vex.markExpired(c, due, now)) {
                    return false;
                }
                alerts.reviewDatePassed(c, due, digests, now);
                return true;
            });
            if (mine) {
                expired.add(due);
                affected.addAll(digests);
            }
        }
        return new Sweep(expired, rejudging.rejudge(affected, Cause.vex(expired.stream().map(VexStore.Stored::id).toList(), vex.revision())));
    }

    /** {@link #reviewSweep} for the server's scheduler: a failure is logged and the next sweep tries again. */
    Runnable scheduledSweep(PrintStream log) {
        return () -> {
            try {
                Sweep sweep = reviewSweep(Instant.now());
                if (!sweep.expired().isEmpty()) {
                    log.println("warden serve: " + sweep.expired().size() + " VEX statement(s) past their review date no longer apply; "
                            + sweep.rejudged().images().size() + " image(s) re-judged");
                }
            } catch (RuntimeException e) {
                log.println("warden serve: the VEX review sweep failed, retrying at the next one: " + e);
            }
        };
    }

    /**
     * Stored images where one of these statements decides a finding: those with an open finding of its vulnerability
     * (or an alias), kept when the statement's products and subcomponents name the image or the finding's package.
     */
    Set<String> matchedImages(List<VexStatement> statements) {
        Set<String> out = new LinkedHashSet<>();
        for (VexStatement s : statements) {
            List<String> ids = new ArrayList<>(s.aliases());
            ids.add(0, s.vulnerability());
            VexApplier applier = new VexApplier(List.of(s));
            for (String digest : images.digestsWithFindingsNaming(ids)) {
                if (out.contains(digest)) {
                    continue;
                }
                Optional<StoredImages.Judgeable> image = stored.load(digest);
                if (image.isEmpty()) {
                    continue;
                }
                List<Finding> findings = images.findings(digest, false, null, Integer.MAX_VALUE, 0).stream().map(images::finding).toList();
                if (!applier.evaluate(image.get().sbom(), findings).decided().isEmpty()) {
                    out.add(digest);
                }
            }
        }
        return out;
    }

    /** Times are kept in milliseconds: a statement's timestamp must read back as its decision time. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static void checkReviewDate(LocalDate reviewDate, Instant now) {
        if (reviewDate != null && !now.isBefore(VexStore.stopsApplying(reviewDate))) {
            throw ApiProblem.badRequest("the review date " + reviewDate + " has passed: give a date from today (UTC) on");
        }
        if (reviewDate != null && reviewDate.isAfter(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).plusDays(ServerLimits.MAX_REVIEW_DAYS))) {
            throw ApiProblem.badRequest("the review date " + reviewDate + " is more than " + ServerLimits.MAX_REVIEW_DAYS
                    + " days away: a justification is looked at again at least that often");
        }
    }
}
