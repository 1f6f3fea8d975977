package dev.warden.catalog;

import dev.warden.core.Distro;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a cataloger may know about the image it works on: the detected distro (null when none), a
 * place to report warnings about files it could not read (naming the file; the scan goes on), and
 * a scratch folder owned by this run (deleted when the run ends) for files that must be read from
 * disk, such as an rpm sqlite database.
 */
public record CatalogContext(Distro distro, Consumer<String> warnings, Path scratchDir) {

    /** A context without a run-owned scratch folder: scratch files go to the system temp folder. */
    public CatalogContext(Distro distro, Consumer<String> warnings) {
        this(distro, warnings, Path.of(System.getProperty("java.io.tmpdir")));
    }

    public void warn(String message) {
        warnings.accept(message);
    }
}
