package dev.warden.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One package found in an image.
 *
 * <p>To change one field of a package, use its {@code with...} method rather than the canonical constructor: the
 * record has twelve components, and a copy spelled out in full hides which one changed.
 *
 * @param id         stable within one SBOM; used for nesting ({@code parentId}) and dependencies
 * @param type       purl type: deb, rpm, apk, maven, npm, pypi, golang, gem, cargo, nuget, composer
 * @param purl       canonical package URL
 * @param licenses   SPDX expressions, or free text kept as a named licence
 * @param source     source package for OS packages, else null
 * @param foundBy    the cataloger that found it
 * @param parentId   id of the enclosing package (shaded or nested jar), else null
 * @param properties extra facts, under the keys of {@link PackageProperties} (sha1 of an archive, owning OS package...)
 */
public record Package(
        String id,
        String type,
        String namespace,
        String name,
        String version,
        String purl,
        List<String> licenses,
        List<Location> locations,
        SourcePackage source,
        String foundBy,
        String parentId,
        Map<String, String> properties) {

    public Package {
        licenses = List.copyOf(licenses);
        locations = List.copyOf(locations);
        properties = Map.copyOf(properties);
    }

    /** This package under another id (its children still name the old one as their parent). */
    public Package withId(String newId) {
        return new Package(newId, type, namespace, name, version, purl, licenses, locations, source, foundBy, parentId,
                properties);
    }

    /** This package nested in the package {@code newParentId} (null: at the top). */
    public Package withParentId(String newParentId) {
        return new Package(id, type, namespace, name, version, purl, licenses, locations, source, foundBy, newParentId,
                properties);
    }

    /** This package known by other coordinates (a jar named by the jar index, say); id, licences and places kept. */
    public Package withCoordinates(String newType, String newNamespace, String newName, String newVersion,
            String newPurl) {
        return new Package(id, newType, newNamespace, newName, newVersion, newPurl, licenses, locations, source,
                foundBy, parentId, properties);
    }

    /** This package with exactly {@code newProperties}. */
    public Package withProperties(Map<String, String> newProperties) {
        return new Package(id, type, namespace, name, version, purl, licenses, locations, source, foundBy, parentId,
                newProperties);
    }

    /** This package with one property set (replacing any value it had under {@code key}). */
    public Package withProperty(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(properties);
        changed.put(key, value);
        return withProperties(changed);
    }
}
