package dev.warden.catalog;

import dev.warden.core.Distro;
import java.util.function.Consumer;

/**
 * What a cataloger may know about the image it works on: the detected distro (null when none) and
 * a place to report warnings about files it could not read (naming the file; the scan goes on).
 */
public record CatalogContext(Distro distro, Consumer<String> warnings) {
    public void warn(String message) {
        warnings.accept(message);
    }
}
