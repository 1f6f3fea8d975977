package dev.warden.match.vex;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Optional;

/** packageurl-java parsing without exceptions, for ids that may or may not be purls. */
final class Purls {
    private Purls() {}

    static Optional<PackageURL> parse(String text) {
        if (text == null || !text.startsWith("pkg:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PackageURL(text));
        } catch (MalformedPackageURLException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean hasVersion(String purl) {
        return parse(purl).map(p -> p.getVersion() != null && !p.getVersion().isEmpty()).orElse(false);
    }

    /** The purl with {@code version} set; the text unchanged when it is not a purl. */
    static String withVersion(String purl, String version) {
        return parse(purl).map(p -> {
            try {
                return new PackageURL(p.getType(), p.getNamespace(), p.getName(), version,
                        p.getQualifiers() == null ? null : new java.util.TreeMap<>(p.getQualifiers()),
                        p.getSubpath()).canonicalize();
            } catch (MalformedPackageURLException e) {
                return purl;
            }
        }).orElse(purl);
    }
}
