package dev.warden.core;

/** A version string that its ecosystem's scheme rejects; the message names the scheme and the version. */
public class InvalidVersionException extends WardenException {

    private final String scheme;
    private final String version;

    public InvalidVersionException(String scheme, String version, String reason) {
        super("invalid " + scheme + " version '" + printable(version) + "': " + reason);
        this.scheme = scheme;
        this.version = version;
    }

    public String scheme() {
        return scheme;
    }

    public String version() {
        return version;
    }

    /** Hostile versions can be huge or hold control characters; keep the one-line message short and plain. */
    private static String printable(String version) {
        if (version == null) {
            return "null";
        }
        String shown = version.length() > 80 ? version.substring(0, 80) + "..." : version;
        StringBuilder sb = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
