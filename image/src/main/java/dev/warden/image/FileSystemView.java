package dev.warden.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The final filesystem of an image (whiteouts applied), as an index of entries plus a way to read
 * the contents of chosen files. Contents are streamed on request and never all held at once:
 * callers say which files they want and receive each as a stream, once.
 */
public interface FileSystemView {

    /** Every entry, sorted by path. */
    List<FileEntry> entries();

    /** The entry at exactly this path, without following links. */
    Optional<FileEntry> entry(String path);

    /**
     * The entry a path leads to after following symlinks (in any element of the path) inside the
     * image; empty if it does not exist, loops, or leaves the image root.
     */
    Optional<FileEntry> resolve(String path);

    /**
     * Streams the content of every regular file accepted by {@code wanted} to {@code visitor}, in an
     * order chosen for efficiency (layer by layer). The stream is valid only during the call.
     * Hardlinks are delivered with the content of their target.
     */
    void read(Predicate<FileEntry> wanted, ContentVisitor visitor) throws IOException;

    /**
     * {@link #read(Predicate, ContentVisitor)}, and in the same pass over the layers the regular files a later layer
     * deleted or replaced: gone from the final filesystem, still in the image's layers for anyone who pulls it. Each
     * such file accepted by {@code hiddenWanted} goes to {@code hidden} as the layer that wrote it holds it (its
     * {@link FileEntry#layerDiffId()} names that layer). A view without layers has nothing hidden: the default reads
     * the final files only.
     */
    default void read(Predicate<FileEntry> wanted, ContentVisitor visitor, Predicate<FileEntry> hiddenWanted,
            ContentVisitor hidden) throws IOException {
        read(wanted, visitor);
    }

    @FunctionalInterface
    interface ContentVisitor {
        void visit(FileEntry entry, InputStream content) throws IOException;
    }
}
