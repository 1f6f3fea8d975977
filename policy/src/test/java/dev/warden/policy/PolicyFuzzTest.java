package dev.warden.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.core.finding.SeverityLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Policy files and CEL rules as a repository's contributors can write them: a policy file is read or refused with a
 * WardenException; a rule is refused when read or judged (compliant, violated or no data) within its budget. Anything
 * else is a finding. Regression mode replays src/test/resources/dev/warden/policy/PolicyFuzzTestInputs/.
 */
class PolicyFuzzTest {

    private static final ScanResult SCAN = TestScans.image("root", Map.of("team", "payments"),
            List.of(TestScans.LIBC, TestScans.JACKSON),
            List.of(TestScans.finding("CVE-2024-0001", TestScans.JACKSON, SeverityLevel.CRITICAL, true, null)));

    @FuzzTest(maxDuration = "30s")
    void policyFile(byte[] input) {
        try {
            new PolicyEngine(PolicyFile.parse(input, "fuzz.yaml")).evaluate(SCAN, PolicyEngine.Context.OFFLINE);
        } catch (WardenException e) {
            // refused with a user-facing line: what hostile input should get
        }
    }

    @FuzzTest(maxDuration = "30s")
    void celRule(byte[] input) {
        String rule = new String(input, StandardCharsets.UTF_8);
        try {
            CelRule compiled = CelRule.compile(new PolicySpec.Custom(null, "fuzz", 1, rule));
            compiled.evaluate(SCAN, ScanModel.of(SCAN, null));
        } catch (IllegalArgumentException e) {
            // an invalid rule: the policy file reports it with the rule's name
        }
    }
}
