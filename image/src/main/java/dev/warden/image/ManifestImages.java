package dev.warden.image;

import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import java.io.Closeable;
import java.io.IOException;

/**
 * Builds an {@link ImageSource} from a manifest and the blobs it names: the part shared by OCI
 * layouts, archives and registries.
 */
public final class ManifestImages {
    private ManifestImages() {}

    /**
     * An image from an already digest-verified image manifest (OCI or Docker schema 2). Reads and
     * verifies the config; reads no layer until {@link ImageSource#files()}.
     *
     * @param onClose released when the source is closed (a registry connection, an open archive), or null
     */
    public static ImageSource fromManifest(String reference, String manifestDigest, byte[] manifestJson,
            BlobStore blobs, SourceOptions options, Closeable onClose) throws IOException {
        throw new WardenException("not implemented yet: manifest images");
    }

    /**
     * Picks the manifest for {@code wanted} (null = linux/amd64, or the only one) from an OCI image
     * index or Docker manifest list; {@code where} names the input in error messages.
     */
    public static ManifestDescriptor selectPlatform(byte[] indexJson, Platform wanted, String where) {
        throw new WardenException("not implemented yet: platform selection");
    }

    /** A manifest named by an index. */
    public record ManifestDescriptor(String mediaType, String digest, long size, Platform platform) {}
}
