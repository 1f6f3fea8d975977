package dev.warden.attest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of several trusted keys signed each attestation stored beside an image: what a policy that trusts a set of
 * keys needs, where {@code verify-attestation} checks one. Each key is checked as {@link AttestationVerifier} checks
 * it (the signature over the DSSE envelope, and the signed statement naming the image); an attestation counts for
 * the first key that verifies it.
 */
public final class TrustedSigners {
    /**
     * One signed attestation and its outcome.
     *
     * @param where         the tag and layer, or the referrer, it was read from
     * @param predicateType its statement's predicate type ("" when it could not be read)
     * @param signer        the name of the trusted key that verified it; null when none did
     * @param reason        why it verified, or why not
     */
    public record Signed(String where, String predicateType, String signer, String reason) {}

    private final AttestationVerifier verifier = new AttestationVerifier();

    /** {@code keys}: each trusted key by the name the caller knows it by (a policy file's entry), in order. */
    public List<Signed> check(ArtifactStore store, Map<String, VerificationKey> keys) throws IOException {
        Map<String, Signed> byWhere = new LinkedHashMap<>();
        for (Map.Entry<String, VerificationKey> key : keys.entrySet()) {
            for (Verification check : verifier.verify(store, key.getValue(), null).checks()) {
                Signed before = byWhere.get(check.where());
                if (check.verified() && (before == null || before.signer() == null)) {
                    byWhere.put(check.where(), new Signed(check.where(), check.predicateType(), key.getKey(),
                            check.reason() + " (" + key.getKey() + ")"));
                } else if (before == null) {
                    byWhere.put(check.where(), new Signed(check.where(), check.predicateType(), null,
                            keys.size() == 1 ? check.reason() : "verified by none of the " + keys.size() + " trusted keys; "
                                    + key.getKey() + ": " + check.reason()));
                }
            }
        }
        return List.copyOf(byWhere.values());
    }
}
