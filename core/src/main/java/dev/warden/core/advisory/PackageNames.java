package dev.warden.core.advisory;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one name normalisation shared by the store (on import) and matchers (on lookup), so both sides
 * compare the same strings.
 */
public final class PackageNames {

    /** PEP 503: runs of {@code -}, {@code _} and {@code .} are one {@code -}. */
    private static final Pattern PEP503_SEPARATORS = Pattern.compile("[-_.]+");

    private PackageNames() {}

    /**
     * @param ecosystemOrPurlType OSV ecosystem (release suffix allowed) or purl type
     * @param name                name as the advisory or the package gives it; for Maven {@code group:artifact}
     *                            (a purl's {@code namespace/name} is accepted too)
     */
    public static String normalise(String ecosystemOrPurlType, String name) {
        String type = Ecosystems.isPurlType(ecosystemOrPurlType)
                ? ecosystemOrPurlType.toLowerCase(Locale.ROOT)
                : Ecosystems.purlType(ecosystemOrPurlType);
        String trimmed = name.trim();
        if (type == null) {
            return trimmed;
        }
        return switch (type) {
            case "pypi" -> PEP503_SEPARATORS.matcher(trimmed).replaceAll("-").toLowerCase(Locale.ROOT);
            case "maven" -> trimmed.replace('/', ':');
            // Debian, Alpine and RPM names are lower-case by policy, and composer/nuget/gem/cargo
            // registries treat names case-insensitively; npm and Go names are case-sensitive.
            case "deb", "apk", "composer", "nuget" -> trimmed.toLowerCase(Locale.ROOT);
            default -> trimmed;
        };
    }
}
