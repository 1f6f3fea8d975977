package dev.warden.catalog;

import dev.warden.catalog.config.ConfigurationScan;
import dev.warden.catalog.secret.ConfigSecrets;
import dev.warden.catalog.secret.SecretRuleSet;
import dev.warden.catalog.secret.SecretRules;
import dev.warden.catalog.secret.SecretScanner;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.jar.JarIndex;
import dev.warden.core.progress.Phase;
import dev.warden.core.progress.WorkProgress;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs catalogers over an image's final filesystem: in one streaming pass it reads the release
 * files (for the distro) and gives each cataloger the files it asks for, lets them finish in parallel, attributes language
 * packages to the OS packages that own their files, and assembles the SBOM in a stable order. This class holds the
 * choices of a run (catalogers, selection, cache, jar index, secret scan) and {@link #run} reads as the pipeline; each
 * step is a class of its own.
 */
public final class Catalog {
    /** Packages in an SBOM: by purl, then first path, then id, so that the same image gives the same document. */
    private static final Comparator<Package> SBOM_ORDER = Comparator.comparing(Package::purl)
            .thenComparing((Package p) -> p.locations().isEmpty() ? "" : p.locations().get(0).path())
            .thenComparing(Package::id);

    /** The name prefix of a run's scratch folder under the folder it is given (the cache folder, for the CLI). */
    public static final String SCRATCH_PREFIX = ScratchFolder.PREFIX;

    private final List<Cataloger> catalogers;
    private final Path scratchParent;
    /** The secret rules to scan the files with; null: no secret scan. */
    private final SecretRuleSet secretRules;
    private final JarIndex jarIndex;
    private final CatalogSelection selection;
    private final CatalogCache cache;

    public Catalog(List<Cataloger> catalogers) {
        this(catalogers, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@code scratchParent}: where each run makes (and removes) its scratch folder, e.g. Warden's cache. */
    public Catalog(List<Cataloger> catalogers, Path scratchParent) {
        this(catalogers, scratchParent, null, CatalogSelection.ALL);
    }

    private Catalog(List<Cataloger> catalogers, Path scratchParent, SecretRuleSet secretRules, CatalogSelection selection) {
        this(catalogers, scratchParent, secretRules, selection, JarIndex.NONE);
    }

    private Catalog(List<Cataloger> catalogers, Path scratchParent, SecretRuleSet secretRules, CatalogSelection selection,
            JarIndex jarIndex) {
        this(catalogers, scratchParent, secretRules, selection, jarIndex, null);
    }

    private Catalog(List<Cataloger> catalogers, Path scratchParent, SecretRuleSet secretRules, CatalogSelection selection,
            JarIndex jarIndex, CatalogCache cache) {
        this.cache = cache;
        this.catalogers = List.copyOf(catalogers);
        this.scratchParent = scratchParent;
        this.secretRules = secretRules;
        this.selection = selection;
        this.jarIndex = jarIndex;
    }

    /** This catalog that also scans the files for secrets (built-in rules), in the same pass over the layers. */
    public Catalog withSecretScanning() {
        return withSecretScanning(SecretRuleSet.builtin());
    }

    /** This catalog that also scans the files for secrets with {@code rules} (e.g. a gitleaks config's). */
    public Catalog withSecretScanning(SecretRuleSet rules) {
        return new Catalog(catalogers, scratchParent, rules, selection, jarIndex, cache);
    }

    /**
     * This catalog naming Java archives without their own Maven metadata from {@code index} (SHA-1 -> coordinates);
     * the index is asked once per run, when the layers have been read.
     */
    public Catalog withJarIndex(JarIndex index) {
        return new Catalog(catalogers, scratchParent, secretRules, selection, index, cache);
    }

    /**
     * This catalog with only the catalogers {@code selection} chooses, over the image without the paths it skips
     * (the secret scan and the distro detection do not see them either).
     */
    public Catalog withSelection(CatalogSelection selection) {
        return new Catalog(selection.select(catalogers), scratchParent, secretRules, selection, jarIndex, cache);
    }

    /**
     * This catalog keeping each cataloger's result in {@code cache} and taking it from there when an image gives the
     * cataloger the same files (same paths from the same layers), lookups and distro ({@link CatalogCache} says why
     * that is exact); null for none.
     */
    public Catalog withCache(CatalogCache cache) {
        return new Catalog(catalogers, scratchParent, secretRules, selection, jarIndex, cache);
    }

    /** Every cataloger Warden has. */
    public static Catalog withDefaults() {
        return new Catalog(Catalogers.defaults());
    }

    /** Every cataloger Warden has, with scratch files under {@code scratchParent}. */
    public static Catalog withDefaults(Path scratchParent) {
        return new Catalog(Catalogers.defaults(), scratchParent);
    }

    /**
     * Catalogues {@code image}. The pipeline, each step a class of its own: the catalogers start ({@link CatalogerRun});
     * results the cache kept for the same inputs are taken ({@link KeptResults}, {@link RunDistro}); one pass over the
     * layers reads what is left ({@link LayerPass}, {@link FileDispatch}), with the secret scan riding along; the
     * distro is settled and catalogers whose kept result was made under another distro read their files again; the
     * sessions finish side by side ({@link ParallelFinish}) and what they found is kept; language packages get their
     * owning OS package ({@link Ownership}), unique ids ({@link PackageIds#unique}) and a stable order.
     */
    public Sbom run(ImageInfo info, FileSystemView image) throws IOException {
        return run(info, image, WorkProgress.NONE);
    }

    /** {@link #run(ImageInfo, FileSystemView)}, reporting the phase and the packages found to {@code progress}. */
    public Sbom run(ImageInfo info, FileSystemView image, WorkProgress progress) throws IOException {
        progress.phase(Phase.CATALOGUE);
        FileSystemView files = selection.view(image);
        List<String> warnings = new ArrayList<>();
        RunDistro distro = new RunDistro(files);
        List<CatalogerRun> runs = new ArrayList<>();
        SecretScanner secrets = secretRules != null ? new SecretScanner(secretRules) : null;
        // one memo for the run: packages of every cataloger name the same licences, and nothing outlives the run
        LicenseNames licenseNames = new LicenseNames();
        try (ScratchFolder scratch = ScratchFolder.under(scratchParent)) {
            for (Cataloger cataloger : catalogers) {
                runs.add(new CatalogerRun(cataloger, distro::get, scratch.path(), licenseNames, jarIndex, progress));
            }
            List<String> layers = info.layers().stream().map(ImageInfo.LayerInfo::diffId).toList();
            if (cache != null && KeptResults.take(runs, files, layers, selection, cache, warnings)) {
                distro.takeFromCache(cache, selection, warnings);
            }
            LayerPass.read(files, distro, runs, secrets, scratch.path());
            distro.settle(warnings);
            LayerPass.readAgainForStale(files, distro, runs, scratch.path());
            ParallelFinish.finishAll(runs.stream().filter(r -> r.hit == null).toList(), files);
            runs.stream().filter(r -> r.hit != null).forEach(CatalogerRun::takeKept);
            if (cache != null) {
                runs.forEach(r -> r.completePerFile(cache, warnings));
                runs.forEach(r -> r.keepParses(cache, warnings));
                KeptResults.keep(runs, cache, distro.get(), warnings);
            }
        }
        for (CatalogerRun r : runs) {
            warnings.addAll(r.warnings);
        }
        List<Package> packages = PackageIds.unique(Ownership.apply(runs, files, warnings)).stream()
                .sorted(SBOM_ORDER).toList();
        // the configuration checks' facts: from the index already read and the config, no pass over the layers
        var configuration = new ConfigurationScan(new ConfigSecrets(SecretRules.builtin())).of(info, files);
        if (secrets == null) {
            return new Sbom(info, distro.get(), packages, warnings, null, configuration);
        }
        warnings.addAll(secrets.warnings());
        return new Sbom(info, distro.get(), packages, warnings, secrets.result(), configuration);
    }
}
