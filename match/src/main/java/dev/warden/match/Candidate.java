package dev.warden.match;

import dev.warden.core.Package;

/**
 * One package as matching sees it: the key advisories are looked up by and the version compared.
 *
 * @param pkg        the package as the SBOM lists it (the binary package for OS packages)
 * @param lookupType purl type the store is asked with ({@code deb}, {@code pypi}, {@code golang}...)
 * @param name       the name advisories use: the source package for OS packages, {@code group:artifact}
 *                   for Maven, the module path for Go ({@code stdlib} for the toolchain)
 * @param version    the version compared: the source version for OS packages, Go's toolchain without {@code go}
 */
record Candidate(Package pkg, String lookupType, String name, String version) {

    boolean isOsPackage() {
        return EcosystemMatcher.isOsType(lookupType);
    }
}
