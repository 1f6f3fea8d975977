package dev.warden.image;

/**
 * The folders image reading keeps under the cache folder, named for {@code warden cache status|clean}: the constants
 * stay where they are used, this only says them to the outside.
 */
public final class CacheParts {
    /** The layer cache's folder ({@code layers-vN}: a new format gets a new folder). */
    public static final String LAYERS = LayerCache.DIR;
    /** Older layer cache formats' folders start so; no reader looks at them any more. */
    public static final String LAYERS_PREFIX = "layers-v";
    /** What the layer cache is kept under. */
    public static final long LAYERS_MAX_BYTES = LayerCache.MAX_TOTAL_BYTES;
    /** Registry blobs by digest (manifests, configs, and layers read from a registry). */
    public static final String REGISTRY_BLOBS = "blobs";
    /** Gzipped archives expanded for the length of one command. */
    public static final String TEMPORARY = GunzippedArchive.TEMP_DIR;

    private CacheParts() {}
}
