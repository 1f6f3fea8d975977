package dev.warden.policy;

import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreCalculatorTest {

    private static final int[] WEIGHTS = {20, 20, 15, 15, 10, 5, 5};

    @Test
    void everyCombinationOfStatusesScoresAsScoutDoes() {
        PolicyStatus[] statuses = PolicyStatus.values();
        int combos = (int) Math.pow(statuses.length, WEIGHTS.length);
        for (int c = 0; c < combos; c++) {
            var results = new ArrayList<PolicyResult>();
            int earned = 0;
            int code = c;
            for (int i = 0; i < WEIGHTS.length; i++) {
                PolicyStatus s = statuses[code % statuses.length];
                code /= statuses.length;
                if (s == PolicyStatus.COMPLIANT) earned += WEIGHTS[i];
                results.add(new PolicyResult("p" + i, "p" + i, "t", s, List.of(), "", WEIGHTS[i]));
            }
            var score = ScoreCalculator.score(results);
            int percent = earned * 100 / 90;
            char grade = percent > 90 ? 'A' : percent >= 71 ? 'B' : percent >= 51 ? 'C' : percent >= 31 ? 'D'
                    : percent >= 11 ? 'E' : 'F';
            assertEquals(earned, score.points());
            assertEquals(90, score.maximum());
            assertEquals(percent, score.percent());
            assertEquals(grade, score.grade(), "combination " + c);
        }
    }

    @Test
    void bandEdges() {
        assertEquals('A', ScoreCalculator.grade(91));
        assertEquals('B', ScoreCalculator.grade(90));
        assertEquals('B', ScoreCalculator.grade(71));
        assertEquals('C', ScoreCalculator.grade(70));
        assertEquals('D', ScoreCalculator.grade(50));
        assertEquals('E', ScoreCalculator.grade(30));
        assertEquals('F', ScoreCalculator.grade(10));
        assertEquals('F', ScoreCalculator.score(List.of()).grade());
    }
}
