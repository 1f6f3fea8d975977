package dev.warden.cli;

import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyFile;
import dev.warden.policy.PolicySet;
import dev.warden.policy.PolicySpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --policy FILE} for the commands that judge policies: the same file on the laptop, in CI and on the server. */
final class PolicyFileMixin {
    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file (YAML, docs/policies.md); default: Docker Scout's default set.")
    Path policyFile;

    private PolicySet set;

    /** The policies, read once; call it before the (slow) scan so a bad file fails at once (exit 2). */
    PolicySet set() {
        if (set == null) {
            set = policyFile == null ? PolicySet.defaults() : PolicyFile.load(policyFile);
        }
        return set;
    }

    /** Reads and compiles the policies (a bad custom rule also fails here, before any scan). */
    PolicyEngine engine() {
        return new PolicyEngine(set());
    }

    /** Whether a policy judges secrets: only then do the commands scan the image's files for them. */
    boolean needsSecrets() {
        return set().policies().stream().anyMatch(p -> p instanceof PolicySpec.Secrets);
    }

    /** The file's {@code base_images} candidates (none without a file). */
    List<String> baseImages() {
        return set().baseImages();
    }
}
