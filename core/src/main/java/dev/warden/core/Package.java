package dev.warden.core;

import java.util.List;
import java.util.Map;

/**
 * One package found in an image.
 *
 * @param id         stable within one SBOM; used for nesting ({@code parentId}) and dependencies
 * @param type       purl type: deb, rpm, apk, maven, npm, pypi, golang, gem, cargo, nuget, composer
 * @param purl       canonical package URL
 * @param licenses   SPDX expressions, or free text kept as a named licence
 * @param source     source package for OS packages, else null
 * @param foundBy    the cataloger that found it
 * @param parentId   id of the enclosing package (shaded or nested jar), else null
 * @param properties extra facts (sha1 of an archive, arch, owning OS package...)
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
}
