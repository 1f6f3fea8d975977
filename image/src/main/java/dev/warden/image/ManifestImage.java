package dev.warden.image;

import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.LayerInfo;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An image made of a config and layers in a {@link BlobStore}, whatever container they came in. */
final class ManifestImage implements ImageSource {
    private final BlobStore blobs;
    private final SourceOptions options;
    private final Closeable onClose;
    private ImageInfo info;
    private LayeredView view;
    private List<String> attestationWarnings = List.of();

    ManifestImage(ImageInfo info, BlobStore blobs, SourceOptions options, Closeable onClose) {
        this.info = info;
        this.blobs = blobs;
        this.options = options;
        this.onClose = onClose;
    }

    @Override
    public synchronized ImageInfo info() {
        return info;
    }

    @Override
    public synchronized FileSystemView files() throws IOException {
        if (view == null) {
            view = LayeredView.build(blobs, info.layers(), info.reference(), options, LayerCache.in(options.cacheDir()));
            long[] counts = view.entryCounts();
            List<LayerInfo> counted = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                LayerInfo l = info.layers().get(i);
                counted.add(new LayerInfo(l.digest(), l.diffId(), l.mediaType(), l.size(), counts[i]));
            }
            info = info.withLayers(counted);
        }
        return view;
    }

    /** Records the names the layout's index or the archive gives the image (its own annotations win). */
    synchronized void name(java.util.Map<String, String> naming) {
        info = info.withAnnotations(naming);
    }

    /** Records the registry manifest digest and repo digests a container engine gives the image. */
    synchronized void nameByEngine(String registryManifestDigest, List<String> repoDigests) {
        info = info.withRepoDigests(registryManifestDigest, repoDigests);
    }

    /** Records the attestations found beside the image's manifest. */
    synchronized void attach(AttestationFinder.Found found) {
        info = info.withAttestations(found.attestations(), found.state());
        attestationWarnings = found.warnings();
    }

    @Override
    public java.util.Optional<byte[]> readAttestation(ImageInfo.Attestation attestation) throws IOException {
        if (!info().attestations().contains(attestation)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ManifestImages.readBlob(blobs, attestation.digest(), -1,
                AttestationFinder.MAX_STATEMENT_BYTES, info().reference() + ": attestation " + attestation.digest()));
    }

    @Override
    public synchronized List<String> warnings() {
        List<String> all = new ArrayList<>(attestationWarnings);
        if (view != null) {
            all.addAll(view.warnings());
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        if (onClose != null) {
            onClose.close();
        }
    }
}
