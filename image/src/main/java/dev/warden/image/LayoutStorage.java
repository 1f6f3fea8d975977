package dev.warden.image;

import dev.warden.core.WardenException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The named files of an image container (an OCI layout, a docker-save tarball), kept either in a
 * directory or inside a tar file that is read in place: archives are never extracted.
 */
interface LayoutStorage extends Closeable {
    /** Opens a member ("index.json", "blobs/sha256/..."), or returns null when there is none. */
    InputStream open(String name) throws IOException;

    /** The member's size in bytes, or -1 when there is none. */
    long size(String name) throws IOException;

    /** Names the container in messages. */
    String describe();

    /** Member names never climb out of the container: they come from files an attacker wrote. */
    static String checkName(String name, String where) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\0")
                || ("/" + name + "/").contains("/../")) {
            throw new WardenException(where + ": invalid member name '" + Digests.abbreviate(name) + "'");
        }
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** A directory on disk. */
    final class Directory implements LayoutStorage {
        private final Path root;
        private final String reference;

        Directory(Path root, String reference) {
            this.root = root;
            this.reference = reference;
        }

        @Override
        public InputStream open(String name) throws IOException {
            Path file = root.resolve(checkName(name, reference));
            return Files.isRegularFile(file) ? Files.newInputStream(file) : null;
        }

        @Override
        public long size(String name) throws IOException {
            Path file = root.resolve(checkName(name, reference));
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        }

        @Override
        public String describe() {
            return reference;
        }

        @Override
        public void close() {}
    }

    /** A tar file read in place: its member index is built once, members are read at their offsets. */
    final class Tar implements LayoutStorage {
        private final TarFile tar;
        private final Map<String, TarArchiveEntry> members = new HashMap<>();
        private final String reference;
        private final Closeable expanded;

        /** {@code expanded}: the temporary tar a compressed archive was expanded into, released on close, or null. */
        Tar(Path file, String reference, Closeable expanded) throws IOException {
            this.reference = reference;
            this.expanded = expanded;
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw new WardenException(reference + ": not a file");
            }
            try (InputStream head = Files.newInputStream(file)) {
                String type = LayerMediaTypes.sniff(head.readNBytes(4));
                if (!type.equals(LayerMediaTypes.DOCKER_TAR)) {
                    throw new WardenException(reference + ": the archive is zstd-compressed; decompress it first"
                            + " (zstd -d) so that it can be read in place");
                }
            }
            try {
                this.tar = new TarFile(file);
            } catch (IOException | RuntimeException e) {
                throw new WardenException(reference + ": not a readable tar archive (" + Digests.abbreviate(e.getMessage()) + ")", e);
            }
            for (TarArchiveEntry entry : tar.getEntries()) {
                if (entry.isFile()) {
                    String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                    members.put(name, entry);
                }
            }
        }

        @Override
        public InputStream open(String name) throws IOException {
            TarArchiveEntry entry = members.get(checkName(name, reference));
            return entry == null ? null : tar.getInputStream(entry);
        }

        @Override
        public long size(String name) {
            TarArchiveEntry entry = members.get(checkName(name, reference));
            return entry == null ? -1 : entry.getSize();
        }

        @Override
        public String describe() {
            return reference;
        }

        @Override
        public void close() throws IOException {
            try {
                tar.close();
            } finally {
                if (expanded != null) {
                    expanded.close();
                }
            }
        }
    }

    /** Blobs kept under "blobs/ALGORITHM/HEX", as in OCI layouts, each verified as it is read. */
    record Blobs(LayoutStorage storage, Map<String, String> namesByDigest) implements BlobStore {
        Blobs(LayoutStorage storage) {
            this(storage, Map.of());
        }

        @Override
        public InputStream open(String digest, long expectedSize) throws IOException {
            Digests.require(digest, storage.describe());
            String name = namesByDigest.getOrDefault(digest, "blobs/" + Digests.algorithm(digest) + "/" + Digests.hex(digest));
            InputStream in = storage.open(name);
            if (in == null) {
                throw new WardenException(storage.describe() + ": blob " + digest + " is missing");
            }
            return new VerifyingInputStream(in, digest, expectedSize, storage.describe() + ": blob " + digest);
        }
    }
}
