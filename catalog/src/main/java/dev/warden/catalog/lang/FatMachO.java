package dev.warden.catalog.lang;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The fat header of a universal Mach-O file (Apple's {@code <mach-o/fat.h>}, always big-endian): magic
 * {@code 0xcafebabe} (or {@code 0xcafebabf} for 64-bit offsets), the number of architectures, then per architecture
 * its CPU type and subtype and its slice's offset, size and alignment. Each slice is a whole Mach-O file. Java class
 * files share the magic; their next word (the class file version, at least 45) is too many architectures.
 */
final class FatMachO {
    private FatMachO() {}

    private static final int FAT_MAGIC = 0xcafebabe;
    private static final int FAT_MAGIC_64 = 0xcafebabf;
    private static final int HEADER_BYTES = 8;
    private static final int ARCH_BYTES = 20;
    private static final int ARCH_64_BYTES = 32;
    /** CPU types of <mach/machine.h> by the names Apple's tools (lipo, file) give them. */
    private static final Map<Integer, String> CPU_TYPES = Map.of(7, "i386", 0x0100_0007, "x86_64", 12, "arm",
            0x0100_000c, "arm64", 0x0200_000c, "arm64_32", 18, "ppc", 0x0100_0012, "ppc64");

    /** One architecture's slice: where its Mach-O file lies in the universal file. */
    record Slice(String architecture, long offset, long size) {}

    /**
     * The slices the fat header in {@code head[0, length)} lists, by offset; empty when it is not a fat header, or
     * when its table runs past {@code length} bytes. Slices that overlap the header are left out; whether a slice fits
     * in the file is the reader's question.
     */
    static List<Slice> slices(byte[] head, int length) {
        if (length < HEADER_BYTES) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(head, 0, length).order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        if (magic != FAT_MAGIC && magic != FAT_MAGIC_64) {
            return List.of();
        }
        boolean is64 = magic == FAT_MAGIC_64;
        long count = Integer.toUnsignedLong(b.getInt(4));
        int entry = is64 ? ARCH_64_BYTES : ARCH_BYTES;
        long tableEnd = HEADER_BYTES + count * entry;
        if (count == 0 || count > BinaryLimits.MAX_FAT_ARCHITECTURES || tableEnd > length) {
            return List.of();
        }
        List<Slice> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = HEADER_BYTES + i * entry;
            int cpuType = b.getInt(at);
            long offset = is64 ? b.getLong(at + 8) : Integer.toUnsignedLong(b.getInt(at + 8));
            long size = is64 ? b.getLong(at + 16) : Integer.toUnsignedLong(b.getInt(at + 12));
            if (offset >= tableEnd && size > 0) {
                slices.add(new Slice(CPU_TYPES.getOrDefault(cpuType, "cpu-" + Integer.toHexString(cpuType)), offset, size));
            }
        }
        slices.sort(Comparator.comparingLong(Slice::offset));
        return List.copyOf(slices);
    }
}
