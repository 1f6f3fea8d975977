package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.Package;
import dev.warden.core.policy.PolicyResult;
import dev.warden.core.policy.PolicyStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A custom rule has one budget per image, its search for whom to blame included; over it, the rule has no data. */
class CelBudgetTest {

    private static PolicyResult judge(String rule, List<Package> packages) {
        String policy = "version: 1\npolicies:\n  - type: custom\n    name: Costly\n    rule: '" + rule + "'\n";
        var set = PolicyFile.parse(policy.getBytes(StandardCharsets.UTF_8), "costly.yaml");
        return new PolicyEngine(set).evaluate(TestScans.image("app", Map.of(), packages, List.of()), PolicyEngine.Context.OFFLINE)
                .results().getFirst();
    }

    private static List<Package> packages(int n) {
        List<Package> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestScans.pkg("npm", "pkg-" + i, "1.0.0", List.of("MIT")));
        }
        return out;
    }

    @Test
    void aRuleWhoseBlameSearchWouldRunForMinutesHasNoDataWithTheReason() {
        // each evaluation is 60^3 = 216,000 comprehension steps, far inside the per-evaluation limit; the rule is false
        // because of one package, so finding it would evaluate the rule once per package: 2,000 times
        String list = "[" + String.join(", ", Collections.nCopies(60, "1")) + "]";
        String rule = "packages.all(p, p.name != \"pkg-7\") && " + list + ".all(a, " + list + ".all(b, " + list + ".all(c, a + b + c > 0)))";
        assertThat(rule.length()).isLessThan(PolicyLimits.MAX_RULE_CHARS);
        PolicyResult result = judge(rule, packages(2_000));
        assertThat(result.status()).isEqualTo(PolicyStatus.NO_DATA);
        assertThat(result.missingData()).contains("over its budget").contains(String.valueOf(PolicyLimits.MAX_RULE_STEPS));
    }

    @Test
    void aCheapRuleStillNamesItsOffenders() {
        PolicyResult result = judge("packages.all(p, p.name != \"pkg-7\")", packages(2_000));
        assertThat(result.status()).isEqualTo(PolicyStatus.VIOLATED);
        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.item()).contains("pkg-7"));
    }
}
