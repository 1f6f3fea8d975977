package dev.warden.catalog.sbom;

import dev.warden.core.Sbom;
import dev.warden.core.WarmUp;
import java.io.IOException;
import java.io.OutputStream;

/** Writes an SBOM in one format. The stream is left open. */
public interface SbomWriter extends WarmUp {
    void write(Sbom sbom, OutputStream out) throws IOException;

    /**
     * Writes a small SBOM that uses every kind of part (image, distro, a package with its source, licences, locations
     * and a nested one; {@link PrepareSample}) to nowhere, so that a later {@link #write} in this JVM finds the writer's
     * classes loaded, initialised and partly compiled. For a command that can do it on another thread while the image
     * is read: the CycloneDX library's and Jackson's set-up is a third of a second of a cold {@code warden sbom}.
     * Never fails. Called by start-up only ({@code pipeline}'s {@code StartUpWork}).
     */
    @Override
    default void prepare() {
        try {
            write(PrepareSample.sbom(), OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException | LinkageError e) {
            // only a head start: a real write meets the same problem and reports it
        }
    }
}
