package dev.warden.attest;

import java.util.List;

/** The image's digest and every signature or attestation found for it. */
public record VerificationReport(String imageDigest, List<Verification> checks) {
    public boolean anyVerified() {
        return checks.stream().anyMatch(Verification::verified);
    }
}
