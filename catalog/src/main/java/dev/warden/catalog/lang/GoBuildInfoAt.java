package dev.warden.catalog.lang;

import dev.warden.catalog.lang.GoBuildInfoDecoder.GoBuildInfo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Go build info read where the file's layout says it is, as cmd/go's own reader ({@code debug/buildinfo}) reads it:
 * the first {@link BinaryLimits#GO_DATA_WINDOW_BYTES} of Go's data start (ELF {@code .go.buildinfo}, Mach-O
 * {@code __DATA,__go_buildinfo}, PE's first writable initialised-data section) searched for the magic at Go's 16-byte
 * alignment, then the strings after the header (Go 1.18+) or behind its two pointers (older toolchains), each read at
 * its place. For files of this machine, read by positional reads: a 700 MB Go binary costs a few small reads instead of
 * a pass over every byte ({@link GoBuildInfoSearch}, which stays for streams and for files whose layout is unknown).
 * Every offset and length comes from the file and is checked against its size and {@link BinaryLimits} before it is
 * read.
 */
final class GoBuildInfoAt {
    private GoBuildInfoAt() {}

    /** What was found at the data start: build info, or why the build info there could not be read. */
    record Found(GoBuildInfo go, String problem) {}

    /**
     * The build info in the {@code data} section of {@code file} ({@code size} bytes, laid out as {@code headers} say);
     * null when the section's first bytes hold no build info header (Go's reader: "not a Go executable").
     */
    static Found read(FileChannel file, long size, ExecutableHeaders headers, ExecutableScan.Section data) throws IOException {
        if (data.offset() < 0 || data.size() <= 0 || data.offset() >= size) {
            return null;
        }
        int length = (int) Math.min(Math.min(data.size(), size - data.offset()), BinaryLimits.GO_DATA_WINDOW_BYTES);
        byte[] window = bytes(file, data.offset(), length);
        boolean badHeader = false;
        for (int p = 0; p + GoBuildInfoDecoder.MAGIC.length <= window.length; p += GoBuildInfoDecoder.ALIGN) {
            if (window[p] != GoBuildInfoDecoder.MAGIC[0] || !GoSigns.matches(window, window.length, p, GoBuildInfoDecoder.MAGIC)) {
                continue;
            }
            if (p + GoBuildInfoDecoder.HEADER_BYTES > window.length) {
                return new Found(null, "Go build info header cut off by the end of the file");
            }
            GoBuildInfoDecoder.Header header = GoBuildInfoDecoder.header(window, p);
            if (header == null) {
                badHeader = true; // the magic as a string constant: Go's reader, too, looks on
                continue;
            }
            long strings = data.offset() + p + GoBuildInfoDecoder.HEADER_BYTES;
            try {
                return new Found(header.inline() ? inline(file, size, strings) : pointedTo(file, size, headers, header), null);
            } catch (GoBuildInfoDecoder.Unreadable e) {
                return new Found(null, e.getMessage());
            }
        }
        return badHeader ? new Found(null, "Go build info magic with an invalid header (pointer size or flags)") : null;
    }

    /** Go 1.18+: the varint-prefixed version and module info right after the header, at {@code offset}. */
    private static GoBuildInfo inline(FileChannel file, long size, long offset) throws IOException, GoBuildInfoDecoder.Unreadable {
        ChannelSlice rest = ChannelSlice.of(file).slice(offset, size - offset);
        if (rest == null) {
            throw new GoBuildInfoDecoder.Unreadable("Go version length cut off by the end of the file");
        }
        // buffered: the varint lengths are read a byte at a time, each an unbuffered positional read otherwise
        try (InputStream in = new BufferedInputStream(rest.stream(), STRING_READ_BUFFER_BYTES)) {
            return GoBuildInfoDecoder.inline(in);
        }
    }

    /** Before Go 1.18: the header's two pointers name Go string headers, which name the strings; each followed through the segments. */
    private static GoBuildInfo pointedTo(FileChannel file, long size, ExecutableHeaders headers, GoBuildInfoDecoder.Header header)
            throws IOException, GoBuildInfoDecoder.Unreadable {
        byte[] version = string(file, size, headers, header, header.versionAddress(), BinaryLimits.MAX_GO_VERSION_BYTES, "Go version");
        byte[] modinfo = string(file, size, headers, header, header.modinfoAddress(), BinaryLimits.MAX_GO_MODINFO_BYTES, "Go module info");
        return GoBuildInfoDecoder.buildInfo(version, modinfo);
    }

    private static byte[] string(FileChannel file, long size, ExecutableHeaders headers, GoBuildInfoDecoder.Header header,
            long headerAddress, int limit, String what) throws IOException, GoBuildInfoDecoder.Unreadable {
        byte[] stringHeader = at(file, size, headers, headerAddress, 2 * header.ptrSize(), what);
        long[] string = GoBuildInfoDecoder.stringHeader(stringHeader, header);
        if (string[1] < 0 || string[1] > limit) {
            throw new GoBuildInfoDecoder.Unreadable(what + " claims " + Long.toUnsignedString(string[1]) + " bytes (limit " + limit + ")");
        }
        return string[1] == 0 ? new byte[0] : at(file, size, headers, string[0], (int) string[1], what);
    }

    /** {@code length} bytes at virtual address {@code vaddr}, found through the segments. */
    private static byte[] at(FileChannel file, long size, ExecutableHeaders headers, long vaddr, int length, String what)
            throws IOException, GoBuildInfoDecoder.Unreadable {
        long offset = headers.fileOffset(vaddr);
        if (offset < 0) {
            throw new GoBuildInfoDecoder.Unreadable(what + " address 0x" + Long.toHexString(vaddr) + " is in no segment of the file");
        }
        if (offset > size - length) {
            throw new GoBuildInfoDecoder.Unreadable("Go build info points past the end of the file");
        }
        byte[] read = bytes(file, offset, length);
        if (read.length < length) {
            throw new GoBuildInfoDecoder.Unreadable("Go build info points past the end of the file");
        }
        return read;
    }

    /** Up to {@code length} bytes at {@code offset}; fewer only where the file ends first. */
    static byte[] bytes(FileChannel file, long offset, int length) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(length);
        while (into.hasRemaining()) {
            int n = file.read(into, offset + into.position());
            if (n < 0) {
                break;
            }
        }
        return into.position() == length ? into.array() : Arrays.copyOf(into.array(), into.position());
    }

    /** Buffer for reading the inline strings' varint lengths; the module info itself is read whole. */
    private static final int STRING_READ_BUFFER_BYTES = 8 << 10;
}
