package dev.warden.pipeline;

import dev.warden.core.ImageInfo.Platform;
import dev.warden.image.ImageLimits;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the pipeline reaches images: the platform to pick, registry credentials, hosts allowed over plain HTTP, the
 * blob cache, the limits against hostile images, and where pulls report progress.
 *
 * @param platform           null: linux/amd64, or the only platform an index has
 * @param username           registry user, or null for ~/.docker/config.json or anonymous access
 * @param password           asked only when an image is opened (a password read from standard input is read then, and
 *                           only then); returns null for none
 * @param insecureRegistries hosts (host:port) that may be reached over plain HTTP besides loopback
 * @param cacheDir           blob and layer cache folder
 * @param dockerConfig       docker config.json to read credentials from, or null for none
 * @param limits             size and count limits
 * @param progress           where pulls and long reads report; {@link Progress#NONE} for nowhere
 */
public record ImageAccess(Platform platform, String username, Supplier<String> password, Set<String> insecureRegistries,
                          Path cacheDir, Path dockerConfig, ImageLimits limits, Progress progress) {

    public ImageAccess {
        insecureRegistries = Set.copyOf(new LinkedHashSet<>(insecureRegistries));
        password = password == null ? () -> null : password;
    }

    /**
     * The docker config where docker login leaves credentials and names credential helpers: {@code config.json} in
     * {@code $DOCKER_CONFIG} when set (as docker, crane and Trivy read it; CI jobs log in there), else in {@code ~/.docker}.
     */
    public static Path defaultDockerConfig() {
        return dockerConfig(System.getenv("DOCKER_CONFIG"), System.getProperty("user.home"));
    }

    static Path dockerConfig(String dockerConfigDir, String home) {
        return dockerConfigDir != null && !dockerConfigDir.isBlank() ? Path.of(dockerConfigDir, "config.json")
                : Path.of(home, ".docker", "config.json");
    }

    /** The default limits with the two a real image may need raised: a layer's expanded size and its tar entries. */
    public static ImageLimits limits(long maxLayerBytes, long maxEntries) {
        ImageLimits d = ImageLimits.DEFAULT;
        return new ImageLimits(d.maxManifestBytes(), d.maxConfigBytes(), maxLayerBytes, d.maxCompressionRatio(), maxEntries,
                d.maxLayers(), d.maxPathLength(), d.maxSymlinkHops());
    }

    /** No credentials, default limits, no progress: what a test or a background job uses. */
    public static ImageAccess defaults(Path cacheDir) {
        return new ImageAccess(null, null, null, Set.of(), cacheDir, defaultDockerConfig(), ImageLimits.DEFAULT, Progress.NONE);
    }

    /** The image module's options, reporting progress when {@code showProgress}. */
    public SourceOptions options(boolean showProgress) {
        return new SourceOptions(platform, username, password.get(), insecureRegistries, cacheDir, dockerConfig, limits,
                showProgress ? progress : Progress.NONE);
    }

}
