package dev.warden.catalog;

import dev.warden.core.Distro;
import dev.warden.core.jar.JarIndex;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a cataloger may know about the image it works on: the detected distro, a place to report
 * warnings about files it could not read (naming the file; the scan goes on), a scratch folder
 * owned by this run (deleted when the run ends) for files that must be read from disk, such as an
 * rpm sqlite database, the run's licence names, whose memo the run's catalogers share, and the jar index
 * (SHA-1 -> Maven coordinates) that names Java archives their own metadata does not ({@link JarIndex#NONE} when
 * the run has none; read it in {@code finish}, as it may be opened while the layers are read).
 *
 * <p>The distro is detected in the same pass over the layers that feeds the catalogers, so it is
 * known once every wanted file was delivered: read {@link #distro()} in {@code finish}.
 */
public record CatalogContext(Supplier<Distro> distroSource, Consumer<String> warnings, Path scratchDir,
        LicenseNames licenseNames, JarIndex jarIndex) {

    /** A context without a jar index. */
    public CatalogContext(Supplier<Distro> distroSource, Consumer<String> warnings, Path scratchDir, LicenseNames licenseNames) {
        this(distroSource, warnings, scratchDir, licenseNames, JarIndex.NONE);
    }

    /** A context with licence names of its own (a cataloger run alone). */
    public CatalogContext(Supplier<Distro> distroSource, Consumer<String> warnings, Path scratchDir) {
        this(distroSource, warnings, scratchDir, new LicenseNames());
    }

    /** A context for a distro known in advance, with scratch files in the system temp folder. */
    public CatalogContext(Distro distro, Consumer<String> warnings) {
        this(() -> distro, warnings, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** The image's distro (null when none was recognised); complete only in {@code finish}. */
    public Distro distro() {
        return distroSource.get();
    }

    public void warn(String message) {
        warnings.accept(message);
    }
}
