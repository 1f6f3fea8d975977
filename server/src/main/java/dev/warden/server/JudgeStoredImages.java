package dev.warden.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@link Rejudging} through monitoring's {@link ImageRejudger}, the one entry point every trigger uses (each image
 * matched again, the approved VEX and the active policy applied, findings, judgement and alerts stored in one
 * transaction); what it re-judged is collected for the answer, and the webhook sender is told at once.
 */
final class JudgeStoredImages implements Rejudging {
    private final ImageRejudger rejudger;
    private final Runnable alertsWritten;

    JudgeStoredImages(ImageRejudger rejudger, Runnable alertsWritten) {
        this.rejudger = rejudger;
        this.alertsWritten = alertsWritten;
    }

    @Override
    public Result rejudge(Collection<String> digests, Cause cause) {
        if (digests.isEmpty()) {
            return new Result(List.of());
        }
        List<ImageStore.Rejudged> out = new ArrayList<>();
        rejudger.rejudge(digests, cause, out::add);
        if (out.stream().anyMatch(r -> !r.alerts().isEmpty())) {
            alertsWritten.run();
        }
        return new Result(out);
    }
}
