package dev.warden.catalog.sbom;

import dev.warden.core.Sbom;
import java.io.IOException;
import java.io.OutputStream;

/** Writes an SBOM in one format. The stream is left open. */
public interface SbomWriter {
    void write(Sbom sbom, OutputStream out) throws IOException;
}
