package dev.warden.image;

import dev.warden.core.ImageInfo.Platform;
import java.nio.file.Path;
import java.util.Set;

/**
 * How to open a source: the platform to pick from a multi-platform index, registry credentials,
 * hosts allowed over plain HTTP, the blob cache, and the limits that guard against hostile images.
 *
 * @param platform          null = linux/amd64, or the only platform an index has
 * @param username          registry user, or null to use ~/.docker/config.json or anonymous access
 * @param password          registry password or token, or null
 * @param insecureRegistries hosts (host:port) that may be reached over plain HTTP besides loopback
 * @param cacheDir          blob cache folder (~/.cache/warden by default)
 * @param dockerConfig      docker config.json to read credentials from, or null for none
 * @param limits            size and count limits
 * @param progress          where to report long operations
 */
public record SourceOptions(
        Platform platform,
        String username,
        String password,
        Set<String> insecureRegistries,
        Path cacheDir,
        Path dockerConfig,
        ImageLimits limits,
        Progress progress) {

    public SourceOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
    }

    public static SourceOptions defaults(Path cacheDir) {
        return new SourceOptions(null, null, null, Set.of(), cacheDir,
                Path.of(System.getProperty("user.home"), ".docker", "config.json"), ImageLimits.DEFAULT, Progress.NONE);
    }
}
