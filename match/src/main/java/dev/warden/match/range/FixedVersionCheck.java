package dev.warden.match.range;

import dev.warden.core.VersionScheme;

/**
 * The distro feeds' rule, one fixed version per (package, release): the Debian Security Tracker's
 * {@code fixed_version} and Alpine secdb's fixed list. Affected when the installed version is below the
 * fixed one; {@code "0"} means the release never had the vulnerable code (not affected); no fixed
 * version means no fix yet (affected).
 */
public final class FixedVersionCheck {

    /** The tracker's and secdb's spelling of "this release was never affected". */
    public static final String NEVER_AFFECTED = "0";

    private FixedVersionCheck() {}

    /**
     * @param fixedVersion the fixed version, {@code "0"}, or null/blank when there is no fix yet
     * @throws dev.warden.core.InvalidVersionException when the scheme rejects either version
     */
    public static boolean affected(VersionScheme scheme, String installed, String fixedVersion) {
        if (fixedVersion == null || fixedVersion.isBlank()) {
            scheme.compare(installed, installed);
            return true;
        }
        if (fixedVersion.strip().equals(NEVER_AFFECTED)) {
            return false;
        }
        return scheme.compare(installed, fixedVersion.strip()) < 0;
    }
}
