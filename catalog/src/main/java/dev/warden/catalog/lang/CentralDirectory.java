package dev.warden.catalog.lang;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * The central directory of an archive on disk (APPNOTE 4.3.12), kept as the bytes it is: one array for the whole
 * directory, read once, walked record by record; an entry is its offset in that array, and only the entries a reader
 * opens get their local header read and their data inflated. Where the zip reader this replaces built an object, a
 * name map and a list node for every entry of every jar (the whole machine's ~2,000 jars hold millions), this builds
 * nothing per entry but its name. Only archives whose {@link ZipEndRecord} is plain are given to it; a directory that
 * does not walk (a record without its signature, lengths past its end) is refused ({@link #read} returns null) and the
 * archive is read as a stream instead.
 */
final class CentralDirectory {
    private static final int SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int FIXED_BYTES = 46;
    private static final int LOCAL_FIXED_BYTES = 30;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_UTF8 = 1 << 11;
    static final int STORED = 0;
    static final int DEFLATED = 8;
    /** Inflater input buffer: entries opened are small metadata files or nested jars read through. */
    private static final int INFLATE_BUFFER_BYTES = 8 << 10;

    private final ChannelSlice archive;
    private final ByteBuffer directory;
    /** Offsets of the records in {@link #directory}, in directory order. */
    private final int[] records;

    private CentralDirectory(ChannelSlice archive, ByteBuffer directory, int[] records) {
        this.archive = archive;
        this.directory = directory;
        this.records = records;
    }

    /** The directory {@code end} describes, or null when its records do not walk as {@code end} says. */
    static CentralDirectory read(ChannelSlice archive, ZipEndRecord end) throws IOException {
        byte[] bytes = archive.bytes(end.directoryOffset(), (int) end.directoryBytes());
        if (bytes.length < end.directoryBytes()) {
            return null;
        }
        ByteBuffer directory = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] records = new int[end.entries()];
        int at = 0;
        for (int i = 0; i < records.length; i++) {
            if (at > bytes.length - FIXED_BYTES || directory.getInt(at) != SIGNATURE) {
                return null;
            }
            records[i] = at;
            at += FIXED_BYTES + u16(directory, at + 28) + u16(directory, at + 30) + u16(directory, at + 32);
        }
        return at > bytes.length ? null : new CentralDirectory(archive, directory, records);
    }

    /** The number of entries. */
    int size() {
        return records.length;
    }

    /**
     * The name of entry {@code i}: UTF-8, as the stream reader ({@link java.util.zip.ZipInputStream}) and the JVM decode
     * jar entry names; a name that is not UTF-8 makes the archive unreadable, as it does for them.
     */
    String name(int i) throws ZipException {
        int at = records[i];
        int length = u16(directory, at + 28);
        if ((u16(directory, at + 8) & FLAG_UTF8) == 0 && ascii(at + FIXED_BYTES, length)) {
            return new String(directory.array(), at + FIXED_BYTES, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(directory.array(), at + FIXED_BYTES, length)).toString();
        } catch (CharacterCodingException e) {
            throw new ZipException("invalid entry name (not UTF-8)");
        }
    }

    private boolean ascii(int from, int length) {
        byte[] a = directory.array();
        for (int i = from; i < from + length; i++) {
            if (a[i] < 0) {
                return false;
            }
        }
        return true;
    }

    int method(int i) {
        return u16(directory, records[i] + 10);
    }

    boolean encrypted(int i) {
        return (u16(directory, records[i] + 8) & FLAG_ENCRYPTED) != 0;
    }

    long compressedSize(int i) {
        return u32(directory, records[i] + 20);
    }

    long size(int i) {
        return u32(directory, records[i] + 24);
    }

    /** Entry {@code i}'s data as it is in the archive, past its local header; null when the archive does not hold it all. */
    ChannelSlice raw(int i) throws IOException {
        long local = u32(directory, records[i] + 42);
        byte[] header = archive.bytes(local, LOCAL_FIXED_BYTES);
        if (header.length < LOCAL_FIXED_BYTES) {
            return null;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != LOCAL_SIGNATURE) {
            throw new ZipException("no local header where the central directory says (offset " + local + ")");
        }
        return archive.slice(local + LOCAL_FIXED_BYTES + u16(h, 26) + u16(h, 28), compressedSize(i));
    }

    /** Entry {@code i}'s content, inflated when deflated; the caller closes it (an inflater's native memory). */
    InputStream open(int i) throws IOException {
        if (encrypted(i)) {
            throw new ZipException("encrypted ZIP entry not supported");
        }
        ChannelSlice raw = raw(i);
        if (raw == null) {
            throw new EOFException("entry data past the end of the archive");
        }
        return switch (method(i)) {
            case STORED -> raw.stream();
            // one byte past the data: zlib may ask for it before it reports the end of a raw deflate stream
            case DEFLATED -> new InflaterInputStream(new SequenceInputStream(raw.stream(), new ByteArrayInputStream(new byte[1])),
                    new Inflater(true), INFLATE_BUFFER_BYTES) {
                @Override
                public void close() throws IOException {
                    inf.end();
                    super.close();
                }
            };
            default -> throw new ZipException("unsupported compression method " + method(i));
        };
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
