package dev.warden.catalog.lang;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Go build info from its bytes (cmd/go's {@code debug/buildinfo} format). The 32-byte header starts with
 * {@code "\xff Go buildinf:"} at a 16-byte aligned offset; byte 14 is the pointer size, byte 15 the flags. Go 1.18
 * and later (flag 0x2) put the toolchain version and the module info right after the header as varint-prefixed
 * strings; older toolchains put two pointers to Go string headers ({@code runtime.buildVersion},
 * {@code runtime.modinfo}) there, which the caller follows through the file's segments. Module info is framed by
 * 16-byte sentinels. Knows nothing of where the bytes come from.
 */
final class GoBuildInfoDecoder {
    private GoBuildInfoDecoder() {}

    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    static final int HEADER_BYTES = 32;
    /** The header lies at a multiple of this. */
    static final int ALIGN = 16;
    /** cmd/go's modinfo sentinels (infoStart, infoEnd): 16 bytes each side of the module info text. */
    static final byte[] MODINFO_START = HexFormat.of().parseHex("3077af0c9274080241e1c107e6d618e6");
    static final byte[] MODINFO_END = HexFormat.of().parseHex("f932433186182072008242104116d8f2");

    /** Go build info as the binary holds it: toolchain version and module info without its sentinels ("" if none). */
    record GoBuildInfo(String version, String modinfo) {}

    /**
     * A header: {@code inline} (Go 1.18+: the strings follow it) or the addresses of the two string headers
     * ({@code order} and {@code ptrSize} say how to read them).
     */
    record Header(int ptrSize, ByteOrder order, boolean inline, long versionAddress, long modinfoAddress) {}

    /** Build info that is there but cannot be read: the message says why (a lying or cut binary). */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The header in {@code bytes[at, at + HEADER_BYTES)} (the magic already matched there); null when its pointer size
     * or flags are not Go's, e.g. the magic as a string constant in a program that reads build info.
     */
    static Header header(byte[] bytes, int at) {
        int ptrSize = bytes[at + 14];
        int flags = bytes[at + 15];
        if (ptrSize != 4 && ptrSize != 8 || (flags & ~3) != 0) {
            return null;
        }
        ByteOrder order = (flags & 1) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if ((flags & 2) != 0) {
            return new Header(ptrSize, order, true, 0, 0);
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, at, HEADER_BYTES).slice().order(order);
        return new Header(ptrSize, order, false, pointer(header, 16, ptrSize), pointer(header, 16 + ptrSize, ptrSize));
    }

    /** Go 1.18+: the version and module info strings that follow the header, read from {@code rest}. */
    static GoBuildInfo inline(InputStream rest) throws IOException, Unreadable {
        byte[] version = varintString(rest, BinaryLimits.MAX_GO_VERSION_BYTES, "Go version");
        byte[] modinfo = varintString(rest, BinaryLimits.MAX_GO_MODINFO_BYTES, "Go module info");
        return buildInfo(version, modinfo);
    }

    /** Build info from the version bytes and the module info with its sentinels. */
    static GoBuildInfo buildInfo(byte[] version, byte[] modinfo) throws Unreadable {
        if (version.length == 0) {
            throw new Unreadable("Go build info without a Go version");
        }
        String mod = "";
        // Module info is framed by 16-byte sentinels, the text ending in a newline (cmd/go's own rule).
        if (modinfo.length >= 33 && modinfo[modinfo.length - 17] == '\n') {
            mod = new String(modinfo, 16, modinfo.length - 32, StandardCharsets.UTF_8);
        }
        return new GoBuildInfo(new String(version, StandardCharsets.UTF_8), mod);
    }

    /** A varint length, then that many bytes, at most {@code limit}. */
    static byte[] varintString(InputStream rest, int limit, String what) throws IOException, Unreadable {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = rest.read();
            if (b < 0) {
                throw new Unreadable(what + " length cut off by the end of the file");
            }
            if (shift > 63) {
                throw new Unreadable(what + " length is not a valid varint");
            }
            length |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (length < 0 || length > limit) {
            throw new Unreadable(what + " claims " + Long.toUnsignedString(length) + " bytes (limit " + limit + ")");
        }
        byte[] bytes = rest.readNBytes((int) length);
        if (bytes.length < length) {
            throw new Unreadable(what + " cut off by the end of the file");
        }
        return bytes;
    }

    /** A Go string header ({@code data pointer, length}) in {@code bytes}: its address and length. */
    static long[] stringHeader(byte[] bytes, Header header) {
        ByteBuffer h = ByteBuffer.wrap(bytes).order(header.order());
        return new long[] {pointer(h, 0, header.ptrSize()), pointer(h, header.ptrSize(), header.ptrSize())};
    }

    private static long pointer(ByteBuffer b, int at, int size) {
        return size == 8 ? b.getLong(at) : Integer.toUnsignedLong(b.getInt(at));
    }
}
