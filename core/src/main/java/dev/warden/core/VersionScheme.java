package dev.warden.core;

/**
 * How one ecosystem orders its versions: dpkg for {@code deb}, rpmvercmp for {@code rpm}, PEP 440 for
 * {@code pypi}... Implementations are stateless and thread-safe.
 */
public interface VersionScheme {

    /** The purl type this scheme orders ({@code deb}, {@code pypi}, ... or {@code generic}). */
    String type();

    /**
     * Orders two versions the way the ecosystem's own tool does.
     *
     * @return negative, zero or positive as {@code a} is lower than, equal to or higher than {@code b}
     * @throws InvalidVersionException when the scheme rejects {@code a} or {@code b}
     */
    int compare(String a, String b);

    /** True when the scheme accepts {@code version}; {@link #compare} then never throws for it. */
    boolean isValid(String version);
}
