package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link ElfSectionTable#nameTable} on crafted section header tables, 64- and 32-bit, sane and not. */
class ElfNameTableTest {
    private static final int ENTRY_64 = 64;
    private static final int ENTRY_32 = 40;
    private static final int SECTIONS = 4;
    private static final int NAMES = 3;
    private static final long FILE = 10_000;

    /** A 64-bit table whose section {@code index} is at {@code offset} with {@code size} bytes (sh_offset +24, sh_size +32). */
    private static ByteBuffer table64(ByteOrder order, int index, long offset, long size) {
        ByteBuffer b = ByteBuffer.allocate(SECTIONS * ENTRY_64).order(order);
        b.putLong(index * ENTRY_64 + 24, offset).putLong(index * ENTRY_64 + 32, size);
        return b;
    }

    /** A 32-bit table, the words written from their low 32 bits (sh_offset +16, sh_size +20). */
    private static ByteBuffer table32(ByteOrder order, int index, long offset, long size) {
        ByteBuffer b = ByteBuffer.allocate(SECTIONS * ENTRY_32).order(order);
        b.putInt(index * ENTRY_32 + 16, (int) offset).putInt(index * ENTRY_32 + 20, (int) size);
        return b;
    }

    private static ExecutableHeaders.ElfSections sections64(ByteOrder order, int namesIndex) {
        return new ExecutableHeaders.ElfSections(true, order, 5_000, ENTRY_64, SECTIONS, namesIndex);
    }

    private static ExecutableHeaders.ElfSections sections32(ByteOrder order, int namesIndex) {
        return new ExecutableHeaders.ElfSections(false, order, 5_000, ENTRY_32, SECTIONS, namesIndex);
    }

    @Test
    void aSaneTableIsFoundIn64And32BitFilesOfEitherOrder() {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            assertThat(ElfSectionTable.nameTable(sections64(order, NAMES), table64(order, NAMES, 4_000, 300), FILE))
                    .contains(new ExecutableScan.Section(4_000, 300));
            assertThat(ElfSectionTable.nameTable(sections32(order, NAMES), table32(order, NAMES, 4_000, 300), FILE))
                    .contains(new ExecutableScan.Section(4_000, 300));
        }
    }

    @Test
    void theTableMayEndExactlyAtTheEndOfTheFileButNotAByteAfter() {
        ExecutableHeaders.ElfSections t = sections64(ByteOrder.LITTLE_ENDIAN, NAMES);
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, FILE - 300, 300), FILE))
                .contains(new ExecutableScan.Section(FILE - 300, 300));
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, FILE - 299, 300), FILE)).isEmpty();
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, FILE + 1, 0), FILE)).isEmpty();
    }

    @Test
    void aNamesIndexPastTheTableGivesNothing() {
        ByteBuffer table = table64(ByteOrder.LITTLE_ENDIAN, NAMES, 4_000, 300);
        assertThat(ElfSectionTable.nameTable(sections64(ByteOrder.LITTLE_ENDIAN, SECTIONS), table, FILE)).isEmpty();
        assertThat(ElfSectionTable.nameTable(sections64(ByteOrder.LITTLE_ENDIAN, 0xffff), table, FILE)).isEmpty(); // SHN_XINDEX
        // e_shstrndx past e_shnum, though the bytes after the table would hold a sane entry there
        ExecutableHeaders.ElfSections fewer = new ExecutableHeaders.ElfSections(true, ByteOrder.LITTLE_ENDIAN, 5_000,
                ENTRY_64, NAMES, NAMES);
        assertThat(ElfSectionTable.nameTable(fewer, table, FILE)).isEmpty();
        // a header claiming more sections than the bytes given hold
        ExecutableHeaders.ElfSections claimsMore = new ExecutableHeaders.ElfSections(true, ByteOrder.LITTLE_ENDIAN, 5_000,
                ENTRY_64, SECTIONS + 2, SECTIONS + 1);
        assertThat(ElfSectionTable.nameTable(claimsMore, table, FILE)).isEmpty();
    }

    @Test
    void wordsPast2To63OrASumThatWouldOverflowGiveNothing() {
        ExecutableHeaders.ElfSections t = sections64(ByteOrder.LITTLE_ENDIAN, NAMES);
        long anySize = Long.MAX_VALUE; // the whole read knows no size
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, -4_000, 300), anySize)).isEmpty();
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, 4_000, -1), anySize)).isEmpty();
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, Long.MAX_VALUE - 100, 300), anySize)).isEmpty();
        assertThat(ElfSectionTable.nameTable(t, table64(ByteOrder.LITTLE_ENDIAN, NAMES, Long.MAX_VALUE - 300, 300), anySize))
                .contains(new ExecutableScan.Section(Long.MAX_VALUE - 300, 300));
    }

    @Test
    void thirtyTwoBitWordsAreUnsigned() {
        ExecutableHeaders.ElfSections t = sections32(ByteOrder.BIG_ENDIAN, NAMES);
        long offset = 0x9000_0000L; // negative as a Java int
        assertThat(ElfSectionTable.nameTable(t, table32(ByteOrder.BIG_ENDIAN, NAMES, offset, 300), 0x1_0000_0000L))
                .contains(new ExecutableScan.Section(offset, 300));
        assertThat(ElfSectionTable.nameTable(t, table32(ByteOrder.BIG_ENDIAN, NAMES, offset, 0xffff_ffffL), 0x1_0000_0000L)).isEmpty();
    }
}
