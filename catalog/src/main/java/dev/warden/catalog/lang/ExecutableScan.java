package dev.warden.catalog.lang;

import dev.warden.catalog.lang.GoBuildInfoDecoder.GoBuildInfo;
import dev.warden.image.LocalFileContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Reads an executable (ELF, Mach-O, PE; each slice of a universal Mach-O) once, forward, for the packages built
 * into it, and says what to read next ({@link ReadPlan}). The bytes come through one {@link ExecutableReader}; what
 * they mean is decided by the interpreters it hands them to: {@link ExecutableHeaders} (layout), {@link GoSigns}
 * (whether the file shows Go), {@link ElfSectionNames} (an ELF file's sections, named without reading its middle),
 * {@link UniversalSlices}, and, in a full pass over every block, {@link GoBuildInfoSearch} (with its
 * {@link GoStringIndex}) and {@link DepV0Names}. A {@code .dep-v0} section is decoded by {@link CargoAuditable} in a
 * targeted read at the end. Every limit is in {@link BinaryLimits}.
 *
 * <p>Why it is shaped so: files come as streams from layers (no seeking back), and a distribution's thousands of
 * ELF files are almost never Go or cargo-auditable, so searching all their bytes was most of a scan's time. An ELF
 * file is first read only {@link BinaryLimits#FIRST_READ_BYTES}; unless that shows a Go build id or build info, its
 * sections are named through the section tables, skipping the middle of the file; a Go section seen only then asks
 * for the whole read ({@link ReadPlan.Whole}). Mach-O and PE keep their section tables at the start; they, and ELF
 * files that show Go or have no usable section table (sstrip, UPX), get the full pass: every block searched for the
 * build info magic at Go's 16-byte alignment and, in Go files, the places old-format strings may start, since
 * toolchains before Go 1.18 point back to them from the header.
 *
 * <p>An ELF file from a stream that shows Go has its build info searched for in its data segment alone, which its
 * program headers give (the section table, at the end, cannot be reached first): the text before it is skipped, not
 * searched or indexed; when nothing readable is there (old toolchains' pointers, a crafted file) the whole file is read
 * again and searched.
 *
 * <p>A file of this machine ({@link LocalFileContent}: {@code fs://} sources) is read where its layout says instead
 * ({@link GoBuildInfoAt}, as cmd/go's own reader does): an ELF file's section table and names by positional reads, its
 * {@code .go.buildinfo} section when it has one; a Mach-O or PE file's Go data start from its headers. The full pass is
 * left for what has no such layout (no section table, no {@code .go.buildinfo} section in an ELF file that shows Go, a
 * Mach-O or PE file that shows Go but holds no build info at its data start), and finds the same build info there.
 */
final class ExecutableScan {

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

    private final ExecutableReader reader;
    /** The open file when it is one of this machine, for positional reads ({@link GoBuildInfoAt}); else null. */
    private final FileChannel file;
    /** The file's size; -1 for the full pass, which needs none. */
    private final long size;
    private final long maxBytes;
    /** Second read of a file known (or feared) to be Go: every byte searched, old-format strings indexed. */
    private final boolean whole;
    /** A slice of a universal file, which holds one Mach-O file, never another universal one. */
    private final boolean slice;

    private ExecutableScan(InputStream in, long size, long maxBytes, byte[] buffer, boolean whole, boolean slice) {
        this.reader = new ExecutableReader(in, buffer);
        this.file = whole || slice ? null : LocalFileContent.of(in).map(LocalFileContent::channel).orElse(null);
        this.size = size;
        this.maxBytes = maxBytes;
        this.whole = whole;
        this.slice = slice;
    }

    /** A block buffer for {@link #scan}; one per thread, reused from file to file (most files are far smaller than it). */
    static byte[] newBuffer() {
        return ExecutableReader.newBuffer();
    }

    /**
     * Scans {@code in}, a file of {@code size} bytes, using {@code buffer} (from {@link #newBuffer}); null when it is
     * not an executable this pass understands. Reads at most {@code maxBytes}, and skips the middle of ELF files that
     * show no sign of Go (see the class comment).
     */
    static Result scan(InputStream in, long size, long maxBytes, byte[] buffer) throws IOException {
        return new ExecutableScan(in, size, maxBytes, buffer, false, false).run();
    }

    /**
     * The second read a {@link ReadPlan.Whole} asks for: every byte of the file (up to {@code maxBytes}) is
     * searched, and old-format Go strings are indexed even without a Go build id.
     */
    static Result scanWhole(InputStream in, long maxBytes, byte[] buffer) throws IOException {
        return new ExecutableScan(in, -1, maxBytes, buffer, true, false).run();
    }

    /** The second read a {@link ReadPlan.Names} asks for (see {@link ElfSectionNames#names}). */
    static Result scanNames(InputStream in, long size, Section nameTable, byte[] buffer) throws IOException {
        return ElfSectionNames.names(new ExecutableReader(in, buffer), size, nameTable);
    }

    /** One slice of a universal file, read as the Mach-O file it is ({@link UniversalSlices}). */
    static Result scanSlice(InputStream in, long size, long maxBytes, byte[] buffer) throws IOException {
        return new ExecutableScan(in, size, maxBytes, buffer, false, true).run();
    }

    private Result run() throws IOException {
        byte[] buf = reader.buffer();
        int len = reader.first(BinaryLimits.FIRST_READ_BYTES);
        boolean elfMagic = len >= 4 && buf[0] == 0x7f && buf[1] == 'E' && buf[2] == 'L' && buf[3] == 'F';
        if (!whole && !elfMagic && !otherExecutableMagic(buf, len)) {
            return null; // data: nothing this pass understands, so no more of it is read
        }
        if (whole || !elfMagic) {
            reader.fillBlock(); // Mach-O and PE: their tables may lie past the first read
        }
        List<FatMachO.Slice> slices = whole || slice || elfMagic ? List.of() : FatMachO.slices(buf, reader.length());
        if (!slices.isEmpty()) {
            return UniversalSlices.read(reader, slices, size, maxBytes);
        }
        ExecutableHeaders headers = ExecutableHeaders.parse(buf, reader.length());
        if (headers == null) {
            return null;
        }
        boolean elf = headers.format() == ExecutableHeaders.Format.ELF;
        boolean showsGo = whole || GoSigns.buildIdNear(buf, reader.length(), elf);
        ExecutableHeaders.ElfSections table = headers.elfSections();
        if (file != null) {
            Result located = elf ? elfInPlace(headers, table, showsGo || GoSigns.magicIn(buf, len)) : inPlace(headers, showsGo);
            if (located != null) {
                return located;
            }
        }
        if (file == null && !whole && elf && showsGo) {
            Result streamed = streamedGoData(headers);
            if (streamed != null) {
                return streamed;
            }
        }
        if (!whole && elf && !showsGo && ElfSectionTable.valid(table) && !GoSigns.magicIn(buf, len)) {
            if (table.offset() <= len - table.tableBytes()) { // differences, not sums: e_shoff may be near 2^63
                ElfSectionTable.Named named = ElfSectionNames.inFirstBlock(table, buf, len, size);
                if (named != null && !named.go()) {
                    return new Result(headers.format(), null, null, named.depV0());
                }
                // a Go section (nothing skipped yet: this pass goes on, as the whole read would), or names ahead
                showsGo = named != null;
            } else if (len == BinaryLimits.FIRST_READ_BYTES && table.offset() >= len && table.offset() <= size - table.tableBytes()) {
                return ElfSectionNames.atTheEnd(reader, headers, table, size);
            }
        }
        if (reader.length() == BinaryLimits.FIRST_READ_BYTES) { // not yet at the end of the file: the full pass works on whole blocks
            reader.fillBlock();
            headers = ExecutableHeaders.parse(buf, reader.length());
        }
        return fullPass(headers, elf && !showsGo ? DepV0Names.of(table, size) : null, showsGo);
    }

    /** Whether the first bytes are a Mach-O (thin or universal) or PE file's; ELF is told apart before. */
    private static boolean otherExecutableMagic(byte[] buf, int len) {
        if (len < 4) {
            return false;
        }
        int magic = (buf[0] & 0xff) << 24 | (buf[1] & 0xff) << 16 | (buf[2] & 0xff) << 8 | buf[3] & 0xff;
        return magic == 0xfeedface || magic == 0xfeedfacf || magic == 0xcefaedfe || magic == 0xcffaedfe
                || magic == 0xcafebabe || magic == 0xcafebabf || buf[0] == 'M' && buf[1] == 'Z';
    }

    /**
     * An ELF file of this machine: its sections named by positional reads; a Go one's build info read from its
     * {@code .go.buildinfo} section. Null when that cannot decide (no usable section table or name table, or a Go file
     * without that section or without build info at its start): the stream reading goes on.
     */
    private Result elfInPlace(ExecutableHeaders headers, ExecutableHeaders.ElfSections table, boolean showsGo) throws IOException {
        ElfSectionTable.Named named = ElfSectionNames.located(file, size, table);
        if (named == null) {
            return null;
        }
        if (!named.go()) {
            // Go signs without Go sections (a stripped table, a crafted file) are the full pass's to judge
            return showsGo ? null : new Result(headers.format(), null, null, named.depV0());
        }
        if (!withinLimit(named.goBuildInfo())) {
            return null;
        }
        GoBuildInfoAt.Found found = GoBuildInfoAt.read(file, size, headers, named.goBuildInfo());
        return found == null ? null : new Result(headers.format(), found.go(), found.problem(), named.depV0());
    }

    /**
     * An ELF file from a stream that shows Go: its build info searched for in its data segment only, where both Go's
     * linker and an external one put {@code .go.buildinfo} (the first writable, not executable, loadable segment, which
     * the program headers at the start give; the section table, at the end, cannot be reached first), and without
     * the old-format string index: the text and read-only data before it, most of a Go binary, are skipped unsearched.
     * Null (nothing read past the first read) when the data segment is not known, starts within the first read or
     * beyond {@code maxBytes}: the full pass goes on. When the segment holds no build info, or an old-format header
     * whose pointers may point behind it (before Go 1.18), the file is read again whole ({@link ReadPlan.Whole}) and
     * searched as before.
     */
    private Result streamedGoData(ExecutableHeaders headers) throws IOException {
        Section data = headers.goData();
        if (!withinLimit(data) || size < 0 || data.offset() < reader.position() || data.offset() >= size) {
            return null;
        }
        long end = Math.min(Math.min(size, maxBytes), data.offset() + Math.min(data.size(), size - data.offset()));
        int first = (int) Math.min(BinaryLimits.BLOCK_BYTES, end - data.offset());
        reader.window(data.offset(), first, "Go's data segment");
        GoBuildInfoSearch go = new GoBuildInfoSearch(reader, headers, false);
        boolean eof = reader.length() < BinaryLimits.BLOCK_BYTES;
        while (true) {
            int limit = eof ? reader.length() : reader.length() - BinaryLimits.OVERLAP;
            if (go.block(limit) || go.metOldFormat()) {
                break;
            }
            if (eof || reader.base() + reader.length() >= end) {
                break;
            }
            eof = !reader.nextBlock(limit);
        }
        GoBuildInfo found = go.metOldFormat() ? null : go.finish();
        if (found == null && (go.problem() == null || go.metOldFormat())) {
            return new Result(headers.format(), null, null, null, ReadPlan.WHOLE);
        }
        return new Result(headers.format(), found, go.problem(), null);
    }

    /** Whether {@code section} is there and lies within the bytes the full pass would read ({@code maxBytes}). */
    private boolean withinLimit(Section section) {
        // differences, not sums: the file's words may be near 2^63
        return section != null && section.offset() >= 0 && section.size() > 0 && section.offset() < maxBytes
                && section.size() <= maxBytes - section.offset();
    }

    /**
     * A Mach-O or PE file of this machine: the build info at the Go data start its headers name. One that shows no sign
     * of Go and holds no build info there is no Go program (cmd/go's reader looks nowhere else), and its
     * {@code .dep-v0} section, if any, is in its headers; null when the stream reading is to go on.
     */
    private Result inPlace(ExecutableHeaders headers, boolean showsGo) throws IOException {
        if (headers.segments().isEmpty()) {
            return null; // a layout the headers did not give: the full pass
        }
        GoBuildInfoAt.Found found = withinLimit(headers.goData()) ? GoBuildInfoAt.read(file, size, headers, headers.goData()) : null;
        if (found != null) {
            return new Result(headers.format(), found.go(), found.problem(), headers.depV0());
        }
        return showsGo ? null : new Result(headers.format(), null, null, headers.depV0());
    }

    /**
     * Every block of the file (up to {@code maxBytes}) to the Go build info search and, in an ELF file not known to be
     * Go ({@code depV0Names} not null: a Go binary is never a cargo-auditable Rust one), to the .dep-v0 name search.
     */
    private Result fullPass(ExecutableHeaders headers, DepV0Names depV0Names, boolean showsGo) throws IOException {
        GoBuildInfoSearch go = new GoBuildInfoSearch(reader, headers, showsGo);
        boolean eof = reader.length() < BinaryLimits.BLOCK_BYTES;
        while (true) {
            int limit = eof ? reader.length() : reader.length() - BinaryLimits.OVERLAP;
            if (depV0Names != null) {
                depV0Names.block(reader.buffer(), reader.base(), reader.length(), limit);
            }
            if (go.block(limit)) {
                return new Result(headers.format(), go.finish(), go.problem(), headers.depV0()); // Mach-O/PE: from the headers
            }
            if (eof || reader.base() + reader.length() >= maxBytes) {
                break;
            }
            eof = !reader.nextBlock(limit);
        }
        GoBuildInfo found = go.finish();
        Section depV0 = headers.depV0() != null ? headers.depV0() : depV0Names == null ? null : depV0Names.section();
        return new Result(headers.format(), found, go.problem(), depV0);
    }
}
