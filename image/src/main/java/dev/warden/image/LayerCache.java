package dev.warden.image;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What reading a layer produced, kept by the layer's diff_id (which fixes every byte of its tar) so that a second
 * image sharing the layer does not read it again: the layer's checked entries ({@code HEX.entries}) and the contents
 * of the files a reader asked for ({@code HEX.contents}). A content cache that lacks a file a later read wants is a
 * miss, and the layer is read again: the cache can make a scan faster, never different.
 *
 * <p>Each file ends with the SHA-256 of what precedes it; a file that does not match (a crash mid-write, a disk
 * error, an edit) is ignored with a warning and rewritten by the next read.
 */
final class LayerCache {
    /** Under the cache folder; the version changes when the format does, so old files are simply not found. */
    static final String DIR = "layers-v1";
    /** Files larger than this are not kept: they are read from the layer, and the cache stays small. */
    static final long MAX_FILE_BYTES = 16L << 20;
    /** Contents kept per layer: package databases and metadata of a large image are tens of MiB. */
    static final long MAX_CONTENT_BYTES_PER_LAYER = 256L << 20;
    /** The whole layer cache; beyond it the least recently used files go. */
    static final long MAX_TOTAL_BYTES = 2L << 30;

    private static final byte[] ENTRIES_MAGIC = "WLCENT01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONTENTS_MAGIC = "WLCCON01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    private static final LayerEntry.Type[] TYPES = LayerEntry.Type.values();

    private final Path dir;
    private final long maxTotalBytes;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    LayerCache(Path dir, long maxTotalBytes) {
        this.dir = dir;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** The layer cache under {@code cacheDir}, or null (no caching) when there is no cache folder. */
    static LayerCache in(Path cacheDir) {
        return cacheDir == null ? null : new LayerCache(cacheDir.resolve(DIR), MAX_TOTAL_BYTES);
    }

    /** Whether a layer can be cached: only by a well-formed diff_id, the digest of its uncompressed tar. */
    static boolean cacheable(String diffId) {
        return diffId != null && Digests.isValid(diffId);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private Path file(String diffId, String suffix) {
        return dir.resolve(Digests.algorithm(diffId)).resolve(Digests.hex(diffId) + suffix);
    }

    // ---- entries

    /** The layer's entries, or null when not cached, unreadable, or beyond {@code limits} (the reader then decides). */
    List<LayerEntry> entries(String diffId, ImageLimits limits) {
        if (!cacheable(diffId)) {
            return null;
        }
        Path file = file(diffId, ".entries");
        if (!Files.isRegularFile(file) || !verified(file, ENTRIES_MAGIC)) {
            return null;
        }
        try (DataInputStream in = body(file, ENTRIES_MAGIC)) {
            int count = in.readInt();
            if (count < 0 || count > limits.maxEntriesPerLayer()) {
                return null;
            }
            List<LayerEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int ordinal = in.readInt();
                String path = in.readUTF();
                String tarName = in.readUTF();
                int type = in.readUnsignedByte();
                long size = in.readLong();
                int mode = in.readInt();
                String linkName = in.readBoolean() ? in.readUTF() : null;
                String linkPath = in.readBoolean() ? in.readUTF() : null;
                if (ordinal != i || type >= TYPES.length || size < 0 || !plausible(path, limits)
                        || linkPath != null && !plausible(linkPath, limits)
                        || linkName != null && linkName.length() > limits.maxPathLength()) {
                    warn(file, "inconsistent entries");
                    return null;
                }
                entries.add(new LayerEntry(ordinal, path, tarName, TYPES[type], size, mode, linkName, linkPath));
            }
            touch(file);
            return entries;
        } catch (IOException e) {
            warn(file, e.getMessage());
            return null;
        }
    }

    private static boolean plausible(String path, ImageLimits limits) {
        return path.startsWith("/") && path.length() <= limits.maxPathLength() + 1 && path.indexOf('\0') < 0
                && !(path + "/").contains("/../") && !(path + "/").contains("/./");
    }

    void storeEntries(String diffId, List<LayerEntry> entries) {
        if (!cacheable(diffId)) {
            return;
        }
        try (Writer w = new Writer(file(diffId, ".entries"), ENTRIES_MAGIC)) {
            DataOutputStream out = w.out;
            out.writeInt(entries.size());
            for (LayerEntry e : entries) {
                out.writeInt(e.ordinal());
                out.writeUTF(e.path());
                out.writeUTF(e.tarName());
                out.writeByte(e.type().ordinal());
                out.writeLong(e.size());
                out.writeInt(e.mode());
                writeOptional(out, e.linkName());
                writeOptional(out, e.linkPath());
            }
            w.commit();
        } catch (IOException | RuntimeException e) {
            warnings.add("layer cache: cannot store entries of " + diffId + ": " + e.getMessage());
        }
        evictIfFull();
    }

    private static void writeOptional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    // ---- contents

    /**
     * Delivers every planned file (tar ordinal -> the final entries that take its content) from the cache, in tar
     * order, and returns true; returns false, having delivered nothing, when the cache lacks any of them.
     */
    boolean deliver(String diffId, Map<Integer, List<FileEntry>> plan, FileSystemView.ContentVisitor visitor) throws IOException {
        if (!cacheable(diffId)) {
            return false;
        }
        Path file = file(diffId, ".contents");
        if (!Files.isRegularFile(file) || !verified(file, CONTENTS_MAGIC)) {
            return false;
        }
        Set<Integer> held = new HashSet<>();
        try (DataInputStream in = body(file, CONTENTS_MAGIC)) {
            for (int ordinal = in.readInt(); ordinal >= 0; ordinal = in.readInt()) {
                held.add(ordinal);
                in.skipNBytes(in.readLong());
            }
        } catch (IOException e) {
            warn(file, e.getMessage());
            return false;
        }
        if (!held.containsAll(plan.keySet())) {
            return false;
        }
        try (DataInputStream in = body(file, CONTENTS_MAGIC)) {
            for (int ordinal = in.readInt(); ordinal >= 0; ordinal = in.readInt()) {
                long length = in.readLong();
                List<FileEntry> receivers = plan.get(ordinal);
                if (receivers == null) {
                    in.skipNBytes(length);
                    continue;
                }
                byte[] content = in.readNBytes((int) length);
                for (FileEntry receiver : receivers) {
                    visitor.visit(receiver, new ByteArrayInputStream(content));
                }
            }
        }
        touch(file);
        return true;
    }

    /** Collects contents while a layer is read; {@link ContentWriter#commit()} stores them, closing without it drops them. */
    ContentWriter contentWriter(String diffId) throws IOException {
        return new ContentWriter(new Writer(file(diffId, ".contents"), CONTENTS_MAGIC));
    }

    final class ContentWriter implements Closeable {
        private final Writer writer;
        private long total;

        private ContentWriter(Writer writer) {
            this.writer = writer;
        }

        /** Whether a file of {@code size} bytes still fits. */
        boolean accepts(long size) {
            return size <= MAX_FILE_BYTES && total + size <= MAX_CONTENT_BYTES_PER_LAYER;
        }

        void add(int ordinal, byte[] content) throws IOException {
            writer.out.writeInt(ordinal);
            writer.out.writeLong(content.length);
            writer.out.write(content);
            total += content.length;
        }

        void commit() {
            try {
                writer.out.writeInt(-1);
                writer.commit();
            } catch (IOException e) {
                warnings.add("layer cache: cannot store contents: " + e.getMessage());
            }
            evictIfFull();
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    // ---- files

    /** Writes MAGIC, the body, then the SHA-256 of both, to a temporary file renamed into place on commit. */
    private static final class Writer implements Closeable {
        private final Path target;
        private final Path temp;
        private final MessageDigest hash = Digests.newDigest("sha256:");
        private final OutputStream file;
        final DataOutputStream out;
        private boolean committed;

        Writer(Path target, byte[] magic) throws IOException {
            this.target = target;
            Files.createDirectories(target.getParent());
            this.temp = Files.createTempFile(target.getParent(), target.getFileName() + "-", ".partial");
            this.file = new BufferedOutputStream(Files.newOutputStream(temp), Streams.BUFFER_BYTES);
            this.out = new DataOutputStream(new DigestOutputStream(file, hash));
            out.write(magic);
        }

        void commit() throws IOException {
            out.flush();
            file.write(hash.digest());
            file.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    file.close();
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover .partial is never read: only complete files are renamed into place
                }
            }
        }
    }

    /** The file's body after its magic, without the trailing hash. */
    private static DataInputStream body(Path file, byte[] magic) throws IOException {
        long size = Files.size(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), Streams.BUFFER_BYTES);
        in.skipNBytes(magic.length);
        return new DataInputStream(new BoundedStream(in, size - magic.length - HASH_BYTES));
    }

    /** Whether the file starts with {@code magic} and ends with the SHA-256 of what precedes; warns when not. */
    private boolean verified(Path file, byte[] magic) {
        try {
            long size = Files.size(file);
            if (size < magic.length + HASH_BYTES) {
                warn(file, "too short");
                return false;
            }
            MessageDigest hash = Digests.newDigest("sha256:");
            byte[] head;
            byte[] trailer;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), Streams.BUFFER_BYTES)) {
                InputStream hashed = new DigestInputStream(new BoundedStream(raw, size - HASH_BYTES), hash);
                head = hashed.readNBytes(magic.length);
                Streams.drain(hashed);
                trailer = raw.readNBytes(HASH_BYTES);
            }
            if (!Arrays.equals(head, magic) || !Arrays.equals(trailer, hash.digest())) {
                warn(file, "checksum mismatch");
                return false;
            }
            return true;
        } catch (IOException e) {
            warn(file, e.getMessage());
            return false;
        }
    }

    private void warn(Path file, String why) {
        warnings.add("layer cache: ignoring " + file + " (" + why + "); the layer is read instead");
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // recency only orders eviction
        }
    }

    /** Removes least recently used files until the cache is under three quarters of its limit. */
    private void evictIfFull() {
        List<Path> files = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(dir)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(algorithm)) {
                    for (Path f : stream) {
                        files.add(f);
                        total += Files.size(f);
                    }
                }
            }
            if (total <= maxTotalBytes) {
                return;
            }
            files.sort(Comparator.comparing(LayerCache::lastModified));
            for (Path f : files) {
                if (total <= maxTotalBytes * 3 / 4) {
                    break;
                }
                long size = Files.size(f);
                Files.deleteIfExists(f);
                total -= size;
            }
        } catch (IOException e) {
            warnings.add("layer cache: cannot trim " + dir + ": " + e.getMessage());
        }
    }

    private static FileTime lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** At most {@code limit} bytes of a stream; reading past them is an EOF. */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long left;

        BoundedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
