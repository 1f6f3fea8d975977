package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.IOException;

/** {@code oci-dir://PATH[:TAG|@DIGEST]}: an OCI image layout directory. */
final class OciLayoutSource {
    private OciLayoutSource() {}

    static ImageSource open(String spec, String reference, SourceOptions options) throws IOException {
        throw new WardenException(reference + ": OCI layouts are not supported yet");
    }
}
