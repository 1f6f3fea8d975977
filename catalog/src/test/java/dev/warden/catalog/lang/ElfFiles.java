package dev.warden.catalog.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Crafted 64-bit little-endian ELF files for the reading tests: a header, one loaded segment, three sections (the null
 * section, one named {@code sectionName} at {@link #SECTION}, and the name table) with the name table and the section
 * table where the test puts them.
 */
final class ElfFiles {
    private ElfFiles() {}

    /** Where the named section's bytes are, and how many. */
    static final ExecutableScan.Section SECTION = new ExecutableScan.Section(0x800, 0x100);
    private static final int HEADER = 64;
    private static final int PROGRAM_HEADER = 56;
    private static final int SECTION_HEADER = 64;

    /** The name table for {@code sectionName}: "\0NAME\0.shstrtab\0". */
    static byte[] names(String sectionName) {
        return ("\0" + sectionName + "\0.shstrtab\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A file of {@code size} bytes whose segment loads [0, {@code loaded}), with the name table of {@code sectionName}
     * at {@code namesAt} and the section table at {@code tableAt}.
     */
    static byte[] elf(int size, int loaded, String sectionName, int namesAt, int tableAt) {
        byte[] file = new byte[size];
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) 3).putShort(18, (short) 62).putInt(20, 1); // ET_DYN, x86-64, EV_CURRENT
        b.putLong(0x20, HEADER).putLong(0x28, tableAt);
        b.putShort(0x34, (short) HEADER).putShort(0x36, (short) PROGRAM_HEADER).putShort(0x38, (short) 1)
                .putShort(0x3a, (short) SECTION_HEADER).putShort(0x3c, (short) 3).putShort(0x3e, (short) 2);
        b.putInt(HEADER, 1).putInt(HEADER + 4, 5).putLong(HEADER + 8, 0).putLong(HEADER + 16, 0x400000)
                .putLong(HEADER + 24, 0x400000).putLong(HEADER + 32, loaded).putLong(HEADER + 40, loaded);
        byte[] names = names(sectionName);
        System.arraycopy(names, 0, file, namesAt, names.length);
        section(b, tableAt + SECTION_HEADER, 1, SECTION.offset(), SECTION.size());
        section(b, tableAt + 2 * SECTION_HEADER, 2 + sectionName.length(), namesAt, names.length);
        return file;
    }

    private static void section(ByteBuffer b, int at, int name, long offset, long size) {
        b.putInt(at, name).putInt(at + 4, 1).putLong(at + 24, offset).putLong(at + 32, size); // SHT_PROGBITS
    }
}
