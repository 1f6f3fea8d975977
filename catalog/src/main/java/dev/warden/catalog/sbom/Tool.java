package dev.warden.catalog.sbom;

import dev.warden.core.WardenVersion;

/** The program that produced a document, recorded in its metadata (CycloneDX tools, SPDX creators). */
public record Tool(String vendor, String name, String version) {
    /** Warden itself, with the one version the build wrote ({@link WardenVersion}), as {@code --version} prints it. */
    public static Tool warden() {
        return new Tool("warden", "warden", WardenVersion.get());
    }
}
