package dev.warden.catalog.lang;

import dev.warden.catalog.PackageIds;
import dev.warden.catalog.Purls;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.PackageNames;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds {@link Package} records for language packages from the coordinates their metadata gives.
 */
final class LangPackages {
    private LangPackages() {}

    /** A package identity as found in metadata, before it becomes a record. */
    record Coordinates(String type, String namespace, String name, String version) {}

    static Package create(String foundBy, Coordinates c, List<String> licenses, Location location,
            String parentId, Map<String, String> properties) {
        String purl = purl(c, location.path());
        return new Package(PackageIds.of(foundBy, purl, location.path()), c.type(), blankToNull(c.namespace()), c.name(),
                blankToNull(c.version()), purl, licenses, List.of(location), null, foundBy, parentId, new TreeMap<>(properties));
    }

    /**
     * The purl; a Maven artifact whose groupId is unknown has no valid maven purl (the type requires a
     * namespace), so it gets a {@code pkg:generic} one: nothing will match it to Maven advisories by a
     * guessed group, and the package is still listed.
     */
    static String purl(Coordinates c, String where) {
        if (c.type().equals("maven") && blankToNull(c.namespace()) == null) {
            return purl(new Coordinates("generic", null, c.name(), c.version()), where);
        }
        // The pypi purl type names the PEP 503 normalised name; the package keeps the name as written.
        String name = c.type().equals("pypi") ? PackageNames.normalise("pypi", c.name()) : c.name();
        try {
            return Purls.of(c.type(), blankToNull(c.namespace()), name, blankToNull(c.version()), Map.of());
        } catch (WardenException e) {
            throw new WardenException(where + ": " + e.getMessage());
        }
    }

    /** {@code p} under new coordinates, keeping its id (children name it as their parent), locations and licences. */
    static Package renamed(Package p, Coordinates c, Map<String, String> properties) {
        String purl = purl(c, p.locations().isEmpty() ? p.name() : p.locations().getFirst().path());
        return p.withCoordinates(c.type(), blankToNull(c.namespace()), c.name(), blankToNull(c.version()), purl)
                .withProperties(properties);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
