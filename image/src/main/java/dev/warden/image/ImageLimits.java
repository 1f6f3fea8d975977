package dev.warden.image;

/**
 * Limits that keep a hostile image from exhausting memory, disk or time. Each default is generous
 * for real images and each can be raised by the user where a legitimate image needs more.
 *
 * @param maxManifestBytes    manifests and indexes are small JSON; 4 MiB is 100x the largest seen in practice
 * @param maxConfigBytes      image configs carry history and labels; 8 MiB leaves room for very long histories
 * @param maxLayerBytes       expanded size of one layer; 32 GiB is past any real layer
 * @param maxCompressionRatio expanded/compressed; text compresses ~10x, only bombs exceed 200x for real sizes
 * @param maxEntriesPerLayer  tar entries in one layer; large distributions have ~500k files
 * @param maxLayers           layers in one image; Docker itself stops at 127
 * @param maxPathLength       bytes in one entry path; PATH_MAX is 4096
 * @param maxSymlinkHops      symlinks followed while resolving one path, like the kernel's 40
 */
public record ImageLimits(
        long maxManifestBytes,
        long maxConfigBytes,
        long maxLayerBytes,
        long maxCompressionRatio,
        long maxEntriesPerLayer,
        int maxLayers,
        int maxPathLength,
        int maxSymlinkHops) {

    public static final long DEFAULT_MAX_MANIFEST_BYTES = 4L << 20;
    public static final long DEFAULT_MAX_CONFIG_BYTES = 8L << 20;
    public static final long DEFAULT_MAX_LAYER_BYTES = 32L << 30;
    public static final long DEFAULT_MAX_COMPRESSION_RATIO = 200;
    /** Ratios only count once a layer has expanded this far; tiny layers of zeros are harmless. */
    public static final long RATIO_CHECK_THRESHOLD_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_ENTRIES_PER_LAYER = 1_000_000;
    public static final int DEFAULT_MAX_LAYERS = 256;
    public static final int DEFAULT_MAX_PATH_LENGTH = 4096;
    public static final int DEFAULT_MAX_SYMLINK_HOPS = 40;

    public static final ImageLimits DEFAULT = new ImageLimits(
            DEFAULT_MAX_MANIFEST_BYTES, DEFAULT_MAX_CONFIG_BYTES, DEFAULT_MAX_LAYER_BYTES,
            DEFAULT_MAX_COMPRESSION_RATIO, DEFAULT_MAX_ENTRIES_PER_LAYER, DEFAULT_MAX_LAYERS,
            DEFAULT_MAX_PATH_LENGTH, DEFAULT_MAX_SYMLINK_HOPS);
}
