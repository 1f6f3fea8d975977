package dev.warden.pipeline;

import dev.warden.catalog.CatalogSelection;
import dev.warden.catalog.secret.SecretRuleSet;
import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceRef;
import dev.warden.image.registry.RegistryTags;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * The scan pipeline as every front end (the CLI's commands, the server) calls it, with plain records: open or
 * analyse a source, scan images against an advisory store (match, VEX), find an image's base image and what its tag
 * points to now, list a repository's tags. What goes to the user goes to the {@link PrintWriter} each call is given
 * (null for none); nothing here knows about command lines.
 */
public final class ScanPipeline {
    /** The folder under the cache folder where catalogers' results are kept (docs/image-sources.md). */
    public static final String CATALOG_CACHE_DIR = "catalog-results";

    private final ImageAccess access;
    private final CatalogSelection selection;
    /** The rules a secret scan runs (built-in, or a gitleaks config's). */
    private final SecretRuleSet secretRules;

    /** Every cataloger over every path. */
    public ScanPipeline(ImageAccess access) {
        this(access, CatalogSelection.ALL);
    }

    /** {@code selection}: the catalogers chosen and the paths skipped when an image is catalogued. */
    public ScanPipeline(ImageAccess access, CatalogSelection selection) {
        this(access, selection, SecretRuleSet.builtin());
    }

    /** {@code secretRules}: what a secret scan looks for (docs/secrets.md). */
    public ScanPipeline(ImageAccess access, CatalogSelection selection, SecretRuleSet secretRules) {
        this.access = access;
        this.selection = selection;
        this.secretRules = secretRules;
    }

    public ImageAccess access() {
        return access;
    }

    /** Opens an image source (not {@code sbom://}); the caller closes it. */
    public ImageSource open(SourceRef source) throws IOException {
        return ImageSources.open(source, access.options(true));
    }

    /** The source's SBOM: an image catalogued, or an {@code sbom://} file read back. */
    public Sbom analyse(SourceRef source, boolean secrets) throws IOException {
        return Analyzer.analyse(source, access, selection, secrets ? secretRules : null, dev.warden.core.jar.JarIndex.NONE);
    }

    /** {@link #analyse(SourceRef, boolean)} naming Java archives without pom.properties from {@code jarIndex}. */
    public Sbom analyse(SourceRef source, boolean secrets, dev.warden.core.jar.JarIndex jarIndex) throws IOException {
        return Analyzer.analyse(source, access, selection, secrets ? secretRules : null, jarIndex);
    }

    /** The image's facts without reading its layers; for {@code sbom://}, the image the SBOM describes. */
    public ImageInfo imageInfo(SourceRef source) throws IOException {
        return Analyzer.imageInfo(source, access);
    }

    /** Scans judged against {@code store}; progress and warnings to {@code err} (null for none). */
    public ImageScans scans(BackgroundStore store, ScanOptions options, PrintWriter err) {
        return new ImageScans(store, access, selection, options, err, secretRules);
    }

    /** Base-image detection and tag look-ups for one run; {@code offline}: never ask a registry. */
    public BaseImages baseImages(boolean offline, PrintWriter err) {
        return new BaseImages(access, offline, err);
    }

    /** Tags of the repository {@code HOST/REPO:TAG} names, at most {@code max}. */
    public List<String> tags(String repositoryAndTag, int max) throws IOException {
        return RegistryTags.list(repositoryAndTag, access.options(false), max);
    }
}
