package dev.warden.image;

import dev.warden.core.ImageInfo;
import java.io.IOException;
import java.util.List;

/**
 * Something an image can be read from: an OCI layout, an archive, a registry, a root filesystem.
 * Opening verifies what can be verified (digests) and reads no layer content.
 */
public interface ImageSource extends AutoCloseable {

    /** Identity, config and layers. Layer entry counts are -1 until {@link #files()} was built. */
    ImageInfo info();

    /** The final filesystem; built on first call by one streaming pass over the layers. */
    FileSystemView files() throws IOException;

    /** Problems that were survived (unreadable files of a root filesystem), one line each; callers show them. */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * The statement blob of one of {@link ImageInfo#attestations()} (verified, at most
     * {@link AttestationFinder#MAX_STATEMENT_BYTES}); empty when the source holds no attestations.
     */
    default java.util.Optional<byte[]> readAttestation(ImageInfo.Attestation attestation) throws IOException {
        return java.util.Optional.empty();
    }

    @Override
    void close() throws IOException;
}
