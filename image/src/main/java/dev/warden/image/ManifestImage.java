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
            info = new ImageInfo(info.reference(), info.manifestDigest(), info.configDigest(), info.platform(),
                    info.config(), counted, info.annotations());
        }
        return view;
    }

    @Override
    public synchronized List<String> warnings() {
        return view == null ? List.of() : view.warnings();
    }

    @Override
    public void close() throws IOException {
        if (onClose != null) {
            onClose.close();
        }
    }
}
