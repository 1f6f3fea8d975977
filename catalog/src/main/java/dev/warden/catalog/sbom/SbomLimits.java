package dev.warden.catalog.sbom;

/** Limits that keep a hostile or broken SBOM file ({@code sbom://}) from exhausting memory or the stack. */
public final class SbomLimits {
    /**
     * Largest SBOM file read. The SBOM of a large image (100k packages with locations) is ~100 MB
     * of JSON; the whole document is held as a tree while it is read, so this also bounds memory.
     */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /** Most packages (components, SPDX packages) one SBOM may list; ~10x the largest real images. */
    public static final int MAX_PACKAGES = 1_000_000;

    /**
     * Deepest nesting of CycloneDX components. Real documents nest jars a handful of levels deep;
     * anything deeper is either generated garbage or an attempt to overflow the reader's stack.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Deepest JSON nesting the parser accepts at all (components plus their own objects). */
    public static final int MAX_JSON_DEPTH = 4 * MAX_NESTING_DEPTH + 32;

    /** Longest single JSON string (a licence text can be long; 16 MiB is far beyond any real one). */
    public static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

    private SbomLimits() {}
}
