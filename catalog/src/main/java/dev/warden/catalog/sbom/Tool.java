package dev.warden.catalog.sbom;

/** The program that produced a document, recorded in its metadata (CycloneDX tools, SPDX creators). */
public record Tool(String vendor, String name, String version) {
    /** Warden itself, with the version from the jar manifest when there is one. */
    public static Tool warden() {
        String v = Tool.class.getPackage().getImplementationVersion();
        return new Tool("warden", "warden", v == null || v.isBlank() ? "dev" : v);
    }
}
