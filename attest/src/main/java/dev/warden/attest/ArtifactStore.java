package dev.warden.attest;

import java.io.IOException;
import java.util.Optional;

/**
 * Where an image and the signatures beside it live: a registry repository or an OCI layout directory. Everything
 * read is verified against its digest and bounded by {@link AttestLimits}.
 */
public interface ArtifactStore extends AutoCloseable {
    /** A manifest's bytes, media type and digest. */
    record Manifest(byte[] content, String mediaType, String digest) {}

    /** How output names the image: {@code host/repo} or the layout's path. */
    String describe();

    /** The repository name the simple-signing payload's docker-reference carries. */
    String dockerReference();

    /** The manifest the user's reference names (an index stays an index: a signature covers all its platforms). */
    Manifest subject() throws IOException;

    Manifest manifest(String digest) throws IOException;

    Optional<Manifest> tagged(String tag) throws IOException;

    byte[] blob(String digest) throws IOException;

    /**
     * The image index listing the manifests whose subject is {@code digest}: the referrers API's answer, else the
     * {@code sha256-HEX} tag schema's index, else an empty index.
     */
    byte[] referrers(String digest) throws IOException;

    /** Whether {@link #putManifest} of a manifest with a subject updates {@link #referrers} by itself. */
    boolean indexesReferrers(String digest) throws IOException;

    String putBlob(byte[] content) throws IOException;

    /** Stores a manifest under {@code tag} (null: by digest only); returns its digest. */
    String putManifest(byte[] content, String mediaType, String tag) throws IOException;

    @Override
    void close();
}
