package dev.warden.core.advisory;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** OSV ecosystem names and the purl types they map to (OSV schema's ecosystems.json, purl-spec types). */
public final class Ecosystems {

    /** Base OSV ecosystem to purl type, for every ecosystem whose packages Warden can catalogue. */
    private static final Map<String, String> PURL_TYPES = Map.ofEntries(
            Map.entry("AlmaLinux", "rpm"),
            Map.entry("Alpaquita", "apk"),
            Map.entry("Alpine", "apk"),
            Map.entry("Azure Linux", "rpm"),
            Map.entry("BellSoft Hardened Containers", "apk"),
            Map.entry("Bitnami", "bitnami"),
            Map.entry("Chainguard", "apk"),
            Map.entry("CRAN", "cran"),
            Map.entry("crates.io", "cargo"),
            Map.entry("Debian", "deb"),
            Map.entry("GitHub Actions", "github"),
            Map.entry("Go", "golang"),
            Map.entry("Hackage", "hackage"),
            Map.entry("Hex", "hex"),
            Map.entry("Mageia", "rpm"),
            Map.entry("Maven", "maven"),
            Map.entry("MinimOS", "apk"),
            Map.entry("npm", "npm"),
            Map.entry("NuGet", "nuget"),
            Map.entry("openEuler", "rpm"),
            Map.entry("openSUSE", "rpm"),
            Map.entry("Packagist", "composer"),
            Map.entry("Photon OS", "rpm"),
            Map.entry("Pub", "pub"),
            Map.entry("PyPI", "pypi"),
            Map.entry("Red Hat", "rpm"),
            Map.entry("Rocky Linux", "rpm"),
            Map.entry("RubyGems", "gem"),
            Map.entry("SUSE", "rpm"),
            Map.entry("SwiftURL", "swift"),
            Map.entry("Ubuntu", "deb"),
            Map.entry("Wolfi", "apk"));

    /** Ecosystems whose packages are OS packages matched by source name and distro release. */
    private static final Set<String> OS_ECOSYSTEMS = Set.of("AlmaLinux", "Alpaquita", "Alpine", "Azure Linux",
            "BellSoft Hardened Containers", "Chainguard", "Debian", "Mageia", "MinimOS", "openEuler", "openSUSE",
            "Photon OS", "Red Hat", "Rocky Linux", "SUSE", "Ubuntu", "Wolfi");

    private Ecosystems() {}

    /** {@code Debian:12} gives {@code Debian}; {@code Ubuntu:Pro:18.04:LTS} gives {@code Ubuntu}. */
    public static String base(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
    }

    /**
     * The release part of an ecosystem: {@code Debian:12} gives {@code 12}, {@code Alpine:v3.19} gives
     * {@code v3.19}, {@code Ubuntu:22.04:LTS} and {@code Ubuntu:Pro:22.04:LTS} give {@code 22.04}; null when none.
     */
    public static String release(String ecosystem) {
        String[] parts = ecosystem.split(":");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (!p.isEmpty() && (Character.isDigit(p.charAt(0)) || (p.length() > 1 && p.charAt(0) == 'v' && Character.isDigit(p.charAt(1))))) {
                return p;
            }
        }
        return parts.length > 1 && !parts[parts.length - 1].isBlank() ? parts[parts.length - 1].trim() : null;
    }

    /** The purl type of an OSV ecosystem (release suffix allowed), or null when Warden has none for it. */
    public static String purlType(String ecosystem) {
        return PURL_TYPES.get(base(ecosystem));
    }

    /** True for a purl type some ecosystem maps to (deb, pypi...), false for an OSV name (Debian, PyPI). */
    public static boolean isPurlType(String text) {
        return PURL_TYPES.containsValue(text.toLowerCase(Locale.ROOT)) && !PURL_TYPES.containsKey(text);
    }

    /** The OS ecosystems (Debian, Alpine, Red Hat...), by base name. */
    public static Set<String> osEcosystems() {
        return OS_ECOSYSTEMS;
    }

    public static boolean isOsEcosystem(String ecosystem) {
        return OS_ECOSYSTEMS.contains(base(ecosystem));
    }
}
