package dev.warden.policy;

import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import dev.warden.core.policy.Score;

import java.util.List;

/**
 * Docker Scout style health score: compliant policies earn their weight, the percentage is taken over every
 * enabled policy. NO_DATA policies stay in the maximum (they earn nothing): an image that cannot prove a
 * property must not score better than one that can, so missing attestations or an unknown base image cost points.
 */
public final class ScoreCalculator {

    private ScoreCalculator() {}

    public static Score score(List<PolicyResult> results) {
        int points = 0;
        int maximum = 0;
        for (PolicyResult result : results) {
            maximum += result.weight();
            if (result.status() == PolicyStatus.COMPLIANT) {
                points += result.weight();
            }
        }
        int percent = maximum == 0 ? 0 : points * 100 / maximum;
        return new Score(points, maximum, percent, grade(percent));
    }

    /** Scout's bands: A (>90), B (71-90), C (51-70), D (31-50), E (11-30), F (<=10). */
    public static char grade(int percent) {
        if (percent > 90) return 'A';
        if (percent > 70) return 'B';
        if (percent > 50) return 'C';
        if (percent > 30) return 'D';
        if (percent > 10) return 'E';
        return 'F';
    }
}
