package dev.warden.cli;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.Sbom;
import dev.warden.core.jar.JarIndex;
import dev.warden.image.ImageSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns any SOURCE into an {@link Sbom}: {@code sbom://FILE} is read back from the file; every
 * other source is opened and catalogued. Every command that needs an image's packages (sbom,
 * scan, policy...) starts here, so they all accept the same sources.
 */
final class Analyzer {
    private Analyzer() {}

    static Sbom analyse(String source, SourceMixin sourceOptions, WardenCommand root) throws IOException {
        return analyse(source, sourceOptions, root, false);
    }

    /**
     * {@code secrets}: also scan the image's files for secrets (same pass over the layers). An SBOM source has no
     * files, so its secrets stay {@link dev.warden.core.SecretScan#NOT_SCANNED} either way.
     */
    static Sbom analyse(String source, SourceMixin sourceOptions, WardenCommand root, boolean secrets) throws IOException {
        return analyse(source, sourceOptions, root, secrets, JarIndex.NONE);
    }

    /** {@code jarIndex}: names Java archives without pom.properties by their SHA-1 (docs/sbom.md, "Java archives"). */
    static Sbom analyse(String source, SourceMixin sourceOptions, WardenCommand root, boolean secrets, JarIndex jarIndex)
            throws IOException {
        if (SbomReader.isSbomSource(source)) {
            return new SbomReader().readSource(source);
        }
        try (ImageSource image = sourceOptions.open(source, root)) {
            Catalog catalog = Catalog.withDefaults(root.cacheDir()).withJarIndex(jarIndex);
            Sbom sbom = (secrets ? catalog.withSecretScanning() : catalog).run(image.info(), image.files());
            if (image.warnings().isEmpty()) {
                return sbom;
            }
            // what the source survived (unreadable files of a root filesystem) belongs in the SBOM too
            List<String> warnings = new ArrayList<>(image.warnings());
            warnings.addAll(sbom.warnings());
            return new Sbom(sbom.image(), sbom.distro(), sbom.packages(), warnings, sbom.secrets());
        }
    }
}
