package dev.warden.attest.keyless;

import dev.warden.attest.Verification;

/**
 * The seam for certificate-based (keyless) verification of a Sigstore bundle: the signer holds no long-lived key;
 * Fulcio certified a short-lived one for an OIDC identity, and Rekor logged the signature while the certificate was
 * valid. What is trusted (Fulcio's CA chains, Rekor's keys, each with its validity) comes as a Sigstore trusted root.
 *
 * <p>{@link OfflineBundleVerifier} verifies against a trusted root the user supplies (a file): no network. An online
 * implementation would fetch and refresh the public-good instance's root through TUF (sigstore/root-signing) and
 * could ask Rekor for inclusion proofs; it needs the internet and is not built here (docs/signing.md).
 */
public interface BundleVerifier {
    /**
     * Verifies one bundle (JSON bytes) signed by {@code expected}. Never throws for a bad bundle: the result says
     * why it did not verify.
     *
     * @param where names the bundle in the result (a file, a referrer)
     */
    Verification verify(byte[] bundle, String where, CertificateIdentity expected);
}
