package dev.warden.attest;

import java.util.Set;

/** Limits against hostile keys, signatures and registries; each with the reason it has the value it has. */
public final class AttestLimits {
    private AttestLimits() {}

    /** A cosign key file is under 1 KiB; 64 KiB leaves room for comments and still refuses a wrong file early. */
    public static final int MAX_KEY_FILE_BYTES = 64 * 1024;
    /**
     * The scrypt cost parameters cosign and sigstore's key code write (N = 2^15 legacy, 2^16 standard, 2^17 OWASP;
     * r = 8, p = 1). Anything else is refused before deriving: a key file choosing N = 2^30 would ask for 1 TiB.
     */
    public static final Set<Integer> SCRYPT_N = Set.of(32768, 65536, 131072);
    public static final int SCRYPT_R = 8;
    public static final int SCRYPT_P = 1;
    /** A signature manifest holds one layer per signature; cosign images rarely carry more than a handful. */
    public static final int MAX_SIGNATURES = 256;
    /** A referrers list this long is an attack or a mistake; the issue names 10,000 entries as hostile. */
    public static final int MAX_REFERRERS = 1000;
    /** Signature and referrer manifests are a few KiB. */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    /** A simple-signing payload is ~250 bytes; a Sigstore bundle with a certificate chain a few KiB; DSSE SBOMs more. */
    public static final int MAX_BLOB_BYTES = 64 * 1024 * 1024;
}
