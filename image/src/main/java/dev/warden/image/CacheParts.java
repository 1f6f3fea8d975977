package dev.warden.image;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

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
    /** The environment variable that changes what registry blobs are kept under. */
    public static final String REGISTRY_BLOBS_MAX_ENV = dev.warden.image.registry.BlobCacheBound.ENV;
    /** Gzipped archives expanded for the length of one command. */
    public static final String TEMPORARY = GunzippedArchive.TEMP_DIR;

    /**
     * What documents (SBOMs, reports) call the cache folder: a warning about a damaged cache file names it as
     * {@code CACHE/layers-v2/...}, since the scanning machine's paths ({@code /root/.cache/warden}) are not the image's
     * business and would leak into everything the SBOM is sent to; stderr shows the real path ({@link #onHost}).
     */
    public static final String ROOT_IN_DOCUMENTS = "CACHE";
    /** How the caches' warnings begin: only those are taken back to host paths. */
    public static final List<String> WARNING_PREFIXES = List.of("layer cache: ", "catalog cache: ");

    private CacheParts() {}

    /** What registry blobs are kept under: {@value #REGISTRY_BLOBS_MAX_ENV} in {@code env}, else 4 GiB. */
    public static long registryBlobsMaxBytes(java.util.Map<String, String> env) {
        return dev.warden.image.registry.BlobCacheBound.maxBytes(env);
    }

    /** {@code text} with every spelling of the cache folder {@code cacheRoot} replaced by {@value #ROOT_IN_DOCUMENTS}. */
    public static String hostFree(Path cacheRoot, String text) {
        if (cacheRoot == null || text == null) {
            return text;
        }
        String absolute = cacheRoot.toAbsolutePath().normalize().toString();
        String given = cacheRoot.toString();
        String out = asPath(absolute).matcher(text).replaceAll(ROOT_IN_DOCUMENTS);
        return given.isEmpty() || given.equals(absolute) ? out : asPath(given).matcher(out).replaceAll(ROOT_IN_DOCUMENTS);
    }

    /**
     * {@code path} where it stands as a path of its own: not inside a longer name ({@code /srv/wc} in {@code /srv/wc2}),
     * nor, for a folder given relative ({@code --cache-dir .}, {@code WARDEN_CACHE=c}), the same letters elsewhere in
     * the text (a file name's dot, the "c" of "cache").
     */
    private static Pattern asPath(String path) {
        return Pattern.compile("(?<![\\w./~-])" + Pattern.quote(path) + "(?=/|$|[^\\w.~-])");
    }

    /** A cache's warning as the user of this machine reads it on stderr: {@code CACHE/} back to the cache folder's path. */
    public static String onHost(Path cacheRoot, String warning) {
        if (cacheRoot == null || WARNING_PREFIXES.stream().noneMatch(warning::startsWith)) {
            return warning;
        }
        return warning.replace(" " + ROOT_IN_DOCUMENTS + "/", " " + cacheRoot.toAbsolutePath().normalize() + "/");
    }
}
