package dev.warden.pipeline;

/**
 * What a scan does beyond matching.
 *
 * @param vex     the VEX to apply, or null to leave findings as matching found them
 * @param secrets also scan the images' files for secrets (docs/secrets.md)
 */
public record ScanOptions(VexInputs vex, boolean secrets) {
    /** Matching alone: no VEX, no secrets. */
    public static final ScanOptions MATCH_ONLY = new ScanOptions(null, false);
}
