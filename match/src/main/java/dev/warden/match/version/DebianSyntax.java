package dev.warden.match.version;

/**
 * The errors dpkg's own parser refuses a version for ({@code dpkg --compare-versions} exits 2); versatile-core
 * accepts some of them (e.g. {@code :1.0}). What dpkg only warns about (a first character that is not a
 * digit, unusual characters) is accepted, as dpkg still orders such versions.
 */
final class DebianSyntax {

    /** dpkg stores the epoch in an int. */
    private static final String MAX_EPOCH = String.valueOf(Integer.MAX_VALUE);

    private DebianSyntax() {}

    /** Why dpkg refuses {@code version} (already stripped of surrounding whitespace), or null when it accepts it. */
    static String problem(String version) {
        if (version.isEmpty()) {
            return "version string is empty";
        }
        for (int i = 0; i < version.length(); i++) {
            if (Character.isWhitespace(version.charAt(i))) {
                return "version string has embedded spaces";
            }
        }
        String rest = version;
        int colon = version.indexOf(':');
        if (colon >= 0) {
            String epoch = version.substring(0, colon);
            if (epoch.isEmpty()) {
                return "epoch in version is empty";
            }
            if (!SemVer.isDigits(epoch)) {
                return "epoch in version is not number";
            }
            if (SemVer.compareDigits(epoch, MAX_EPOCH) > 0) {
                return "epoch in version is too big";
            }
            rest = version.substring(colon + 1);
            if (rest.isEmpty()) {
                return "nothing after colon in version number";
            }
        }
        int hyphen = rest.lastIndexOf('-');
        if (hyphen >= 0) {
            if (hyphen == rest.length() - 1) {
                return "revision number is empty";
            }
            if (hyphen == 0) {
                return "version number is empty";
            }
        }
        return null;
    }
}
