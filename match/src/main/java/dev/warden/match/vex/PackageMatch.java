package dev.warden.match.vex;

import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a purl in a VEX statement names a package: same type, namespace and name (case-folded for the types
 * whose purl rules fold case, PyPI names normalised as PEP 503 does); the version only when the statement gives
 * one; compatible qualifiers ({@link Qualifiers}); the same subpath when both give one.
 */
final class PackageMatch {
    private PackageMatch() {}

    /** Purl types whose namespace and name the purl specification lower-cases. */
    private static final Set<String> CASE_FOLDED = Set.of("alpm", "apk", "bitbucket", "composer", "deb", "github",
            "gitlab", "golang", "hex", "npm", "nuget", "oci", "pub", "pypi", "qpkg");

    static boolean matches(PackageURL stated, PackageURL actual) {
        String type = stated.getType().toLowerCase(Locale.ROOT);
        if (!type.equals(actual.getType().toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!Objects.equals(fold(type, stated.getNamespace()), fold(type, actual.getNamespace()))
                || !Objects.equals(name(type, stated.getName()), name(type, actual.getName()))) {
            return false;
        }
        String version = stated.getVersion();
        if (version != null && !version.isEmpty() && !version.equals(actual.getVersion())) {
            return false;
        }
        String subpath = stated.getSubpath();
        if (subpath != null && actual.getSubpath() != null && !subpath.equals(actual.getSubpath())) {
            return false;
        }
        return Qualifiers.compatible(stated.getQualifiers(), actual.getQualifiers());
    }

    private static String fold(String type, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return CASE_FOLDED.contains(type) ? text.toLowerCase(Locale.ROOT) : text;
    }

    private static String name(String type, String name) {
        String folded = fold(type, name);
        return type.equals("pypi") && folded != null ? folded.replaceAll("[-_.]+", "-") : folded;
    }
}
