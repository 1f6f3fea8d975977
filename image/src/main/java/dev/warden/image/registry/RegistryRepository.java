package dev.warden.image.registry;

import dev.warden.core.WardenException;
import dev.warden.image.SourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;

/**
 * One repository of a registry as signing sees it: manifests and blobs by digest (verified), tags that may be
 * absent, the referrers API, and the writes that attach signatures (blobs, manifests under a tag or digest). Image
 * analysis goes through {@link RegistrySource}; this is for the small documents kept beside an image.
 */
public final class RegistryRepository implements AutoCloseable {
    private final RegistryClient client;

    private RegistryRepository(RegistryClient client) {
        this.client = client;
    }

    /** A manifest's bytes, media type and verified digest. */
    public record Manifest(byte[] content, String mediaType, String digest) {}

    /** {@code reference} is HOST[:PORT]/REPO[:TAG][@DIGEST], without the registry:// prefix. */
    public static RegistryRepository open(String reference, SourceOptions options) {
        RegistryReference ref = RegistryReference.parse(reference);
        return new RegistryRepository(RegistryClient.create(ref, options, RetryPolicy.DEFAULT.withEnvironment(System.getenv()),
                Clock.systemUTC()));
    }

    public RegistryReference reference() {
        return client.reference();
    }

    /** The manifest the reference names (its digest, else its tag); an index stays an index. */
    public Manifest resolve(long maxBytes) throws IOException {
        RegistryReference ref = client.reference();
        return of(client.manifest(ref.manifestReference(), ref.digest(), -1, maxBytes));
    }

    public Manifest manifest(String digest, long maxBytes) throws IOException {
        BlobDigest.require(digest, client.reference() + ": manifest");
        return of(client.manifest(digest, digest, -1, maxBytes));
    }

    /** The manifest tagged {@code tag}, or empty when the registry has none. */
    public Optional<Manifest> tagged(String tag, long maxBytes) throws IOException {
        return Optional.ofNullable(client.manifestIfPresent(tag, maxBytes)).map(RegistryRepository::of);
    }

    /** The referrers index of {@code digest}, or empty when the registry has no referrers API. */
    public Optional<byte[]> referrers(String digest, long maxBytes) throws IOException {
        return Optional.ofNullable(client.referrers(digest, maxBytes));
    }

    /** A blob's bytes, verified against {@code digest}, at most {@code maxBytes}. */
    public byte[] blob(String digest, long maxBytes) throws IOException {
        String what = client.reference().registry() + "/" + client.reference().repository() + ": blob " + digest;
        HttpResponse<InputStream> response = client.blob(digest);
        byte[] content;
        try (InputStream in = response.body()) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (content.length > maxBytes) {
            throw new WardenException(what + ": larger than the limit of " + maxBytes + " bytes");
        }
        String actual = BlobDigest.compute(content, digest);
        if (!actual.equals(digest)) {
            throw new WardenException(what + ": content does not match its digest (it has " + actual + ")");
        }
        return content;
    }

    public String putBlob(byte[] content) throws IOException {
        return client.putBlob(content);
    }

    /** Stores a manifest under {@code ref}, a tag or the manifest's own digest; returns its digest. */
    public String putManifest(byte[] content, String mediaType, String ref) throws IOException {
        return client.putManifest(content, mediaType, ref);
    }

    private static Manifest of(RegistryClient.Manifest m) {
        return new Manifest(m.content(), m.mediaType(), m.digest());
    }

    @Override
    public void close() {
        client.close();
    }
}
