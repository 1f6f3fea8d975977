package dev.warden.policy;

import java.util.HashSet;
import java.util.List;

/**
 * The policies one repository enforces: read from a policy file ({@link PolicyFile}) or Scout's default set.
 *
 * @param source   where the set came from (the file's path, or {@code defaults}), for messages
 * @param policies in the order results are printed; ids are unique
 * @param baseImages candidate base images (image sources) for layer matching, after any given on the command line
 */
public record PolicySet(String source, List<PolicySpec> policies, List<String> baseImages) {

    public PolicySet(String source, List<PolicySpec> policies) {
        this(source, policies, List.of());
    }

    public PolicySet {
        policies = List.copyOf(policies);
        baseImages = List.copyOf(baseImages);
        var ids = new HashSet<String>();
        for (PolicySpec p : policies) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("two policies have the id '" + p.id() + "'; give one a different name or id");
            }
        }
    }

    /** Docker Scout's default policies with their default parameters. */
    public static PolicySet defaults() {
        return new PolicySet("defaults", List.of(
                new PolicySpec.Vulnerabilities(null, null, null, null, null, null, null),
                new PolicySpec.HighProfile(null, null, null, null, null),
                new PolicySpec.Attestations(null, null, null),
                new PolicySpec.ApprovedBase(null, null, null, null),
                new PolicySpec.UpToDateBase(null, null, null),
                new PolicySpec.NonRoot(null, null, null),
                new PolicySpec.Licenses(null, null, null, null, null)));
    }
}
