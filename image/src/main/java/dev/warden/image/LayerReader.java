package dev.warden.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.WardenException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Streams the tar entries of one layer: blob (digest verified) → decompression → bomb guard →
 * diff_id verification → tar. Entry paths are normalised and refused when they could escape the
 * image root. Any read failure becomes a WardenException naming the layer.
 */
final class LayerReader implements Closeable {
    /** Layers this large get progress reports; smaller ones are read in well under a second. */
    static final long PROGRESS_THRESHOLD_BYTES = 16L << 20;

    /** One tar entry; {@code ordinal} counts every entry of the tar from 0 and is stable between passes. */
    record Entry(int ordinal, String path, TarArchiveEntry tar) {}

    private final String what;
    private final ImageLimits limits;
    private final VerifyingInputStream blob;
    private final VerifyingInputStream tarBytes;
    private final TarArchiveInputStream tar;
    private final Progress progress;
    private final boolean reportProgress;
    private long reportedCompressed;
    private int ordinal = -1;
    private final byte[] scratch = new byte[Streams.BUFFER_BYTES];

    LayerReader(BlobStore blobs, LayerInfo layer, String what, ImageLimits limits, Progress progress) throws IOException {
        this.what = what;
        this.limits = limits;
        this.progress = progress;
        LayerMediaTypes.Compression compression = LayerMediaTypes.compression(layer.mediaType(), what);
        this.blob = new VerifyingInputStream(blobs.open(layer.digest(), layer.size()), null, -1, what);
        this.reportProgress = layer.size() >= PROGRESS_THRESHOLD_BYTES;
        if (reportProgress) {
            progress.start("reading " + what, layer.size());
        }
        InputStream expanded;
        try {
            expanded = switch (compression) {
                case NONE -> blob;
                case GZIP -> new GZIPInputStream(blob, Streams.BUFFER_BYTES);
                case ZSTD -> new ZstdInputStreamNoFinalizer(new BufferedInputStream(blob, Streams.BUFFER_BYTES));
            };
        } catch (IOException e) {
            blob.close();
            throw corrupt(e);
        }
        InputStream guarded = new ExpansionGuard(expanded, blob::count, limits, what);
        // The blob digest already covers an uncompressed layer whose diff_id is that same digest.
        boolean diffIdIsDigest = compression == LayerMediaTypes.Compression.NONE && layer.digest().equals(layer.diffId());
        String diffId = layer.diffId() == null || diffIdIsDigest ? null : layer.diffId();
        this.tarBytes = new VerifyingInputStream(guarded, diffId, -1, what + " (diff_id)");
        this.tar = new CheckedTarInputStream(new BufferedInputStream(tarBytes, Streams.BUFFER_BYTES));
    }

    /** The next entry, or null at the end of the tar. */
    Entry next() {
        TarArchiveEntry entry;
        try {
            // Skip the rest of the current entry with large reads: commons-compress skips in 8 KiB steps.
            while (ordinal >= 0 && tar.read(scratch, 0, scratch.length) >= 0) {
                // discarded
            }
            entry = tar.getNextEntry();
        } catch (IOException e) {
            throw corrupt(e);
        }
        report();
        if (entry == null) {
            return null;
        }
        ordinal++;
        if (ordinal >= limits.maxEntriesPerLayer()) {
            throw new WardenException(what + ": more than " + limits.maxEntriesPerLayer() + " entries (--max-entries)");
        }
        return new Entry(ordinal, normalize(entry.getName(), "entry"), entry);
    }

    /** Number of entries read so far (all of them once {@link #next()} returned null). */
    int entryCount() {
        return ordinal + 1;
    }

    /** The current entry's content; read failures become WardenExceptions naming the layer. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() {
                try {
                    return tar.read();
                } catch (IOException e) {
                    throw corrupt(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    return tar.read(b, off, len);
                } catch (IOException e) {
                    throw corrupt(e);
                }
            }

            @Override
            public long skip(long n) {
                try {
                    return tar.skip(n);
                } catch (IOException e) {
                    throw corrupt(e);
                }
            }
        };
    }

    /** Reads past the tar's end so that the diff_id and blob digest are verified over every byte. */
    void finish() {
        try {
            tarBytes.drainAndVerify();
            blob.drainAndVerify();
        } catch (IOException e) {
            throw corrupt(e);
        }
        report();
    }

    /**
     * An entry or link path as an absolute image path ("/etc/passwd"; "/" for the root). Refuses
     * absolute names, ".." elements and overlong names: extracting such entries would write outside
     * the root.
     */
    String normalize(String name, String kind) {
        checkLength(name, kind);
        if (name.indexOf('\0') >= 0) {
            throw new WardenException(what + ": " + kind + " path contains a NUL byte: '" + Digests.abbreviate(name) + "'");
        }
        if (name.startsWith("/")) {
            throw new WardenException(what + ": " + kind + " '" + Digests.abbreviate(name) + "' is an absolute path");
        }
        StringBuilder path = new StringBuilder(name.length() + 1);
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new WardenException(what + ": " + kind + " '" + Digests.abbreviate(name)
                        + "' contains '..' and would escape the image root");
            }
            path.append('/').append(part);
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    void checkLength(String name, String kind) {
        if (name.length() > limits.maxPathLength()) {
            throw new WardenException(what + ": " + kind + " path longer than " + limits.maxPathLength() + " characters: '"
                    + Digests.abbreviate(name) + "'");
        }
    }

    WardenException corrupt(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new WardenException(what + ": corrupt or truncated layer (" + Digests.abbreviate(message) + ")", e);
    }

    private void report() {
        if (reportProgress) {
            long now = blob.count();
            progress.advance(now - reportedCompressed);
            reportedCompressed = now;
        }
    }

    /** commons-compress does not check header checksums; a corrupt header must not pass as an entry. */
    private static final class CheckedTarInputStream extends TarArchiveInputStream {
        CheckedTarInputStream(InputStream in) {
            super(in);
        }

        @Override
        protected byte[] readRecord() throws IOException {
            byte[] record = super.readRecord();
            if (record != null && !isAtEOF() && !isEOFRecord(record) && !checksumMatches(record)) {
                throw new IOException("tar header checksum mismatch");
            }
            return record;
        }

        /** commons-compress throws IllegalArgumentException for a checksum field that is not octal (found by fuzzing). */
        private static boolean checksumMatches(byte[] record) throws IOException {
            try {
                return TarUtils.verifyCheckSum(record);
            } catch (IllegalArgumentException e) {
                throw new IOException("tar header checksum unreadable: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (reportProgress) {
            progress.done();
        }
        tar.close();
    }
}
