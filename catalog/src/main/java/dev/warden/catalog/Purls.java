package dev.warden.catalog;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.warden.core.WardenException;
import java.util.Map;

/** Builds canonical package URLs (through packageurl-java) as the purl specification writes them. */
public final class Purls {
    private Purls() {}

    /**
     * The canonical purl. Null or empty qualifier values are left out. Throws WardenException when
     * the parts cannot form a purl (e.g. an empty name read from a broken database).
     */
    public static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
        try {
            PackageURLBuilder builder = PackageURLBuilder.aPackageURL().withType(type).withName(name);
            if (namespace != null && !namespace.isEmpty()) {
                builder.withNamespace(namespace);
            }
            if (version != null && !version.isEmpty()) {
                builder.withVersion(version);
            }
            qualifiers.forEach((key, value) -> {
                if (value != null && !value.isEmpty()) {
                    builder.withQualifier(key, value);
                }
            });
            // packageurl-java 1.5.0 percent-encodes ':' (deb epochs); the purl spec's canonical form
            // and its test suite keep it literal, and ':' can only come from a component here.
            return builder.build().canonicalize().replace("%3A", ":");
        } catch (MalformedPackageURLException e) {
            throw new WardenException("cannot form a " + type + " purl for '" + name + "' version '" + version + "': " + e.getMessage(), e);
        }
    }
}
