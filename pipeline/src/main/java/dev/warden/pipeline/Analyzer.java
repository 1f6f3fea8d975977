package dev.warden.pipeline;

import dev.warden.catalog.Catalog;
import dev.warden.catalog.CatalogCache;
import dev.warden.catalog.CatalogSelection;
import dev.warden.catalog.secret.SecretRuleSet;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.core.jar.JarIndex;
import dev.warden.core.progress.Phase;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns any source into an {@link Sbom}: {@code sbom://FILE} is read back from the file; every other source is opened
 * and catalogued. Every front end that needs an image's packages (sbom, scan, policy, the server's push...) starts
 * here, so they all accept the same sources.
 */
final class Analyzer {
    /** The folder under the cache where catalogers' results are kept per layer (docs/image-sources.md). */
    static final String CATALOG_CACHE = ScanPipeline.CATALOG_CACHE_DIR;
    /** The warning when {@code --catalogers}/{@code --skip-dirs}/{@code --skip-files} meet an SBOM source. */
    static final String SELECTION_NOT_APPLIED = "--catalogers, --skip-dirs and --skip-files do not apply to an SBOM; its "
            + "packages are listed as its writer catalogued them";

    private Analyzer() {}

    /**
     * {@code secrets}: also scan the image's files for secrets (same pass over the layers). An SBOM source has no
     * files, so its secrets stay {@link dev.warden.core.SecretScan#NOT_SCANNED} either way, and {@code selection}
     * (catalogers, skipped paths) does not apply to it: its packages were catalogued by whoever wrote it.
     * {@code jarIndex} names Java archives without pom.properties by their SHA-1 (docs/sbom.md, "Java archives").
     */
    static Sbom analyse(SourceRef source, ImageAccess access, CatalogSelection selection, SecretRuleSet secrets, JarIndex jarIndex)
            throws IOException {
        if (source instanceof SourceRef.SbomFile sbom) {
            Sbom read = new SbomReader().read(sbom.file());
            if (selection.equals(CatalogSelection.ALL)) {
                return read;
            }
            // flags that changed nothing must say so, or the output would pass for a selection that was made
            List<String> warnings = new ArrayList<>(read.warnings());
            warnings.add(source.text() + ": " + SELECTION_NOT_APPLIED);
            return new Sbom(read.image(), read.distro(), read.packages(), warnings, read.secrets(), read.configuration());
        }
        if (source instanceof SourceRef.Fs fs) {
            // a root filesystem is a folder of this machine: globs may name its paths as this machine's, as Trivy's fs takes them
            Path cwd = Path.of("").toAbsolutePath();
            selection = selection.relativeTo(cwd.resolve(fs.path()).normalize(), cwd);
        }
        access.progress().phase(source instanceof SourceRef.Registry || source instanceof SourceRef.Docker ? Phase.PULL : Phase.READ);
        try (ImageSource image = ImageSources.open(source, access.options(true))) {
            access.progress().phase(Phase.READ);
            Catalog catalog = Catalog.withDefaults(access.cacheDir()).withSelection(selection).withJarIndex(jarIndex)
                    .withCache(access.cacheDir() == null ? null : new CatalogCache(access.cacheDir().resolve(CATALOG_CACHE)));
            Sbom sbom = (secrets != null ? catalog.withSecretScanning(secrets) : catalog).run(image.info(), image.files(), access.progress());
            if (image.warnings().isEmpty()) {
                return sbom;
            }
            // what the source survived (unreadable files of a root filesystem) belongs in the SBOM too
            List<String> warnings = new ArrayList<>(image.warnings());
            warnings.addAll(sbom.warnings());
            return new Sbom(sbom.image(), sbom.distro(), sbom.packages(), warnings, sbom.secrets(), sbom.configuration());
        }
    }

    /** The image's facts alone (manifest and config, no layer read); for an SBOM source, the image it describes. */
    static ImageInfo imageInfo(SourceRef source, ImageAccess access) throws IOException {
        if (source instanceof SourceRef.SbomFile sbom) {
            return new SbomReader().read(sbom.file()).image();
        }
        try (ImageSource image = ImageSources.open(source, access.options(true))) {
            return image.info();
        }
    }
}
