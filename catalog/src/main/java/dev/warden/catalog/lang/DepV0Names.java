package dev.warden.catalog.lang;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds an ELF file's {@code .dep-v0} section during a full pass, when its section names could not be read on their
 * own (see {@link ElfSectionNames}): the section header table is captured as its block goes by, and the name
 * {@code ".dep-v0"} is looked for only in the {@link BinaryLimits#NAME_TABLE_WINDOW_BYTES} before it, where linkers
 * and objcopy put the name table. At the end the hits are matched against the table's name offsets. Fed blocks by
 * {@link ExecutableScan}; knows nothing of streams.
 */
final class DepV0Names {
    /** Searched without its terminating NUL, which is checked after: NUL is the commonest byte of a binary. */
    private static final byte[] DEP_V0 = ".dep-v0".getBytes(StandardCharsets.ISO_8859_1);
    private static final Horspool DEP_V0_SKIP = new Horspool(DEP_V0);

    private final ExecutableHeaders.ElfSections table;
    /** The file's size; -1 for a whole read, which knows none. */
    private final long size;
    private final Capture sectionTable;
    private final List<Long> nameHits = new ArrayList<>();

    private DepV0Names(ExecutableHeaders.ElfSections table, long size) {
        this.table = table;
        this.size = size;
        this.sectionTable = new Capture(table.offset(), (int) table.tableBytes());
    }

    /**
     * A search through the section table {@code t} of a file of {@code size} bytes; null when there is no table to
     * resolve names with, or it is over {@link BinaryLimits#MAX_ELF_SECTION_TABLE_BYTES}.
     */
    static DepV0Names of(ExecutableHeaders.ElfSections t, long size) {
        return t == null || t.tableBytes() > BinaryLimits.MAX_ELF_SECTION_TABLE_BYTES ? null : new DepV0Names(t, size);
    }

    /** Takes the block {@code buf[0, len)}, the file from {@code base}; positions from {@code limit} on come again in the next. */
    void block(byte[] buf, long base, int len, int limit) {
        sectionTable.apply(buf, base, len);
        if (sectionTable.start - BinaryLimits.NAME_TABLE_WINDOW_BYTES < base + limit) {
            int from = (int) Math.max(0, sectionTable.start - BinaryLimits.NAME_TABLE_WINDOW_BYTES - base);
            DEP_V0_SKIP.find(buf, from, limit, len, q -> {
                boolean wholeName = (q == 0 || buf[q - 1] == 0) && q + DEP_V0.length < len && buf[q + DEP_V0.length] == 0;
                if (wholeName && nameHits.size() < BinaryLimits.MAX_SECTION_NAME_HITS) {
                    nameHits.add(base + q);
                }
            });
        }
    }

    /** The .dep-v0 section, from the section header table and the offsets of its name found; null if none. */
    ExecutableScan.Section section() {
        if (nameHits.isEmpty() || !sectionTable.complete()) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(sectionTable.data).order(table.order());
        // a whole read knows no file size; the name hits matched below lie in bytes it read, which bounds them
        ExecutableScan.Section names = ElfSectionTable.nameTable(table, bytes, size < 0 ? Long.MAX_VALUE : size).orElse(null);
        if (names == null) {
            return null;
        }
        return ElfSectionTable.depV0AtNameOffsets(table, bytes, names.offset(), nameHits);
    }
}
