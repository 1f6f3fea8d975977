package dev.warden.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * The content-addressed blobs of an image, wherever they are kept (an OCI layout's blobs/ folder,
 * an archive, a registry behind a local cache).
 */
public interface BlobStore {
    /**
     * Opens a blob. The returned stream checks the content against {@code digest} (and
     * {@code expectedSize} when it is >= 0) as it is read and throws a WardenException naming the
     * blob at end of stream on a mismatch.
     */
    InputStream open(String digest, long expectedSize) throws IOException;
}
