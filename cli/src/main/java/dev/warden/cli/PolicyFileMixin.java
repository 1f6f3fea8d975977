package dev.warden.cli;

import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyFile;
import dev.warden.policy.PolicySet;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --policy FILE} for the commands that judge policies: the same file on the laptop, in CI and on the server. */
final class PolicyFileMixin {
    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML, docs/policies.md); default: Docker Scout's default set.")
    Path policyFile;

    /** Reads and compiles the policies; call it before the (slow) scan so a bad file fails at once (exit 2). */
    PolicyEngine engine() {
        return new PolicyEngine(policyFile == null ? PolicySet.defaults() : PolicyFile.load(policyFile));
    }
}
