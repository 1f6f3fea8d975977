package dev.warden.policy;

import java.util.List;

/**
 * Who signed the attestations stored with an image, as checked against the keys an {@code attestations} policy
 * trusts ({@code trusted_keys}). The policy module does no cryptography: the caller verifies each attestation with
 * each trusted key and hands the outcome here, so the policy can say which attestations counted and why others did
 * not.
 *
 * @param state        whether the signatures were checked
 * @param attestations every signed attestation found (cosign {@code .att} layers, Sigstore bundle referrers)
 * @param problem      why they were not checked (for {@link State#UNREADABLE} and {@link State#NOT_CHECKED})
 */
public record AttestationSignatures(State state, List<Signed> attestations, String problem) {
    public static final AttestationSignatures NOT_CHECKED =
            new AttestationSignatures(State.NOT_CHECKED, List.of(), "the attestations' signatures were not checked");

    public AttestationSignatures {
        attestations = List.copyOf(attestations);
        problem = problem == null ? "" : problem;
    }

    public enum State {
        /** Every signed attestation was checked against every trusted key. */
        CHECKED,
        /** Nobody looked (no trusted keys asked for, or the source holds no signatures): nothing can count. */
        NOT_CHECKED,
        /** Reading them failed: their absence proves nothing. */
        UNREADABLE
    }

    /**
     * One signed attestation.
     *
     * @param where         the tag and layer, or the referrer, it was read from
     * @param predicateType its statement's predicate type ("" when the statement could not be read)
     * @param signer        the trusted key (as the policy file names it) whose signature verified and whose
     *                      statement names the image; null when none did
     * @param reason        why it counted, or why not
     */
    public record Signed(String where, String predicateType, String signer, String reason) {}
}
