package dev.warden.cli;

import dev.warden.catalog.CatalogSelection;
import dev.warden.catalog.secret.GitleaksConfig;
import dev.warden.catalog.secret.SecretRuleSet;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import dev.warden.image.ImageLimits;
import dev.warden.pipeline.ImageAccess;
import dev.warden.pipeline.ScanPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that reads an image shares; the pipeline gets them as an {@link ImageAccess}. */
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

    @Option(names = "--secret-config", paramLabel = "FILE",
            description = "Secret rules in gitleaks' TOML format for the secret scan ([extend] useDefault = true keeps the built-in ones; docs/secrets.md).")
    Path secretConfig;

    /** Standard input can be read once: commands that open several images reuse the password read first. */
    private String stdinPassword;

    /** How the pipeline reaches images, from these options and the root command's cache and quietness. */
    ImageAccess access(WardenCommand root) {
        return new ImageAccess(platform == null ? null : Platform.parse(platform), username, this::password,
                new LinkedHashSet<>(insecureRegistries), root.cacheDir(), ImageAccess.defaultDockerConfig(),
                ImageAccess.limits(maxLayerBytes, maxEntries), root.progress());
    }

    /** The scan pipeline with these options (for reading an image without cataloguing it). */
    ScanPipeline pipeline(WardenCommand root) {
        return new ScanPipeline(access(root), CatalogSelection.ALL, secretRules());
    }

    /** The scan pipeline with these options, cataloguing what {@code selection} keeps. */
    ScanPipeline pipeline(WardenCommand root, CatalogSelection selection) {
        return new ScanPipeline(access(root), selection, secretRules());
    }

    /** The built-in rules, or the {@code --secret-config} file's (read now, so a bad file fails before any scan). */
    SecretRuleSet secretRules() {
        return secretConfig == null ? SecretRuleSet.builtin() : GitleaksConfig.load(secretConfig);
    }

    /** Read when an image is first opened, not before: an sbom:// source never reads standard input. */
    private String password() {
        if (passwordStdin && stdinPassword == null) {
            String password;
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
        return stdinPassword;
    }
}
