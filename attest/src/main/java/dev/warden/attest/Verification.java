package dev.warden.attest;

/**
 * One signature or attestation found beside an image, and what became of it.
 *
 * @param kind          "cosign" (a layer of cosign's .sig or .att manifest) or "bundle" (a Sigstore bundle referrer)
 * @param where         the tag and layer, or the referrer manifest, it was read from
 * @param predicateType the in-toto predicate type of an attestation or bundle statement ("" when none was read)
 * @param verified      whether the key signed it and it names this image
 * @param reason        why it verified, or why not
 */
public record Verification(String kind, String where, String predicateType, boolean verified, String reason) {}
