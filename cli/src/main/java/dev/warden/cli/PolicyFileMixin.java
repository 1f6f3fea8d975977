package dev.warden.cli;

import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyFile;
import dev.warden.policy.PolicySet;
import dev.warden.policy.PolicySpec;
import dev.warden.attest.KeyFiles;
import dev.warden.attest.VerificationKey;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The public keys the file's attestations policies trust, by the name the file gives them, read before the scan
     * so that a missing or wrong key file fails at once (exit 2). Paths are relative to the policy file's folder.
     */
    Map<String, VerificationKey> trustedKeys(PolicyEngine engine) throws IOException {
        Map<String, VerificationKey> keys = new LinkedHashMap<>();
        Path folder = policyFile == null || policyFile.toAbsolutePath().getParent() == null ? Path.of("")
                : policyFile.toAbsolutePath().getParent();
        for (String name : engine.trustedKeys()) {
            try {
                keys.put(name, KeyFiles.readPublic(folder.resolve(name)));
            } catch (WardenException e) {
                throw new WardenException("policy file " + policyFile + ": trusted_keys: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    /** The file's {@code base_images} candidates (none without a file). */
    List<String> baseImages() {
        return set().baseImages();
    }
}
