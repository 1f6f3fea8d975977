package dev.warden.cli;

import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import dev.warden.image.ImageLimits;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The options every command that reads an image shares. */
final class SourceMixin {
    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "Platform to pick from a multi-platform image (default linux/amd64, or the only one).")
    String platform;

    @Option(names = "--username", description = "Registry user name (password from --password-stdin).")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password or token from standard input.")
    boolean passwordStdin;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "Allow plain HTTP to this registry (loopback hosts always may). Repeatable.")
    List<String> insecureRegistries = List.of();

    @Option(names = "--max-layer-size", paramLabel = "BYTES",
            description = "Refuse layers that expand beyond this (default ${DEFAULT-VALUE}).")
    long maxLayerBytes = ImageLimits.DEFAULT_MAX_LAYER_BYTES;

    @Option(names = "--max-entries", paramLabel = "N",
            description = "Refuse layers with more tar entries than this (default ${DEFAULT-VALUE}).")
    long maxEntries = ImageLimits.DEFAULT_MAX_ENTRIES_PER_LAYER;

    /** Standard input can be read once: commands that open several images reuse the password read first. */
    private String stdinPassword;

    SourceOptions options(WardenCommand root, boolean showProgress) {
        String password = stdinPassword;
        if (passwordStdin && password == null) {
            try {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new WardenException("cannot read password from standard input: " + e.getMessage(), e);
            }
            if (password == null || password.isEmpty()) {
                throw new WardenException("--password-stdin: standard input is empty");
            }
            stdinPassword = password;
        }
        ImageLimits d = ImageLimits.DEFAULT;
        ImageLimits limits = new ImageLimits(d.maxManifestBytes(), d.maxConfigBytes(), maxLayerBytes,
                d.maxCompressionRatio(), maxEntries, d.maxLayers(), d.maxPathLength(), d.maxSymlinkHops());
        Path dockerConfig = Path.of(System.getProperty("user.home"), ".docker", "config.json");
        return new SourceOptions(platform == null ? null : Platform.parse(platform), username, password,
                new LinkedHashSet<>(insecureRegistries), root.cacheDir(), dockerConfig, limits,
                showProgress && !root.quiet() ? TerminalProgress.forStderr() : dev.warden.image.Progress.NONE);
    }

    ImageSource open(String source, WardenCommand root) throws IOException {
        return ImageSources.open(source, options(root, true));
    }
}
