package dev.warden.catalog.os.rpm;

import java.io.IOException;

/** Receives the header blobs of an rpm database, each named for messages ("FILE record N"). */
@FunctionalInterface
public interface HeaderBlobs {
    void blob(String where, byte[] header) throws IOException;
}
