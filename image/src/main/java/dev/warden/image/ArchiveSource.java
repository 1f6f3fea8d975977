package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;

/** {@code archive://FILE[:TAG]}: a docker-save tarball or an OCI archive. */
final class ArchiveSource {
    private ArchiveSource() {}

    static ImageSource open(String spec, String reference, SourceOptions options) throws IOException {
        throw new WardenException(reference + ": archives are not supported yet");
    }
}
