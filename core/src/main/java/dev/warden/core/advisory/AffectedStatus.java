package dev.warden.core.advisory;

/**
 * How a distro (or an advisory) judges one package in one release. Language ecosystems use
 * {@link #AFFECTED} and let version ranges decide; a range with a {@code fixed} event makes a match fixable.
 */
public enum AffectedStatus {
    /** A fix exists: versions below the fixed version are vulnerable. */
    FIXED,
    /** Vulnerable, no fix yet (or: ranges decide, for language ecosystems). */
    AFFECTED,
    /** The distro decided not to fix (Debian no-dsa / ignored, urgency unimportant). */
    WILL_NOT_FIX,
    /** Fix postponed (Debian postponed). */
    FIX_DEFERRED,
    /** The release or package is out of security support. */
    END_OF_LIFE,
    /** The distro states this release's package was never vulnerable (tracker fixed_version "0", secdb "0"). */
    NOT_AFFECTED;

    /** Lower-case, underscore form used in JSON and the database: {@code will_not_fix}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AffectedStatus fromId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
