package dev.warden.image.registry;

import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.ManifestImages;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.time.Clock;

/**
 * Opens images from an OCI distribution (v2) registry: resolves the reference to a verified image manifest
 * (choosing the platform from an index), and reads blobs through a verified local cache.
 */
public final class RegistrySource {
    private RegistrySource() {}

    /** {@code reference} is HOST[:PORT]/REPO[:TAG][@DIGEST], without the registry:// prefix. */
    public static ImageSource open(String reference, SourceOptions options) throws IOException {
        return open(reference, options, RetryPolicy.DEFAULT.withEnvironment(System.getenv()));
    }

    public static ImageSource open(String reference, SourceOptions options, RetryPolicy retry) throws IOException {
        return open(RegistryReference.parse(reference), reference, options, retry);
    }

    /** {@code ref} already parsed from {@code reference}, which stays the image's reference as the user wrote it. */
    public static ImageSource open(RegistryReference ref, String reference, SourceOptions options) throws IOException {
        return open(ref, reference, options, RetryPolicy.DEFAULT.withEnvironment(System.getenv()));
    }

    private static ImageSource open(RegistryReference ref, String reference, SourceOptions options, RetryPolicy retry)
            throws IOException {
        if (options.cacheDir() == null) {
            throw new WardenException(ref + ": no cache directory for registry blobs");
        }
        RegistryClient client = RegistryClient.create(ref, options, retry, Clock.systemUTC());
        try {
            long maxManifest = options.limits().maxManifestBytes();
            RegistryClient.Manifest manifest = client.manifest(ref.manifestReference(), ref.digest(), -1, maxManifest);
            RegistryClient.Manifest index = null;
            if (manifest.isIndex()) {
                index = manifest;
                String where = ref + " (index " + manifest.digest() + ")";
                ManifestImages.ManifestDescriptor chosen = ManifestImages.selectPlatform(manifest.content(), options.platform(), where);
                String digest = BlobDigest.require(chosen.digest(), where);
                manifest = client.manifest(digest, digest, chosen.size(), maxManifest);
                if (manifest.isIndex()) {
                    throw new WardenException(where + ": names another index for its platform; nested indexes are not supported");
                }
            }
            RegistryBlobStore blobs = new RegistryBlobStore(client, options.cacheDir(), options.progress(), retry,
                    options.limits().maxLayerBytes(), BlobCacheBound.maxBytes(System.getenv()));
            ImageSource image = ManifestImages.fromManifest(reference, manifest.digest(), manifest.content(), blobs, options, client);
            return ManifestImages.withAttestations(image, RegistryAttestations.find(client, index, manifest.digest()));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
