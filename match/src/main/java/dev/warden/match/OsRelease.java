package dev.warden.match;

import dev.warden.core.Distro;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.Ecosystems;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OSV ecosystem and release an image's OS packages are matched against: {@code Debian:12},
 * {@code Ubuntu:22.04}, {@code Alpine:v3.19}, {@code AlmaLinux:9}... An advisory entry counts only when its
 * base ecosystem and its release both equal the image's; an entry of another release, or of Ubuntu Pro
 * or FIPS (fixes that need a subscription), never does.
 *
 * @param ecosystem base OSV ecosystem ({@code Debian})
 * @param release   release as OSV writes it ({@code 12}, {@code 22.04}, {@code v3.19}, {@code 9}), null for
 *                  rolling distros (Wolfi, Chainguard) whose advisories name no release
 */
record OsRelease(String ecosystem, String release) {

    /** os-release ID to OSV base ecosystem. */
    private static final Map<String, String> ECOSYSTEMS = Map.ofEntries(
            Map.entry("debian", "Debian"),
            Map.entry("ubuntu", "Ubuntu"),
            Map.entry("alpine", "Alpine"),
            Map.entry("wolfi", "Wolfi"),
            Map.entry("chainguard", "Chainguard"),
            Map.entry("almalinux", "AlmaLinux"),
            Map.entry("rocky", "Rocky Linux"),
            Map.entry("rhel", "Red Hat"),
            Map.entry("photon", "Photon OS"),
            Map.entry("azurelinux", "Azure Linux"),
            Map.entry("mageia", "Mageia"),
            Map.entry("openeuler", "openEuler"));

    private static final Set<String> ROLLING = Set.of("Wolfi", "Chainguard");

    /** Empty when the image has no distro, or one Warden has no advisories for, or its release is unknown. */
    static Optional<OsRelease> of(Distro distro) {
        if (distro == null || distro.id() == null) {
            return Optional.empty();
        }
        String ecosystem = ECOSYSTEMS.get(distro.id().toLowerCase(Locale.ROOT));
        if (ecosystem == null) {
            return Optional.empty();
        }
        if (ROLLING.contains(ecosystem)) {
            return Optional.of(new OsRelease(ecosystem, null));
        }
        String version = distro.versionId() == null ? "" : distro.versionId().trim();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String release = switch (ecosystem) {
            // Ubuntu advisories name YY.MM; Alpine vMAJOR.MINOR (3.19.1 is v3.19)
            case "Ubuntu", "Photon OS", "openEuler" -> version;
            case "Alpine" -> "v" + majorMinor(version);
            // Debian 12.5, AlmaLinux 9.3: advisories are per major release
            default -> major(version);
        };
        return Optional.of(new OsRelease(ecosystem, release));
    }

    /** True when the entry is for this ecosystem and release (Ubuntu Pro entries excluded). */
    boolean covers(AffectedPackage entry) {
        if (!entry.baseEcosystem().equals(ecosystem)) {
            return false;
        }
        if (ecosystem.equals("Ubuntu")) {
            // Ubuntu:22.04 or Ubuntu:22.04:LTS; Pro (ESM) and FIPS streams need a subscription the image may not have
            String e = entry.ecosystem().trim();
            return e.equals("Ubuntu:" + release) || e.equals("Ubuntu:" + release + ":LTS");
        }
        if (release == null) {
            return true;
        }
        String entryRelease = entry.distroRelease() != null ? entry.distroRelease() : Ecosystems.release(entry.ecosystem());
        return entryRelease != null && (entryRelease.equals(release)
                || (ecosystem.equals("Alpine") && ("v" + majorMinor(entryRelease.replaceFirst("^v", ""))).equals(release)));
    }

    /** {@code Debian:12}, {@code Alpine:v3.19}, {@code Wolfi}. */
    String describe() {
        return release == null ? ecosystem : ecosystem + ":" + release;
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }
}
