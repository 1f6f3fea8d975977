package dev.warden.core.policy;

import java.util.List;

/**
 * The result of one policy for one image.
 *
 * @param policyId    id from the policy file ({@code no-critical-fixable})
 * @param name        human name
 * @param type        policy type ({@code vulnerabilities}, {@code licenses}, {@code base-image-up-to-date}...)
 * @param status      compliant, violated or no data
 * @param violations  each offending item and why (empty unless violated)
 * @param missingData what data would be needed to judge (empty unless no data)
 * @param weight      points this policy carries in the score
 */
public record PolicyResult(
        String policyId,
        String name,
        String type,
        PolicyStatus status,
        List<Violation> violations,
        String missingData,
        int weight) {

    public PolicyResult {
        violations = List.copyOf(violations);
        missingData = missingData == null ? "" : missingData;
    }

    /** One offending item: what it is (a package, a CVE, a licence) and why it violates the policy. */
    public record Violation(String item, String reason) {}
}
