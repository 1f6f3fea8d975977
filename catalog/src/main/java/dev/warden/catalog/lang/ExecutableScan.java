package dev.warden.catalog.lang;

import dev.warden.catalog.lang.GoBuildInfoDecoder.GoBuildInfo;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Reads an executable (ELF, Mach-O, PE; each slice of a universal Mach-O) once, forward, for the packages built
 * into it, and hands what it finds to the decoders: {@link ExecutableHeaders} (layout: segments, where sections are),
 * {@link ElfSectionTable}, {@link GoBuildInfoDecoder}; a {@code .dep-v0} section is decoded by {@link CargoAuditable}
 * in a targeted read at the end. What else to read is a {@link ReadPlan}; every limit is in {@link BinaryLimits}.
 *
 * <p>Why it is shaped so: files come as streams from layers (no seeking back), and a distribution's thousands of
 * ELF files are almost never Go or cargo-auditable, so searching all their bytes was most of a scan's time. An ELF
 * file is first read only {@link BinaryLimits#FIRST_READ_BYTES}; unless that shows a Go build id or build info, its
 * sections are named through the section tables, skipping the middle of the file; a Go section seen only then asks
 * for the whole read ({@link ReadPlan.Whole}). Mach-O and PE keep their section tables at the start; they, and ELF
 * files that show Go or have no usable section table (sstrip, UPX), get the full pass: every block searched for the
 * build info magic at Go's 16-byte alignment and, in Go files, the places old-format strings may start, since
 * toolchains before Go 1.18 point back to them from the header.
 */
final class ExecutableScan {

    private static final byte[] BUILD_ID_TEXT = "\u00ff Go build ID: \"".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] NOTE_GO_LE = {4, 0, 0, 0, 'G', 'o', 0, 0}; // note type 4, name "Go"
    private static final byte[] NOTE_GO_BE = {0, 0, 0, 4, 'G', 'o', 0, 0};
    /** Searched without its terminating NUL, which is checked after: NUL is the commonest byte of a binary. */
    private static final byte[] DEP_V0 = ".dep-v0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] GO1 = "go1.".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] DEVEL = "devel ".getBytes(StandardCharsets.ISO_8859_1);


    /** A section's place in the file. */
    record Section(long offset, long size) {}

    /**
     * What the pass found: Go build info, or why build info that is there could not be read (a lying binary); where a
     * {@code .dep-v0} section is (any of the three may be null); and what to read next.
     */
    record Result(ExecutableHeaders.Format format, GoBuildInfo go, String goProblem, Section depV0, ReadPlan next,
            List<Slice> slices) {
        Result(ExecutableHeaders.Format format, GoBuildInfo go, String goProblem, Section depV0, ReadPlan next) {
            this(format, go, goProblem, depV0, next, List.of());
        }

        Result(ExecutableHeaders.Format format, GoBuildInfo go, String goProblem, Section depV0) {
            this(format, go, goProblem, depV0, ReadPlan.DONE);
        }
    }

    /** What one architecture's slice of a universal Mach-O file holds; its {@code .dep-v0} offset is in the whole file. */
    record Slice(String architecture, Result result) {}

    private final InputStream in;
    /** The file's size; -1 for the full pass, which needs none. */
    private final long size;
    private final long maxBytes;
    /** Second read of a file known (or feared) to be Go: every byte searched, old-format strings indexed. */
    private final boolean whole;
    /** A slice of a universal file, which holds one Mach-O file, never another universal one. */
    private final boolean slice;
    private ExecutableHeaders headers;
    private final byte[] buf;
    private long base;
    private int len;
    private boolean indexGoStrings;
    private final Map<Long, byte[]> versionCandidates = new HashMap<>();
    private final List<Capture> modinfoCandidates = new ArrayList<>();
    private final List<Long> depV0Names = new ArrayList<>();
    private final List<Capture> captures = new ArrayList<>();
    private Capture sectionTable;
    private OldGoHeader oldGo;
    private boolean badGoHeader;
    private String goProblem;

    private ExecutableScan(InputStream in, long size, long maxBytes, byte[] buffer, boolean whole) {
        this(in, size, maxBytes, buffer, whole, false);
    }

    private ExecutableScan(InputStream in, long size, long maxBytes, byte[] buffer, boolean whole, boolean slice) {
        this.slice = slice;
        this.in = in;
        this.size = size;
        this.maxBytes = maxBytes;
        this.buf = buffer;
        this.whole = whole;
    }

    /** A block buffer for {@link #scan}; one per thread, reused from file to file (most files are far smaller than it). */
    static byte[] newBuffer() {
        return new byte[BinaryLimits.BLOCK_BYTES + BinaryLimits.OVERLAP];
    }

    /**
     * Scans {@code in}, a file of {@code size} bytes, using {@code buffer} (from {@link #newBuffer}); null when it is
     * not an executable this pass understands. Reads at most {@code maxBytes}, and skips the middle of ELF files that
     * show no sign of Go (see the class comment).
     */
    static Result scan(InputStream in, long size, long maxBytes, byte[] buffer) throws IOException {
        return new ExecutableScan(in, size, maxBytes, buffer, false).run();
    }

    /**
     * The second read a {@link ReadPlan.Whole} asks for: every byte of the file (up to {@code maxBytes}) is
     * searched, and old-format Go strings are indexed even without a Go build id.
     */
    static Result scanWhole(InputStream in, long maxBytes, byte[] buffer) throws IOException {
        return new ExecutableScan(in, -1, maxBytes, buffer, true).run();
    }

    /**
     * The second read a {@link ReadPlan.Names} asks for: the ELF header, the name table and the section table,
     * skipping all else; the result names a {@code .dep-v0} section, or asks for a whole read when a Go section is there.
     */
    static Result scanNames(InputStream in, long size, Section nameTable, byte[] buffer) throws IOException {
        ExecutableScan scan = new ExecutableScan(in, size, 0, buffer, false);
        scan.len = in.readNBytes(buffer, 0, BinaryLimits.ELF_HEADER_READ_BYTES);
        scan.headers = ExecutableHeaders.parse(buffer, scan.len);
        ExecutableHeaders.ElfSections t = scan.headers == null ? null : scan.headers.elfSections();
        long namesEnd = nameTable.offset() + nameTable.size(); // both bounded by the first read
        if (scan.headers == null || scan.headers.format() != ExecutableHeaders.Format.ELF || !ElfSectionTable.valid(t)
                || nameTable.offset() < scan.len || namesEnd > t.offset() || t.offset() > size - t.tableBytes()) {
            return null; // not the file the first read saw
        }
        in.skipNBytes(nameTable.offset() - scan.len);
        byte[] names = new byte[(int) nameTable.size()];
        scan.readFully(names, names.length, "the section name table");
        in.skipNBytes(t.offset() - namesEnd);
        byte[] sections = new byte[(int) t.tableBytes()];
        scan.readFully(sections, sections.length, "the section header table");
        ByteBuffer table = ByteBuffer.wrap(sections).order(t.order());
        if (!ElfSectionTable.nameTable(t, table, size).equals(Optional.of(nameTable))) {
            return null; // the file changed since the first read
        }
        ElfSectionTable.Named named = ElfSectionTable.named(t, table, names, 0, names.length);
        return new Result(scan.headers.format(), null, null, named.depV0(), named.go() ? ReadPlan.WHOLE : ReadPlan.DONE);
    }

    private Result run() throws IOException {
        len = in.readNBytes(buf, 0, BinaryLimits.FIRST_READ_BYTES);
        boolean elfMagic = len >= 4 && buf[0] == 0x7f && buf[1] == 'E' && buf[2] == 'L' && buf[3] == 'F';
        if (whole || !elfMagic) {
            fillBlock(); // Mach-O and PE: their tables may lie past the first read
        }
        List<FatMachO.Slice> slices = whole || slice || elfMagic ? List.of() : FatMachO.slices(buf, len);
        if (!slices.isEmpty()) {
            return universal(slices);
        }
        headers = ExecutableHeaders.parse(buf, len);
        if (headers == null) {
            return null;
        }
        boolean elf = headers.format() == ExecutableHeaders.Format.ELF;
        indexGoStrings = whole || goBuildIdNear(elf);
        ExecutableHeaders.ElfSections table = headers.elfSections();
        if (!whole && elf && !indexGoStrings && ElfSectionTable.valid(table) && !goMagicIn(len)) {
            if (table.offset() <= len - table.tableBytes()) { // differences, not sums: e_shoff may be near 2^63
                ElfSectionTable.Named named = namedInFirstBlock(table);
                if (named != null && !named.go()) {
                    return new Result(headers.format(), null, null, named.depV0());
                }
                // a Go section (nothing skipped yet: this pass goes on, as the whole read would), or names ahead
                indexGoStrings = named != null;
            } else if (len == BinaryLimits.FIRST_READ_BYTES && table.offset() >= len && table.offset() <= size - table.tableBytes()) {
                return sectionsAtTheEnd(table);
            }
        }
        if (len == BinaryLimits.FIRST_READ_BYTES) { // not yet at the end of the file: the full pass works on whole blocks
            fillBlock();
            headers = ExecutableHeaders.parse(buf, len);
        }
        if (table != null && table.tableBytes() <= BinaryLimits.MAX_ELF_SECTION_TABLE_BYTES) {
            sectionTable = new Capture(table.offset(), (int) table.tableBytes());
            captures.add(sectionTable);
        }
        boolean perByte = elf || indexGoStrings;
        boolean eof = len < BinaryLimits.BLOCK_BYTES;
        while (true) {
            captures.forEach(c -> c.apply(buf, base, len));
            modinfoCandidates.forEach(c -> {
                int before = c.filled;
                c.apply(buf, base, len);
                c.closeAfter(GoBuildInfoDecoder.MODINFO_END, before - GoBuildInfoDecoder.MODINFO_END.length);
            });
            int limit = eof ? len : len - BinaryLimits.OVERLAP;
            if (perByte) {
                indexBlock(limit, elf);
            }
            for (int p = 0; p < limit; p += GoBuildInfoDecoder.ALIGN) {
                if (oldGo == null && goProblem == null && buf[p] == GoBuildInfoDecoder.MAGIC[0] && matches(p, GoBuildInfoDecoder.MAGIC)) {
                    GoBuildInfo found = goHeader(p);
                    if (found != null || goProblem != null) {
                        return new Result(headers.format(), found, goProblem, headers.depV0()); // Mach-O/PE: from the headers
                    }
                }
            }
            resolveOldGo();
            if (eof || base + len >= maxBytes) {
                break;
            }
            System.arraycopy(buf, limit, buf, 0, len - limit);
            base += limit;
            int n = in.readNBytes(buf, BinaryLimits.OVERLAP, BinaryLimits.BLOCK_BYTES);
            len = BinaryLimits.OVERLAP + n;
            eof = n < BinaryLimits.BLOCK_BYTES;
        }
        GoBuildInfo go = finishOldGo();
        if (go == null && goProblem == null && badGoHeader) {
            goProblem = "Go build info magic with an invalid header (pointer size or flags)";
        }
        return new Result(headers.format(), go, goProblem, headers.depV0() != null ? headers.depV0() : depV0Section());
    }

    /**
     * A universal Mach-O file: each architecture's slice read in turn as the Mach-O file it is, in file order (the
     * stream only goes forward). Slices that overlap an earlier one or run past the end of the file are no real
     * slices and are left out, as are slices that are not Mach-O.
     */
    private Result universal(List<FatMachO.Slice> slices) throws IOException {
        List<Slice> found = new ArrayList<>();
        long position = len; // bytes of the file taken from the stream so far
        long previousEnd = 0;
        List<String> unread = new ArrayList<>();
        for (FatMachO.Slice s : slices) {
            if (s.offset() < previousEnd || s.offset() > size - s.size() || s.offset() >= maxBytes) {
                unread.add(s.architecture());
                continue;
            }
            previousEnd = s.offset() + s.size();
            SliceInput rest;
            InputStream content;
            if (s.offset() < position) { // its start already came with the first block
                byte[] head = Arrays.copyOfRange(buf, (int) s.offset(), (int) Math.min(position, previousEnd));
                rest = new SliceInput(in, s.size() - head.length);
                content = new SequenceInputStream(new ByteArrayInputStream(head), rest);
            } else {
                in.skipNBytes(s.offset() - position);
                rest = new SliceInput(in, s.size());
                content = rest;
            }
            Result r = new ExecutableScan(content, s.size(), Math.min(maxBytes - s.offset(), s.size()), buf, false, true).run();
            position = Math.max(position, s.offset()) + rest.taken() + rest.skipRest();
            if (r != null && r.format() == ExecutableHeaders.Format.MACH_O) {
                Section depV0 = r.depV0() == null ? null : new Section(s.offset() + r.depV0().offset(), r.depV0().size());
                found.add(new Slice(s.architecture(), new Result(r.format(), r.go(), r.goProblem(), depV0)));
            }
        }
        String problem = unread.isEmpty() ? null : "the " + String.join(", ", unread)
                + " slice(s) of this universal file overlap another or lie past its end (or the size limit); not read";
        return new Result(ExecutableHeaders.Format.MACH_O, null, problem, null, ReadPlan.DONE, List.copyOf(found));
    }


    /** Decodes the build info header at {@code p}; returns new-format build info, or null (old format pending, or not valid). */
    private GoBuildInfo goHeader(int p) throws IOException {
        if (p + GoBuildInfoDecoder.HEADER_BYTES > len) {
            goProblem = "Go build info header cut off by the end of the file";
            return null;
        }
        GoBuildInfoDecoder.Header header = GoBuildInfoDecoder.header(buf, p);
        if (header == null) {
            badGoHeader = true; // e.g. the magic as a string constant in a program that reads build info
            return null;
        }
        if (header.inline()) {
            int after = p + GoBuildInfoDecoder.HEADER_BYTES;
            try {
                return GoBuildInfoDecoder.inline(new SequenceInputStream(new ByteArrayInputStream(buf, after, len - after), in));
            } catch (GoBuildInfoDecoder.Unreadable e) {
                goProblem = e.getMessage();
                return null;
            }
        }
        oldGo = new OldGoHeader(header);
        oldGo.versionHeader = captureAt(header.versionAddress(), 2 * header.ptrSize(), "Go version");
        if (goProblem == null) { // the first problem is the one reported
            oldGo.modinfoHeader = captureAt(header.modinfoAddress(), 2 * header.ptrSize(), "Go module info");
        }
        return null;
    }

    /** A capture of the bytes at virtual address {@code vaddr}, or null (with the problem noted) when they cannot be read. */
    private Capture captureAt(long vaddr, int length, String what) {
        long offset = headers.fileOffset(vaddr);
        if (offset < 0) {
            goProblem = what + " address 0x" + Long.toHexString(vaddr) + " is in no segment of the file";
            return null;
        }
        if (offset < base) {
            goProblem = what + " lies before its pointer at offset " + offset + ", not indexed";
            return null;
        }
        Capture c = new Capture(offset, length);
        captures.add(c);
        c.apply(buf, base, len);
        return c;
    }

    /** Old format: once the string headers were read, finds (or captures) the strings they point to. */
    private void resolveOldGo() {
        if (oldGo == null || goProblem != null) {
            return;
        }
        if (oldGo.versionHeader == null || oldGo.modinfoHeader == null) {
            return;
        }
        if (oldGo.version == null && oldGo.versionHeader.complete()) {
            oldGo.version = stringData(oldGo.versionHeader, BinaryLimits.MAX_GO_VERSION_BYTES, "Go version", true);
        }
        if (oldGo.modinfo == null && oldGo.modinfoHeader.complete() && goProblem == null) {
            oldGo.modinfo = stringData(oldGo.modinfoHeader, BinaryLimits.MAX_GO_MODINFO_BYTES, "Go module info", false);
        }
    }

    /** The capture holding a Go string's bytes, from the index of what was already passed or from what lies ahead. */
    private Capture stringData(Capture stringHeader, int limit, String what, boolean isVersion) {
        long[] string = GoBuildInfoDecoder.stringHeader(stringHeader.data, oldGo.header);
        long address = string[0];
        long length = string[1];
        if (length < 0 || length > limit) {
            goProblem = what + " claims " + Long.toUnsignedString(length) + " bytes (limit " + limit + ")";
            return null;
        }
        if (length == 0) {
            return new Capture(0, 0);
        }
        long offset = headers.fileOffset(address);
        if (offset < 0) {
            goProblem = what + " address 0x" + Long.toHexString(address) + " is in no segment of the file";
            return null;
        }
        if (isVersion && versionCandidates.containsKey(offset)) {
            Capture c = new Capture(offset, (int) length);
            c.apply(versionCandidates.get(offset), offset, versionCandidates.get(offset).length);
            return c;
        }
        for (Capture m : modinfoCandidates) {
            if (!isVersion && m.start == offset) {
                Capture c = new Capture(offset, (int) length);
                c.apply(m.data, offset, m.filled);
                return c;
            }
        }
        if (offset >= base) {
            Capture c = new Capture(offset, (int) length);
            captures.add(c);
            c.apply(buf, base, len);
            return c;
        }
        goProblem = what + " at offset " + offset + " was not indexed" + (indexGoStrings ? "" : " (no Go build id at the start of the file)");
        return null;
    }

    private GoBuildInfo finishOldGo() {
        if (oldGo == null || goProblem != null) {
            return null;
        }
        resolveOldGo();
        if (goProblem != null) {
            return null;
        }
        if (oldGo.version == null || oldGo.modinfo == null || !oldGo.version.complete() || !oldGo.modinfo.complete()) {
            goProblem = "Go build info points past the end of the file";
            return null;
        }
        try {
            return GoBuildInfoDecoder.buildInfo(oldGo.version.data, oldGo.modinfo.data);
        } catch (GoBuildInfoDecoder.Unreadable e) {
            goProblem = e.getMessage();
            return null;
        }
    }

    /**
     * Indexes the start positions [0, limit) of the buffer: ELF section names ".dep-v0" and, in Go files, where
     * old-format strings may start. Each pattern is found with Horspool's skips, so most bytes are never compared.
     */
    private void indexBlock(int limit, boolean elf) {
        // a Go binary (Go build id) is never a cargo-auditable Rust one; without a section table no name can be resolved
        if (elf && !indexGoStrings && sectionTable != null && sectionTable.start - BinaryLimits.NAME_TABLE_WINDOW_BYTES < base + limit) {
            int from = (int) Math.max(0, sectionTable.start - BinaryLimits.NAME_TABLE_WINDOW_BYTES - base);
            DEP_V0_SKIP.find(buf, from, limit, len, q -> {
                boolean wholeName = (q == 0 || buf[q - 1] == 0) && q + DEP_V0.length < len && buf[q + DEP_V0.length] == 0;
                if (wholeName && depV0Names.size() < BinaryLimits.MAX_SECTION_NAME_HITS) {
                    depV0Names.add(base + q);
                }
            });
        }
        if (indexGoStrings && oldGo == null) {
            IntConsumer version = q -> {
                if (versionCandidates.size() < BinaryLimits.MAX_VERSION_CANDIDATES) {
                    versionCandidates.put(base + q, Arrays.copyOfRange(buf, q, Math.min(len, q + BinaryLimits.MAX_GO_VERSION_BYTES)));
                }
            };
            GO1_SKIP.find(buf, limit, len, version);
            DEVEL_SKIP.find(buf, limit, len, version);
            MODINFO_START_SKIP.find(buf, limit, len, q -> {
                if (modinfoCandidates.size() < BinaryLimits.MAX_MODINFO_CANDIDATES) {
                    Capture c = new Capture(base + q, BinaryLimits.MAX_GO_MODINFO_BYTES);
                    c.apply(buf, base, len);
                    c.closeAfter(GoBuildInfoDecoder.MODINFO_END, GoBuildInfoDecoder.MODINFO_START.length);
                    modinfoCandidates.add(c);
                }
            });
        }
    }

    private static final Horspool DEP_V0_SKIP = new Horspool(DEP_V0);
    private static final Horspool BUILD_ID_TEXT_SKIP = new Horspool(BUILD_ID_TEXT);
    private static final Horspool GO1_SKIP = new Horspool(GO1);
    private static final Horspool DEVEL_SKIP = new Horspool(DEVEL);
    private static final Horspool MODINFO_START_SKIP = new Horspool(GoBuildInfoDecoder.MODINFO_START);



    /**
     * The sections of a file whose section table and name table both lie in the first block (most of a distribution's
     * programs and libraries, which are smaller than a block); null when the names lie beyond it (Go's own linker
     * puts the table at the start and the names in the middle).
     */
    private ElfSectionTable.Named namedInFirstBlock(ExecutableHeaders.ElfSections t) {
        ByteBuffer table = ByteBuffer.wrap(buf, (int) t.offset(), (int) t.tableBytes()).slice().order(t.order());
        Section names = ElfSectionTable.nameTable(t, table, size).orElse(null);
        if (names == null || names.offset() > len - names.size()) {
            return null;
        }
        return ElfSectionTable.named(t, table, buf, (int) names.offset(), (int) names.size());
    }

    /**
     * Reads only the end of an ELF file after its first block: the {@link BinaryLimits#NAME_TABLE_WINDOW_BYTES} before the
     * section header table (kept in the block buffer) and the table, then the section names as the name table
     * gives them. The stream is only ever read forward; the bytes skipped are never searched.
     */
    private Result sectionsAtTheEnd(ExecutableHeaders.ElfSections t) throws IOException {
        // Section names lie in the non-loaded part of the file, after the segments' bytes (where strip leaves only
        // .shstrtab: a few hundred bytes); the window starts there, and at most BinaryLimits.NAME_TABLE_WINDOW_BYTES before the table
        long loadedEnd = 0;
        for (ExecutableHeaders.Segment segment : headers.segments()) {
            if (segment.fileOffset() >= 0 && segment.fileSize() >= 0 && segment.fileOffset() <= t.offset() - segment.fileSize()) {
                loadedEnd = Math.max(loadedEnd, segment.fileOffset() + segment.fileSize());
            }
        }
        long windowStart = Math.max(len, Math.max(loadedEnd, t.offset() - BinaryLimits.NAME_TABLE_WINDOW_BYTES));
        in.skipNBytes(windowStart - len);
        int windowLength = (int) (t.offset() - windowStart); // at most BinaryLimits.NAME_TABLE_WINDOW_BYTES, less than the buffer
        readFully(buf, windowLength, "the section name window");
        byte[] sections = new byte[(int) t.tableBytes()];
        readFully(sections, sections.length, "the section header table");
        ByteBuffer table = ByteBuffer.wrap(sections).order(t.order());
        Section nameTable = ElfSectionTable.nameTable(t, table, size).orElse(null);
        if (nameTable == null) {
            return new Result(headers.format(), null, null, null, ReadPlan.WHOLE); // nonsense: read it all
        }
        long namesOffset = nameTable.offset();
        long namesSize = nameTable.size();
        long tableEnd = t.offset() + t.tableBytes();
        byte[] names;
        int namesAt;
        // compared as differences, as nameTable does, so that no sum can overflow
        if (namesOffset >= windowStart && namesOffset <= t.offset() - namesSize) {
            names = buf;
            namesAt = (int) (namesOffset - windowStart);
        } else if (namesOffset >= tableEnd && namesSize <= BinaryLimits.MAX_ELF_NAME_TABLE_BYTES) {
            in.skipNBytes(namesOffset - tableEnd);
            names = new byte[(int) namesSize];
            readFully(names, names.length, "the section name table");
            namesAt = 0;
        } else if (namesOffset >= BinaryLimits.ELF_HEADER_READ_BYTES && namesSize <= BinaryLimits.MAX_ELF_NAME_TABLE_BYTES
                && namesOffset <= windowStart - namesSize) {
            // before the window: lld puts a symbol name table (.strtab, megabytes when not stripped) after .shstrtab
            return new Result(headers.format(), null, null, null, new ReadPlan.Names(nameTable));
        } else {
            return new Result(headers.format(), null, null, null, ReadPlan.WHOLE); // too large, in the header, or across the window's edge or the table: read it all
        }
        ElfSectionTable.Named named = ElfSectionTable.named(t, table, names, namesAt, (int) namesSize);
        return new Result(headers.format(), null, null, named.depV0(), named.go() ? ReadPlan.WHOLE : ReadPlan.DONE);
    }




    /** Reads on into the block buffer up to a whole block (fewer bytes only at the end of the file). */
    private void fillBlock() throws IOException {
        len += in.readNBytes(buf, len, BinaryLimits.BLOCK_BYTES - len);
    }

    private void readFully(byte[] into, int length, String what) throws IOException {
        if (in.readNBytes(into, 0, length) < length) {
            throw new EOFException(what + " lies past the end of the file");
        }
    }

    /** Whether the build info magic is at a 16-byte aligned place in {@code buf[0, limit)}. */
    private boolean goMagicIn(int limit) {
        for (int p = 0; p < limit; p += GoBuildInfoDecoder.ALIGN) {
            if (buf[p] == GoBuildInfoDecoder.MAGIC[0] && matches(p, GoBuildInfoDecoder.MAGIC)) {
                return true;
            }
        }
        return false;
    }

    /** The .dep-v0 section, from the section header table and the offset of its name in the name table. */
    private Section depV0Section() {
        ExecutableHeaders.ElfSections t = headers.elfSections();
        if (depV0Names.isEmpty() || t == null || sectionTable == null || !sectionTable.complete()) {
            return null;
        }
        ByteBuffer table = ByteBuffer.wrap(sectionTable.data).order(t.order());
        // a whole read knows no file size; the name hits matched below lie in bytes it read, which bounds them
        Section names = ElfSectionTable.nameTable(t, table, size < 0 ? Long.MAX_VALUE : size).orElse(null);
        if (names == null) {
            return null;
        }
        return ElfSectionTable.depV0AtNameOffsets(t, table, names.offset(), depV0Names);
    }



    private boolean matches(int at, byte[] pattern) {
        if (at + pattern.length > len) {
            return false;
        }
        return Arrays.equals(buf, at, at + pattern.length, pattern, 0, pattern.length);
    }

    /**
     * Whether the first {@link BinaryLimits#BUILD_ID_BYTES} show a Go build id: the ELF note named "Go" of type 4
     * ({@code .note.go.buildid}, 4-aligned), or the {@code "\xff Go build ID: \""} text Go puts at the start of the
     * text of Mach-O and PE files.
     */
    private boolean goBuildIdNear(boolean elf) {
        int end = Math.min(len, BinaryLimits.BUILD_ID_BYTES);
        boolean[] text = new boolean[1];
        BUILD_ID_TEXT_SKIP.find(buf, end, end, q -> text[0] = true); // every file is searched: skips, not every byte
        if (text[0]) {
            return true;
        }
        if (elf) {
            for (int i = 12; i + 4 <= end; i += 4) {
                if (buf[i] == 'G' && buf[i + 1] == 'o' && buf[i + 2] == 0 && buf[i + 3] == 0
                        && (matches(i - 4, NOTE_GO_LE) || matches(i - 4, NOTE_GO_BE))) {
                    return true;
                }
            }
        }
        return false;
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
