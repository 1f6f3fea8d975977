package dev.warden.catalog.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the start of an executable says about its layout: the format, where each loaded segment's bytes sit in the
 * file (so that a virtual address, as old Go build info stores them, can be found in the stream), where an ELF
 * file's section table is, and, for Mach-O and PE, whose section tables are in their headers, where the
 * cargo-auditable {@code .dep-v0} section is (Mach-O: section {@code .dep-v0} of segment {@code __DATA}; PE: section
 * {@code .dep-v0}; as cargo-auditable's own reader, auditable-extract, looks for them) and where Go's data start is
 * ({@code goData}: Mach-O {@code __DATA,__go_buildinfo}, PE's first writable initialised-data section, as cmd/go's
 * debug/buildinfo picks them; for ELF the first writable, not executable, loadable segment, which is where debug/buildinfo
 * looks when there is no {@code .go.buildinfo} section and where cmd/link puts that section: a stream cannot reach the
 * section table at the end of the file before it passes the section). Only the first bytes of the
 * file are read; tables that lie beyond them are not followed.
 */
record ExecutableHeaders(Format format, List<Segment> segments, ElfSections elfSections, ExecutableScan.Section depV0,
        ExecutableScan.Section goData) {

    enum Format { ELF, MACH_O, PE }

    /** A loaded range: {@code fileSize} bytes at {@code fileOffset} appear at virtual address {@code vaddr}. */
    record Segment(long vaddr, long fileOffset, long fileSize) {}

    /** Where an ELF file's section header table is, as its header says. */
    record ElfSections(boolean is64, ByteOrder order, long offset, int entrySize, int count, int namesIndex) {
        long tableBytes() {
            return (long) entrySize * count;
        }
    }

    private static final byte[] DEP_V0 = ".dep-v0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] DATA_SEGMENT = "__DATA".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] GO_BUILD_INFO = "__go_buildinfo".getBytes(StandardCharsets.ISO_8859_1);
    /** PE section characteristics of Go's data section, as cmd/go's debug/buildinfo picks it: initialised data, read, write. */
    private static final int PE_DATA = 0x00000040 | 0x40000000 | 0x80000000;
    /** The section alignment bits, which that choice ignores. */
    private static final int PE_ALIGN_32 = 0x600000;
    /** ELF program header flags: executable, writable. */
    private static final int PF_X = 1;
    private static final int PF_W = 2;
    /** Mach-O section type (low byte of its flags) of a section with no bytes in the file. */
    private static final int S_ZEROFILL = 1;

    /** The file offset at which virtual address {@code vaddr} is stored, or -1 when no segment holds it. */
    long fileOffset(long vaddr) {
        for (Segment s : segments) {
            long delta = vaddr - s.vaddr;
            if (Long.compareUnsigned(vaddr, s.vaddr) >= 0 && Long.compareUnsigned(delta, s.fileSize) < 0) {
                return s.fileOffset + delta;
            }
        }
        return -1;
    }

    /** The headers of the executable whose first {@code length} bytes are in {@code head}, or null if it is none. */
    static ExecutableHeaders parse(byte[] head, int length) {
        ByteBuffer b = ByteBuffer.wrap(head, 0, length).slice();
        try {
            if (length >= 52 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
                return elf(b);
            }
            if (length >= 28) {
                int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
                if (magic == 0xfeedface || magic == 0xfeedfacf) {
                    return machO(b.order(ByteOrder.BIG_ENDIAN), magic == 0xfeedfacf);
                }
                if (magic == 0xcefaedfe || magic == 0xcffaedfe) {
                    return machO(b.order(ByteOrder.LITTLE_ENDIAN), magic == 0xcffaedfe);
                }
            }
            if (length >= 64 && head[0] == 'M' && head[1] == 'Z') {
                return pe(b.order(ByteOrder.LITTLE_ENDIAN));
            }
        } catch (IndexOutOfBoundsException e) {
            // A table that runs past the bytes read: the layout is unknown, the magic scan still works.
            return new ExecutableHeaders(formatOf(head), List.of(), null, null, null);
        }
        return null;
    }

    private static Format formatOf(byte[] head) {
        return head[0] == 0x7f ? Format.ELF : head[0] == 'M' ? Format.PE : Format.MACH_O;
    }

    private static ExecutableHeaders elf(ByteBuffer b) {
        boolean is64 = b.get(4) == 2;
        b.order(b.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long phoff = is64 ? b.getLong(0x20) : Integer.toUnsignedLong(b.getInt(0x1c));
        long shoff = is64 ? b.getLong(0x28) : Integer.toUnsignedLong(b.getInt(0x20));
        int at = is64 ? 0x36 : 0x2a;
        int phentsize = Short.toUnsignedInt(b.getShort(at));
        int phnum = Short.toUnsignedInt(b.getShort(at + 2));
        int shentsize = Short.toUnsignedInt(b.getShort(at + 4));
        int shnum = Short.toUnsignedInt(b.getShort(at + 6));
        int shstrndx = Short.toUnsignedInt(b.getShort(at + 8));
        ElfSections sections = shoff > 0 && shnum > 0 && shentsize >= (is64 ? 64 : 40)
                ? new ElfSections(is64, b.order(), shoff, shentsize, shnum, shstrndx) : null;
        List<Segment> segments = new ArrayList<>();
        ExecutableScan.Section goData = null;
        for (int i = 0; i < Math.min(phnum, BinaryLimits.MAX_SEGMENTS) && phentsize >= (is64 ? 56 : 32); i++) {
            long p = phoff + (long) i * phentsize;
            if (p + phentsize > b.limit()) {
                break;
            }
            int at0 = (int) p;
            if (b.getInt(at0) != 1) { // PT_LOAD
                continue;
            }
            Segment segment = is64 ? new Segment(b.getLong(at0 + 16), b.getLong(at0 + 8), b.getLong(at0 + 32))
                    : new Segment(Integer.toUnsignedLong(b.getInt(at0 + 8)), Integer.toUnsignedLong(b.getInt(at0 + 4)),
                            Integer.toUnsignedLong(b.getInt(at0 + 16)));
            segments.add(segment);
            int flags = b.getInt(at0 + (is64 ? 4 : 24));
            if (goData == null && (flags & (PF_X | PF_W)) == PF_W) {
                // Go's data start, where cmd/link puts .go.buildinfo first (debug/buildinfo's fallback without sections)
                goData = new ExecutableScan.Section(segment.fileOffset(), segment.fileSize());
            }
        }
        return new ExecutableHeaders(Format.ELF, List.copyOf(segments), sections, null, goData);
    }

    private static ExecutableHeaders machO(ByteBuffer b, boolean is64) {
        int ncmds = b.getInt(16);
        int at = is64 ? 32 : 28;
        List<Segment> segments = new ArrayList<>();
        ExecutableScan.Section depV0 = null;
        ExecutableScan.Section goData = null;
        for (int i = 0; i < Math.min(ncmds, BinaryLimits.MAX_SEGMENTS) && at + 8 <= b.limit(); i++) {
            int cmd = b.getInt(at);
            int size = b.getInt(at + 4);
            if (size < 8) {
                break;
            }
            if (cmd == 0x19 && at + 56 <= b.limit()) { // LC_SEGMENT_64
                segments.add(new Segment(b.getLong(at + 24), b.getLong(at + 40), b.getLong(at + 48)));
                depV0 = depV0 != null ? depV0 : machOSection(b, at, size, true, DEP_V0);
                goData = goData != null ? goData : machOSection(b, at, size, true, GO_BUILD_INFO);
            } else if (cmd == 0x1 && at + 40 <= b.limit()) { // LC_SEGMENT
                segments.add(new Segment(Integer.toUnsignedLong(b.getInt(at + 24)), Integer.toUnsignedLong(b.getInt(at + 32)),
                        Integer.toUnsignedLong(b.getInt(at + 36))));
                depV0 = depV0 != null ? depV0 : machOSection(b, at, size, false, DEP_V0);
                goData = goData != null ? goData : machOSection(b, at, size, false, GO_BUILD_INFO);
            }
            at += size;
        }
        return new ExecutableHeaders(Format.MACH_O, List.copyOf(segments), null, depV0, goData);
    }

    /**
     * The section {@code __DATA,sectionName} ({@code .dep-v0}, {@code __go_buildinfo}) among the sections of the segment
     * command at {@code at} ({@code size} bytes): section_64 entries of 80 bytes after a 72-byte command, or 32-bit
     * section entries of 68 after 56.
     */
    private static ExecutableScan.Section machOSection(ByteBuffer b, int at, int size, boolean is64, byte[] sectionName) {
        int header = is64 ? 72 : 56;
        int entry = is64 ? 80 : 68;
        long count = Integer.toUnsignedLong(b.getInt(at + (is64 ? 64 : 48)));
        for (long i = 0; i < count && header + (i + 1) * entry <= size; i++) {
            int s = at + header + (int) i * entry;
            if (s + entry > b.limit()) {
                break;
            }
            int flags = b.getInt(s + (is64 ? 64 : 56));
            if (name(b, s, 16, sectionName) && name(b, s + 16, 16, DATA_SEGMENT) && (flags & 0xff) != S_ZEROFILL) {
                long length = is64 ? b.getLong(s + 40) : Integer.toUnsignedLong(b.getInt(s + 36));
                return new ExecutableScan.Section(Integer.toUnsignedLong(b.getInt(s + (is64 ? 48 : 40))), length);
            }
        }
        return null;
    }

    /** Whether the NUL-padded name field of {@code width} bytes at {@code at} holds exactly {@code name}. */
    private static boolean name(ByteBuffer b, int at, int width, byte[] name) {
        for (int i = 0; i < width; i++) {
            byte expected = i < name.length ? name[i] : 0;
            if (b.get(at + i) != expected) {
                return false;
            }
        }
        return true;
    }

    private static ExecutableHeaders pe(ByteBuffer b) {
        int pe = b.getInt(0x3c);
        if (pe < 0 || pe + 24 > b.limit() || b.getInt(pe) != 0x4550) { // "PE\0\0"
            return null; // an MZ stub alone (DOS program) or a text file starting with "MZ"
        }
        int sections = Short.toUnsignedInt(b.getShort(pe + 6));
        int optionalSize = Short.toUnsignedInt(b.getShort(pe + 20));
        int optional = pe + 24;
        int magic = Short.toUnsignedInt(b.getShort(optional));
        long imageBase = magic == 0x20b ? b.getLong(optional + 24) : Integer.toUnsignedLong(b.getInt(optional + 28));
        List<Segment> segments = new ArrayList<>();
        ExecutableScan.Section depV0 = null;
        ExecutableScan.Section goData = null;
        int table = optional + optionalSize;
        for (int i = 0; i < Math.min(sections, BinaryLimits.MAX_SEGMENTS) && table + (i + 1) * 40 <= b.limit(); i++) {
            int s = table + i * 40;
            segments.add(new Segment(imageBase + Integer.toUnsignedLong(b.getInt(s + 12)), Integer.toUnsignedLong(b.getInt(s + 20)),
                    Integer.toUnsignedLong(b.getInt(s + 16))));
            if (depV0 == null && name(b, s, 8, DEP_V0)) {
                // the raw data is padded to the file alignment; VirtualSize, when set, is the section's own length
                long virtualSize = Integer.toUnsignedLong(b.getInt(s + 8));
                long rawSize = Integer.toUnsignedLong(b.getInt(s + 16));
                long length = virtualSize == 0 ? rawSize : Math.min(virtualSize, rawSize);
                depV0 = length == 0 ? null : new ExecutableScan.Section(Integer.toUnsignedLong(b.getInt(s + 20)), length);
            }
            int characteristics = b.getInt(s + 36);
            long rawSize = Integer.toUnsignedLong(b.getInt(s + 16));
            if (goData == null && b.getInt(s + 12) != 0 && rawSize != 0 && (characteristics & ~PE_ALIGN_32) == PE_DATA) {
                goData = new ExecutableScan.Section(Integer.toUnsignedLong(b.getInt(s + 20)), rawSize);
            }
        }
        return new ExecutableHeaders(Format.PE, List.copyOf(segments), null, depV0, goData);
    }
}
