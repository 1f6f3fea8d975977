package dev.warden.match.version;

/** Limits on version strings; versions come from images and feeds, so they are hostile input. */
final class VersionLimits {

    /**
     * Longest version any scheme accepts. Real versions are far shorter (the longest in Debian's
     * archive is under 100 characters; node-semver itself refuses more than 256); the limit keeps
     * comparison cost and error messages bounded.
     */
    static final int MAX_LENGTH = 256;

    private VersionLimits() {}
}
