package dev.warden.catalog.os;

import java.util.Locale;
import java.util.Map;

/** Debian release numbers and their codenames (from Debian's distro-info-data). */
final class DebianReleases {
    private static final Map<String, String> CODENAMES = Map.ofEntries(
            Map.entry("1.1", "buzz"), Map.entry("1.2", "rex"), Map.entry("1.3", "bo"), Map.entry("2.0", "hamm"),
            Map.entry("2.1", "slink"), Map.entry("2.2", "potato"), Map.entry("3.0", "woody"), Map.entry("3.1", "sarge"),
            Map.entry("4", "etch"), Map.entry("5", "lenny"), Map.entry("6", "squeeze"), Map.entry("7", "wheezy"),
            Map.entry("8", "jessie"), Map.entry("9", "stretch"), Map.entry("10", "buster"), Map.entry("11", "bullseye"),
            Map.entry("12", "bookworm"), Map.entry("13", "trixie"), Map.entry("14", "forky"), Map.entry("15", "duke"));

    private DebianReleases() {}

    /** "12.8" -> "12", "9.13" -> "9", "3.1r8" -> "3.1"; null for "trixie/sid" (testing has no number). */
    static String majorVersion(String debianVersion) {
        if (debianVersion == null || debianVersion.isEmpty() || !Character.isDigit(debianVersion.charAt(0))) {
            return null;
        }
        String[] parts = debianVersion.split("[.r]");
        int major;
        try {
            major = Integer.parseInt(parts[0].replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return null; // not a release number anyone uses
        }
        return major >= 4 ? Integer.toString(major) : parts.length > 1 ? major + "." + parts[1].replaceAll("\\D.*", "") : null;
    }

    /** Codename for a release number or a debian_version text ("12", "12.8", "trixie/sid"); null if unknown. */
    static String codename(String versionOrText) {
        if (versionOrText == null || versionOrText.isBlank()) {
            return null;
        }
        String text = versionOrText.trim().toLowerCase(Locale.ROOT);
        if (!Character.isDigit(text.charAt(0))) {
            // testing and unstable write "trixie/sid": the first name is the release being prepared
            String name = text.split("/")[0];
            return CODENAMES.containsValue(name) ? name : null;
        }
        String major = majorVersion(text);
        return major == null ? null : CODENAMES.get(major);
    }
}
