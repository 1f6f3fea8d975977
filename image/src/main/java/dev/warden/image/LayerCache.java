package dev.warden.image;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * <p>The entries file ends with the SHA-256 of what precedes it, checked while it is parsed. In the contents file each
 * file's bytes are followed by their own SHA-256, checked only for the files a read takes: a scan that wants three
 * small files of a layer whose contents file holds 60 MB of executables reads those three, not the 60 MB. Either
 * file failing its check (a crash mid-write, a disk error, an edit) is ignored with a warning and rewritten by the
 * next read of the layer.
 */
final class LayerCache {
    /** Under the cache folder; the version changes when the format does, so old files are simply not found. */
    static final String DIR = "layers-v2";
    /** Files larger than this are not kept: they are read from the layer, and the cache stays small. */
    static final long MAX_FILE_BYTES = 16L << 20;
    /** Contents kept per layer: package databases and metadata of a large image are tens of MiB. */
    static final long MAX_CONTENT_BYTES_PER_LAYER = 256L << 20;
    /**
     * Verified contents a delivery holds in memory before handing them out; a plan wanting more is verified in one pass
     * and delivered in a second that checks each file again.
     */
    static final long MAX_VERIFIED_IN_MEMORY = 64L << 20;
    /** The whole layer cache; beyond it the least recently used files go. */
    static final long MAX_TOTAL_BYTES = 2L << 30;

    private static final byte[] ENTRIES_MAGIC = "WLCENT01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONTENTS_MAGIC = "WLCCON02".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    /** A contents record's head: the tar ordinal (int) and the content's length (long). */
    private static final int RECORD_HEAD_BYTES = 12;
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
        if (!Files.isRegularFile(file)) {
            return null;
        }
        // one pass: parsed through the digest, the trailer checked before anything parsed is used
        MessageDigest hash = Digests.newDigest("sha256:");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), Streams.BUFFER_BYTES)) {
            long size = Files.size(file);
            if (size < ENTRIES_MAGIC.length + HASH_BYTES) {
                warn(file, "too short");
                return null;
            }
            DataInputStream in = new DataInputStream(new DigestInputStream(new BoundedStream(raw, size - HASH_BYTES), hash));
            if (!Arrays.equals(in.readNBytes(ENTRIES_MAGIC.length), ENTRIES_MAGIC)) {
                warn(file, "checksum mismatch");
                return null;
            }
            int count = in.readInt();
            if (count < 0 || count > limits.maxEntriesPerLayer()) {
                return null;
            }
            List<LayerEntry> entries = new ArrayList<>(count);
            boolean consistent = true;
            for (int i = 0; i < count; i++) {
                int ordinal = in.readInt();
                String path = in.readUTF();
                String tarName = in.readUTF();
                int type = in.readUnsignedByte();
                long size1 = in.readLong();
                int mode = in.readInt();
                String linkName = in.readBoolean() ? in.readUTF() : null;
                String linkPath = in.readBoolean() ? in.readUTF() : null;
                if (ordinal != i || type >= TYPES.length || size1 < 0 || !plausible(path, limits)
                        || linkPath != null && !plausible(linkPath, limits)
                        || linkName != null && linkName.length() > limits.maxPathLength()) {
                    consistent = false;
                    break;
                }
                entries.add(new LayerEntry(ordinal, path, tarName, TYPES[type], size1, mode, linkName, linkPath));
            }
            if (consistent) {
                Streams.drain(in);
            }
            if (!consistent || !Arrays.equals(raw.readNBytes(HASH_BYTES), hash.digest())) {
                warn(file, "checksum mismatch");
                return null;
            }
            touch(file);
            return entries;
        } catch (IOException | RuntimeException e) {
            warn(file, "checksum mismatch");
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
            warnings.add(hostFree("layer cache: cannot store entries of " + diffId + ": " + e.getMessage()));
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
        if (!Files.isRegularFile(file)) {
            return false;
        }
        record Held(int ordinal, long offset, int length) {}
        List<Held> wanted = new ArrayList<>();
        long wantedBytes = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer head = ByteBuffer.allocate(Math.max(CONTENTS_MAGIC.length, RECORD_HEAD_BYTES));
            head.limit(CONTENTS_MAGIC.length);
            readFully(channel, head, 0);
            if (!Arrays.equals(Arrays.copyOf(head.array(), CONTENTS_MAGIC.length), CONTENTS_MAGIC)) {
                warn(file, "checksum mismatch");
                return false;
            }
            // the table of records: only the heads are read, the contents are skipped by position
            long position = CONTENTS_MAGIC.length;
            Set<Integer> seen = new HashSet<>();
            while (true) {
                head.clear().limit(4);
                readFully(channel, head, position);
                int ordinal = head.getInt(0);
                position += 4;
                if (ordinal < 0) {
                    break;
                }
                head.clear().limit(8);
                readFully(channel, head, position);
                long length = head.getLong(0);
                position += 8;
                if (length < 0 || length > MAX_FILE_BYTES || position + length + HASH_BYTES > size || !seen.add(ordinal)) {
                    warn(file, "checksum mismatch");
                    return false;
                }
                if (plan.containsKey(ordinal)) {
                    wanted.add(new Held(ordinal, position, (int) length));
                    wantedBytes += length;
                }
                position += length + HASH_BYTES;
            }
            if (wanted.size() < plan.size()) {
                return false; // a miss: the layer is read and this file rewritten with everything
            }
            boolean inMemory = wantedBytes <= MAX_VERIFIED_IN_MEMORY;
            List<byte[]> verified = new ArrayList<>();
            for (Held h : wanted) {
                byte[] content = checkedContent(channel, h.offset(), h.length());
                if (content == null) {
                    warn(file, "checksum mismatch");
                    return false;
                }
                if (inMemory) {
                    verified.add(content);
                }
            }
            for (int i = 0; i < wanted.size(); i++) {
                Held h = wanted.get(i);
                byte[] content = inMemory ? verified.get(i) : checkedContent(channel, h.offset(), h.length());
                if (content == null) {
                    throw new IOException(file + ": changed while it was read");
                }
                for (FileEntry receiver : plan.get(h.ordinal())) {
                    visitor.visit(receiver, new ByteArrayInputStream(content));
                }
            }
        } catch (EOFException e) {
            warn(file, "checksum mismatch");
            return false;
        }
        touch(file);
        return true;
    }

    /** A record's content at {@code offset} when the SHA-256 after it matches, else null. */
    private static byte[] checkedContent(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer content = ByteBuffer.allocate(length + HASH_BYTES);
        readFully(channel, content, offset);
        byte[] all = content.array();
        byte[] bytes = Arrays.copyOf(all, length);
        byte[] expected = Arrays.copyOfRange(all, length, length + HASH_BYTES);
        return Arrays.equals(Digests.newDigest("sha256:").digest(bytes), expected) ? bytes : null;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException();
            }
            at += n;
        }
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
            writer.out.write(Digests.newDigest("sha256:").digest(content));
            total += content.length;
        }

        void commit() {
            try {
                writer.out.writeInt(-1);
                writer.commit();
            } catch (IOException e) {
                warnings.add(hostFree("layer cache: cannot store contents: " + e.getMessage()));
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

    private void warn(Path file, String why) {
        warnings.add(hostFree("layer cache: ignoring " + file + " (" + why + "); the layer is read instead"));
    }

    /** Warnings end up in SBOMs: the cache folder is named {@code CACHE}, never by this machine's path. */
    private String hostFree(String warning) {
        return CacheParts.hostFree(dir.getParent(), warning);
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
            warnings.add(hostFree("layer cache: cannot trim " + dir + ": " + e.getMessage()));
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
