package dev.warden.catalog.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.warden.core.Distro;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.SourcePackage;
import dev.warden.core.WardenException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the packages a reader finds in one document: turns what the document says (purl, name,
 * version, licences, {@code warden:} facts) into {@link Package}s with ids unique in the SBOM,
 * enforces the package-count limit, and notes the distro that purls name when the document has no
 * operating-system element.
 */
final class ReadPackages {
    /** Purl types of OS packages, whose {@code distro} qualifier names the distro release. */
    private static final Set<String> OS_TYPES = Set.of("deb", "rpm", "apk", "alpm");
    /** "debian-12", "centos-7.6.1810", "opensuse-leap-15.5": id, then the version from its first digit. */
    private static final Pattern DISTRO_QUALIFIER = Pattern.compile("([a-z][a-z0-9._-]*?)-(\\d[\\w.~+-]*)");

    private final String file;
    private final List<Package> packages = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private Distro distroFromPurls;

    ReadPackages(String file) {
        this.file = file;
    }

    /** What one element of the document says about a package. */
    record Found(String id, String purl, String group, String name, String version, List<String> licenses,
                 Map<String, String> hashes, PackageFacts.Read facts, String parentId, String foundBy) {}

    /** Adds a package and returns the id it got (unique in this SBOM). */
    String add(Found f) {
        if (packages.size() >= SbomLimits.MAX_PACKAGES) {
            throw new WardenException(file + ": more than " + SbomLimits.MAX_PACKAGES + " packages; refusing to read further");
        }
        PackageURL purl = parsePurl(f.purl(), f.name());
        boolean ours = f.facts().any();
        // the document's name is what its producer calls the package (purl names may be lower-cased);
        // for the version, other producers' purls are the more reliable (Trivy's SPDX versionInfo
        // drops the rpm release), while Warden's own documents carry the version as catalogued
        String name = f.name() != null || purl == null ? f.name() : purl.getName();
        String version = ours || purl == null || purl.getVersion() == null ? f.version() : purl.getVersion();
        String type = purl != null ? purl.getType() : f.facts().type != null ? f.facts().type : "generic";
        String namespace = purl != null ? purl.getNamespace() : blankToNull(f.group());
        if (purl != null && spellsWholeIdentity(name, namespace, purl.getName())) {
            // the producer's spelling of both parts: the purl library lower-cases some types' namespaces (golang)
            namespace = name.substring(0, namespace.length());
            name = name.substring(namespace.length() + 1);
        }
        Map<String, String> properties = new TreeMap<>(f.facts().properties);
        f.hashes().forEach(properties::putIfAbsent);
        SourcePackage source = f.facts().source();
        String id = unique(f.facts().id != null ? f.facts().id : f.id() != null ? f.id()
                : purl != null ? f.purl().strip() : name + "@" + version);
        String foundBy = f.facts().foundBy != null ? f.facts().foundBy : f.foundBy();
        List<Location> locations = f.facts().locations;
        packages.add(new Package(id, type, namespace, name == null ? "" : name, version,
                // the purl as the document wrote it: canonicalising would re-encode it (1:2.38 as 1%3A2.38)
                purl == null ? null : f.purl().strip(), f.licenses(), locations, source, foundBy, f.parentId(), properties));
        noteDistro(purl);
        return id;
    }

    void warn(String message) {
        warnings.add(file + ": " + message);
    }

    List<Package> packages() {
        return packages;
    }

    List<String> warnings() {
        return warnings;
    }

    Distro distroFromPurls() {
        return distroFromPurls;
    }

    /**
     * Whether the document's name is namespace and name together: Syft and cyclonedx-gomod name a Go module by its path
     * ({@code golang.org/x/net} for {@code pkg:golang/golang.org/x/net}), Trivy a Maven artifact {@code group:artifact};
     * kept whole, namespace and name would say the namespace twice, in tables and to the matchers.
     */
    private static boolean spellsWholeIdentity(String documentName, String namespace, String purlName) {
        if (documentName == null || namespace == null || documentName.length() <= namespace.length() + 1) {
            return false;
        }
        char separator = documentName.charAt(namespace.length());
        return (separator == '/' || separator == ':') && documentName.regionMatches(true, 0, namespace, 0, namespace.length())
                && documentName.substring(namespace.length() + 1).equalsIgnoreCase(purlName);
    }

    private PackageURL parsePurl(String purl, String name) {
        if (purl == null || purl.isBlank()) {
            return null;
        }
        try {
            return new PackageURL(purl);
        } catch (MalformedPackageURLException | RuntimeException e) {
            warn("package '" + name + "' has an invalid purl '" + purl + "' (" + e.getMessage() + "); kept without it");
            return null;
        }
    }

    private void noteDistro(PackageURL purl) {
        if (distroFromPurls != null || purl == null || !OS_TYPES.contains(purl.getType()) || purl.getQualifiers() == null) {
            return;
        }
        String qualifier = purl.getQualifiers().get("distro");
        if (qualifier == null) {
            return;
        }
        Matcher m = DISTRO_QUALIFIER.matcher(qualifier);
        if (m.matches()) {
            distroFromPurls = new Distro(m.group(1), m.group(2), null, null);
        }
    }

    private String unique(String base) {
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + "#" + n;
        }
        return id;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
