package dev.warden.catalog.lang;

import dev.warden.catalog.lang.GoBuildInfoDecoder.GoBuildInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Go build info found in the blocks of a full pass: the build info magic at Go's 16-byte alignment, its header
 * ({@link GoBuildInfoDecoder}), and then either the inline strings of Go 1.18+ (read on from the stream at once) or,
 * for older toolchains, the string headers and strings its pointers name, captured as their blocks go by or taken
 * from the {@link GoStringIndex} of what was already passed. Says when it is done ({@link #block}); the first
 * problem met is the one reported ({@link #problem}). Fed blocks by {@link ExecutableScan}.
 */
final class GoBuildInfoSearch {
    private final ExecutableReader reader;
    private final ExecutableHeaders headers;
    /** The old-format string index; null when the file showed no sign of Go, so strings behind a pointer are unknown. */
    private final GoStringIndex index;
    private final List<Capture> captures = new ArrayList<>();
    private OldGoHeader oldGo;
    private boolean badGoHeader;
    private GoBuildInfo found;
    private String problem;

    /**
     * A search in the file {@code reader} reads and {@code headers} describe; {@code indexStrings}: keep the
     * old-format string index.
     */
    GoBuildInfoSearch(ExecutableReader reader, ExecutableHeaders headers, boolean indexStrings) {
        this.reader = reader;
        this.headers = headers;
        this.index = indexStrings ? new GoStringIndex() : null;
    }

    /**
     * Takes the reader's current block; positions from {@code limit} on come again in the next. Returns true when the
     * search is over: build info found, or found unreadable.
     */
    boolean block(int limit) throws IOException {
        byte[] buf = reader.buffer();
        long base = reader.base();
        int len = reader.length();
        captures.forEach(c -> c.apply(buf, base, len));
        if (index != null) {
            index.carry(buf, base, len);
            if (oldGo == null) {
                index.index(buf, base, len, limit);
            }
        }
        for (int p = 0; p < limit; p += GoBuildInfoDecoder.ALIGN) {
            if (oldGo == null && problem == null && buf[p] == GoBuildInfoDecoder.MAGIC[0] && GoSigns.matches(buf, len, p, GoBuildInfoDecoder.MAGIC)) {
                found = header(p);
                if (found != null || problem != null) {
                    return true;
                }
            }
        }
        resolveOldGo();
        return false;
    }

    /** The build info, once the file is read (or {@link #block} said it was over); null if none or unreadable. */
    GoBuildInfo finish() {
        if (found != null || problem != null) {
            return found;
        }
        GoBuildInfo go = finishOldGo();
        if (go == null && problem == null && badGoHeader) {
            problem = "Go build info magic with an invalid header (pointer size or flags)";
        }
        return go;
    }

    /** Whether an old-format header (pointers, before Go 1.18) was met: its strings may lie anywhere in the file. */
    boolean metOldFormat() {
        return oldGo != null;
    }

    /** Why build info that is there could not be read; null if it could, or there is none. */
    String problem() {
        return problem;
    }

    /** Decodes the build info header at {@code p}; returns new-format build info, or null (old format pending, or not valid). */
    private GoBuildInfo header(int p) throws IOException {
        byte[] buf = reader.buffer();
        if (p + GoBuildInfoDecoder.HEADER_BYTES > reader.length()) {
            problem = "Go build info header cut off by the end of the file";
            return null;
        }
        GoBuildInfoDecoder.Header header = GoBuildInfoDecoder.header(buf, p);
        if (header == null) {
            badGoHeader = true; // e.g. the magic as a string constant in a program that reads build info
            return null;
        }
        if (header.inline()) {
            try {
                return GoBuildInfoDecoder.inline(reader.restFrom(p + GoBuildInfoDecoder.HEADER_BYTES));
            } catch (GoBuildInfoDecoder.Unreadable e) {
                problem = e.getMessage();
                return null;
            }
        }
        oldGo = new OldGoHeader(header);
        oldGo.versionHeader = captureAt(header.versionAddress(), 2 * header.ptrSize(), "Go version");
        if (problem == null) { // the first problem is the one reported
            oldGo.modinfoHeader = captureAt(header.modinfoAddress(), 2 * header.ptrSize(), "Go module info");
        }
        return null;
    }

    /** A capture of the bytes at virtual address {@code vaddr}, or null (with the problem noted) when they cannot be read. */
    private Capture captureAt(long vaddr, int length, String what) {
        long offset = headers.fileOffset(vaddr);
        if (offset < 0) {
            problem = what + " address 0x" + Long.toHexString(vaddr) + " is in no segment of the file";
            return null;
        }
        if (offset < reader.base()) {
            problem = what + " lies before its pointer at offset " + offset + ", not indexed";
            return null;
        }
        Capture c = new Capture(offset, length);
        captures.add(c);
        c.apply(reader.buffer(), reader.base(), reader.length());
        return c;
    }

    /** Old format: once the string headers were read, finds (or captures) the strings they point to. */
    private void resolveOldGo() {
        if (oldGo == null || problem != null || oldGo.versionHeader == null || oldGo.modinfoHeader == null) {
            return;
        }
        if (oldGo.version == null && oldGo.versionHeader.complete()) {
            oldGo.version = stringData(oldGo.versionHeader, BinaryLimits.MAX_GO_VERSION_BYTES, "Go version", true);
        }
        if (oldGo.modinfo == null && oldGo.modinfoHeader.complete() && problem == null) {
            oldGo.modinfo = stringData(oldGo.modinfoHeader, BinaryLimits.MAX_GO_MODINFO_BYTES, "Go module info", false);
        }
    }

    /** The capture holding a Go string's bytes, from the index of what was already passed or from what lies ahead. */
    private Capture stringData(Capture stringHeader, int limit, String what, boolean isVersion) {
        long[] string = GoBuildInfoDecoder.stringHeader(stringHeader.data, oldGo.header);
        long address = string[0];
        long length = string[1];
        if (length < 0 || length > limit) {
            problem = what + " claims " + Long.toUnsignedString(length) + " bytes (limit " + limit + ")";
            return null;
        }
        if (length == 0) {
            return new Capture(0, 0);
        }
        long offset = headers.fileOffset(address);
        if (offset < 0) {
            problem = what + " address 0x" + Long.toHexString(address) + " is in no segment of the file";
            return null;
        }
        Capture indexed = index == null ? null : index.indexed(offset, (int) length, isVersion);
        if (indexed != null) {
            return indexed;
        }
        if (offset >= reader.base()) {
            Capture c = new Capture(offset, (int) length);
            captures.add(c);
            c.apply(reader.buffer(), reader.base(), reader.length());
            return c;
        }
        problem = what + " at offset " + offset + " was not indexed" + (index != null ? "" : " (no Go build id at the start of the file)");
        return null;
    }

    private GoBuildInfo finishOldGo() {
        if (oldGo == null || problem != null) {
            return null;
        }
        resolveOldGo();
        if (problem != null) {
            return null;
        }
        if (oldGo.version == null || oldGo.modinfo == null || !oldGo.version.complete() || !oldGo.modinfo.complete()) {
            problem = "Go build info points past the end of the file";
            return null;
        }
        try {
            return GoBuildInfoDecoder.buildInfo(oldGo.version.data, oldGo.modinfo.data);
        } catch (GoBuildInfoDecoder.Unreadable e) {
            problem = e.getMessage();
            return null;
        }
    }

    /** The two string headers an old-format header points to, and the strings once located. */
    private static final class OldGoHeader {
        final GoBuildInfoDecoder.Header header;
        Capture versionHeader;
        Capture modinfoHeader;
        Capture version;
        Capture modinfo;

        OldGoHeader(GoBuildInfoDecoder.Header header) {
            this.header = header;
        }
    }
}
