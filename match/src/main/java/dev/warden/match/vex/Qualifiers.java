package dev.warden.match.vex;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Purl qualifiers compared for VEX: written differently by different tools, so each side is normalised first.
 * A qualifier present on one side only is no mismatch; one present on both must agree.
 * <ul>
 *   <li>{@code distro=debian-12} (Syft, Trivy, Warden), {@code os_name=debian&os_version=12} and
 *       {@code os_distro=bookworm} (Docker Scout) all become (debian, 12); a release matches its point releases
 *       (12 matches 12.5, alpine 3.17 matches 3.17.3).</li>
 *   <li>{@code arch}: amd64 = x86_64, arm64 = aarch64, 386 = i386 = i686, armv7 = armhf; noarch/all/any match any.</li>
 *   <li>{@code repository_url}: scheme and trailing slash dropped; Docker Hub's names are one.</li>
 *   <li>Locations that do not identify the package (download_url, vcs_url, checksum, file_name) are ignored.</li>
 * </ul>
 */
final class Qualifiers {
    private Qualifiers() {}

    private static final Set<String> IGNORED = Set.of("download_url", "vcs_url", "checksum", "checksums", "file_name");
    private static final Set<String> ANY_ARCH = Set.of("noarch", "all", "any");
    private static final String DISTRO_NAME = "distro.name";
    private static final String DISTRO_VERSION = "distro.version";

    static boolean compatible(Map<String, String> stated, Map<String, String> actual) {
        Map<String, String> a = normalise(stated);
        Map<String, String> b = normalise(actual);
        for (Map.Entry<String, String> e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other != null && !agree(e.getKey(), e.getValue(), other)) {
                return false;
            }
        }
        return true;
    }

    private static boolean agree(String key, String x, String y) {
        return switch (key) {
            case "arch" -> x.equals(y) || ANY_ARCH.contains(x) || ANY_ARCH.contains(y);
            case DISTRO_VERSION -> releaseMatches(x, y);
            default -> x.equals(y);
        };
    }

    /** 12 matches 12.5 and 12; 3.17 matches 3.17.3; 22.04 does not match 22.10. */
    private static boolean releaseMatches(String x, String y) {
        return x.equals(y) || y.startsWith(x + ".") || x.startsWith(y + ".");
    }

    static Map<String, String> normalise(Map<String, String> qualifiers) {
        Map<String, String> out = new HashMap<>();
        if (qualifiers == null) {
            return out;
        }
        for (Map.Entry<String, String> e : qualifiers.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (value.isEmpty() || IGNORED.contains(key)) {
                continue;
            }
            switch (key) {
                case "distro" -> distro(value, out);
                case "os_name" -> out.put(DISTRO_NAME, value.toLowerCase(Locale.ROOT));
                case "os_version" -> out.putIfAbsent(DISTRO_VERSION, release(value));
                case "os_distro" -> out.putIfAbsent(DISTRO_VERSION, release(value));
                case "arch" -> out.put("arch", arch(value));
                case "repository_url" -> out.put("repository_url", ImageIdentity.registryPath(value));
                default -> out.put(key, value);
            }
        }
        return out;
    }

    /** {@code debian-12}, {@code alpine-3.17.3}, {@code ubuntu-22.04}, {@code bookworm}, {@code rhel-9.4}. */
    private static void distro(String value, Map<String, String> out) {
        String v = value.toLowerCase(Locale.ROOT);
        int dash = v.lastIndexOf('-');
        if (dash > 0 && dash + 1 < v.length()) {
            out.put(DISTRO_NAME, v.substring(0, dash));
            out.put(DISTRO_VERSION, release(v.substring(dash + 1)));
        } else {
            out.put(DISTRO_VERSION, release(v));
        }
    }

    /** A codename to its number when distro-info knows it; {@code v3.19} to {@code 3.19}. */
    private static String release(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String number = DistroReleases.INSTANCE.version(v);
        if (number != null) {
            return number;
        }
        return v.startsWith("v") && v.length() > 1 && Character.isDigit(v.charAt(1)) ? v.substring(1) : v;
    }

    private static String arch(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64", "arm64v8" -> "arm64";
            case "i386", "i486", "i586", "i686", "386", "x86" -> "386";
            case "armhf", "armv7", "armv7l", "armv7hl", "arm32v7" -> "armv7";
            default -> value.toLowerCase(Locale.ROOT);
        };
    }
}
