package dev.warden.core.jar;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * SHA-1 of a jar file -> the Maven coordinates it was published under (the advisory store's jar index, fed from
 * Maven repository layouts and Trivy's Java index). One SHA-1 may have been published under several coordinates
 * (relocations, re-uploads), so each maps to a list.
 */
@FunctionalInterface
public interface JarIndex {
    /** An index that knows no jar: catalogues made without one. */
    JarIndex NONE = sha1s -> Map.of();

    /** The coordinates of every SHA-1 (lower-case hex) the index knows; SHA-1s it does not know are absent. */
    Map<String, List<JarCoordinates>> find(Collection<String> sha1s);
}
