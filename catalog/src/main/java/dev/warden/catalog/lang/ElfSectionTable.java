package dev.warden.catalog.lang;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An ELF section header table and its name table ({@code e_shstrndx}'s section), from their bytes: where the
 * {@code .dep-v0} section is and whether a Go section is there. Every offset and size in the table is an unsigned
 * word the file chose; each is checked against the file's size before it is used. Knows nothing of where the bytes
 * come from.
 */
final class ElfSectionTable {
    private ElfSectionTable() {}

    private static final int SHT_NOBITS = 8;
    /** Section names (NUL-terminated, as the name table holds them) that mark a Go binary. */
    private static final List<byte[]> GO_SECTION_NAMES = List.of(
            ".go.buildinfo\0".getBytes(StandardCharsets.ISO_8859_1), ".note.go.buildid\0".getBytes(StandardCharsets.ISO_8859_1));
    private static final byte[] DEP_V0_NAME = ".dep-v0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] GO_BUILD_INFO_NAME = ".go.buildinfo\0".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * What the section names say: where a {@code .dep-v0} section is (null if none), whether a Go section is there, and
     * where the {@code .go.buildinfo} section is (null if none), which holds Go's build info at its start.
     */
    record Named(ExecutableScan.Section depV0, boolean go, ExecutableScan.Section goBuildInfo) {
        Named(ExecutableScan.Section depV0, boolean go) {
            this(depV0, go, null);
        }
    }

    /** Whether the ELF header gives a section table whose name table can be looked up (e_shstrndx in range). */
    static boolean valid(ExecutableHeaders.ElfSections t) {
        return t != null && t.tableBytes() <= BinaryLimits.MAX_ELF_SECTION_TABLE_BYTES && t.namesIndex() < t.count();
    }

    /**
     * The section name table as the section header {@code table} gives it; empty when that makes no sense for a file
     * of {@code fileSize} bytes: the index lies past the table, or the offset and size (unsigned words in the file,
     * negative here when past 2^63) do not fit in the file. Where the table lies as to the bytes read is each
     * caller's own question.
     */
    static Optional<ExecutableScan.Section> nameTable(ExecutableHeaders.ElfSections t, ByteBuffer table, long fileSize) {
        if (t.namesIndex() >= t.count() || (long) (t.namesIndex() + 1) * t.entrySize() > table.limit()) {
            return Optional.empty();
        }
        long offset = sectionField(table, t, t.namesIndex(), 4);
        long size = sectionField(table, t, t.namesIndex(), 5);
        // compared as a difference, so that no sum of two words near 2^63 can overflow
        if (offset < 0 || size < 0 || offset > fileSize - size) {
            return Optional.empty();
        }
        return Optional.of(new ExecutableScan.Section(offset, size));
    }

    /** Names the sections of {@code table} through the name table in {@code names[namesAt, namesAt + namesLength)}. */
    static Named named(ExecutableHeaders.ElfSections t, ByteBuffer table, byte[] names, int namesAt, int namesLength) {
        ExecutableScan.Section depV0 = null;
        ExecutableScan.Section goBuildInfo = null;
        boolean go = false;
        for (int i = 0; i < t.count(); i++) {
            int at = i * t.entrySize();
            long name = Integer.toUnsignedLong(table.getInt(at));
            if (name >= namesLength) {
                continue;
            }
            int from = namesAt + (int) name;
            int to = namesAt + namesLength;
            if (depV0 == null && table.getInt(at + 4) != SHT_NOBITS && named(names, from, to, DEP_V0_NAME)) {
                depV0 = new ExecutableScan.Section(sectionField(table, t, i, 4), sectionField(table, t, i, 5));
            }
            for (byte[] goName : GO_SECTION_NAMES) {
                go |= named(names, from, to, goName);
            }
            if (goBuildInfo == null && table.getInt(at + 4) != SHT_NOBITS && named(names, from, to, GO_BUILD_INFO_NAME)) {
                goBuildInfo = new ExecutableScan.Section(sectionField(table, t, i, 4), sectionField(table, t, i, 5));
            }
        }
        return new Named(depV0, go, goBuildInfo);
    }

    /**
     * The {@code .dep-v0} section when only the file offsets of {@code ".dep-v0\0"} strings are known (found by
     * searching the bytes): the section whose name lies at one of them in the name table at {@code namesOffset}.
     */
    static ExecutableScan.Section depV0AtNameOffsets(ExecutableHeaders.ElfSections t, ByteBuffer table, long namesOffset,
            Collection<Long> nameOffsets) {
        for (int i = 0; i < t.count(); i++) {
            int at = i * t.entrySize();
            long nameIndex = Integer.toUnsignedLong(table.getInt(at));
            if (table.getInt(at + 4) != SHT_NOBITS && nameOffsets.contains(namesOffset + nameIndex)) {
                return new ExecutableScan.Section(sectionField(table, t, i, 4), sectionField(table, t, i, 5));
            }
        }
        return null;
    }

    /** Whether {@code bytes[from, to)} starts with the NUL-terminated {@code name}. */
    private static boolean named(byte[] bytes, int from, int to, byte[] name) {
        return to - from >= name.length && Arrays.equals(bytes, from, from + name.length, name, 0, name.length);
    }

    /** Field {@code n} of the section header {@code i} counting from sh_name = 0: 4 = sh_offset, 5 = sh_size. */
    private static long sectionField(ByteBuffer table, ExecutableHeaders.ElfSections t, int i, int n) {
        int at = i * t.entrySize();
        if (t.is64()) {
            return table.getLong(at + 24 + (n - 4) * 8);
        }
        return Integer.toUnsignedLong(table.getInt(at + 16 + (n - 4) * 4));
    }
}
