package dev.warden.catalog.lang;

import dev.warden.catalog.lang.ExecutableScan.Result;
import dev.warden.catalog.lang.ExecutableScan.Section;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Names an ELF file's sections without reading its middle: a distribution's thousands of ELF files are almost never
 * Go or cargo-auditable, and their section names say so. Where the names are decides what is read: both tables in
 * the first read ({@link #inFirstBlock}); the table at the end with the names just before it or after it
 * ({@link #atTheEnd}: a window before the table, the table, names after it); the names far before the table, as lld
 * leaves them ({@link ReadPlan.Names}, carried out by {@link #names}). Anything else asks for the whole read.
 * Reads through {@link ExecutableReader}; what the tables say is {@link ElfSectionTable}'s.
 */
final class ElfSectionNames {
    private ElfSectionNames() {}

    /**
     * The sections of a file whose section table and name table both lie in the first {@code length} bytes, in
     * {@code head} (most of a distribution's programs and libraries, which are smaller than a block); null when the
     * names lie beyond them (Go's own linker puts the table at the start and the names in the middle).
     */
    static ElfSectionTable.Named inFirstBlock(ExecutableHeaders.ElfSections t, byte[] head, int length, long size) {
        ByteBuffer table = ByteBuffer.wrap(head, (int) t.offset(), (int) t.tableBytes()).slice().order(t.order());
        Section names = ElfSectionTable.nameTable(t, table, size).orElse(null);
        if (names == null || names.offset() > length - names.size()) {
            return null;
        }
        return ElfSectionTable.named(t, table, head, (int) names.offset(), (int) names.size());
    }

    /**
     * Reads only the end of an ELF file after its first read: the {@link BinaryLimits#NAME_TABLE_WINDOW_BYTES} before
     * the section header table (into the reader's buffer) and the table, then the section names as the name table
     * gives them. The bytes skipped are never searched.
     */
    static Result atTheEnd(ExecutableReader reader, ExecutableHeaders headers, ExecutableHeaders.ElfSections t, long size)
            throws IOException {
        // Section names lie in the non-loaded part of the file, after the segments' bytes (where strip leaves only
        // .shstrtab: a few hundred bytes); the window starts there, and at most NAME_TABLE_WINDOW_BYTES before the table
        long loadedEnd = 0;
        for (ExecutableHeaders.Segment segment : headers.segments()) {
            if (segment.fileOffset() >= 0 && segment.fileSize() >= 0 && segment.fileOffset() <= t.offset() - segment.fileSize()) {
                loadedEnd = Math.max(loadedEnd, segment.fileOffset() + segment.fileSize());
            }
        }
        long windowStart = Math.max(reader.position(), Math.max(loadedEnd, t.offset() - BinaryLimits.NAME_TABLE_WINDOW_BYTES));
        int windowLength = (int) (t.offset() - windowStart); // at most NAME_TABLE_WINDOW_BYTES, less than the buffer
        reader.window(windowStart, windowLength, "the section name window");
        ByteBuffer table = ByteBuffer.wrap(reader.bytes(t.offset(), (int) t.tableBytes(), "the section header table")).order(t.order());
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
            names = reader.buffer();
            namesAt = (int) (namesOffset - windowStart);
        } else if (namesOffset >= tableEnd && namesSize <= BinaryLimits.MAX_ELF_NAME_TABLE_BYTES) {
            names = reader.bytes(namesOffset, (int) namesSize, "the section name table");
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

    /**
     * What a {@link ReadPlan.Names} asks for: the ELF header, the name table and the section table of a file of
     * {@code size} bytes, skipping all else; the result names a {@code .dep-v0} section, or asks for a whole read when
     * a Go section is there; null when the file is not the one the first read saw.
     */
    static Result names(ExecutableReader reader, long size, Section nameTable) throws IOException {
        int length = reader.first(BinaryLimits.ELF_HEADER_READ_BYTES);
        ExecutableHeaders headers = ExecutableHeaders.parse(reader.buffer(), length);
        ExecutableHeaders.ElfSections t = headers == null ? null : headers.elfSections();
        long namesEnd = nameTable.offset() + nameTable.size(); // both bounded by the first read
        if (headers == null || headers.format() != ExecutableHeaders.Format.ELF || !ElfSectionTable.valid(t)
                || nameTable.offset() < length || namesEnd > t.offset() || t.offset() > size - t.tableBytes()) {
            return null; // not the file the first read saw
        }
        byte[] names = reader.bytes(nameTable.offset(), (int) nameTable.size(), "the section name table");
        ByteBuffer table = ByteBuffer.wrap(reader.bytes(t.offset(), (int) t.tableBytes(), "the section header table")).order(t.order());
        if (!ElfSectionTable.nameTable(t, table, size).equals(Optional.of(nameTable))) {
            return null; // the file changed since the first read
        }
        ElfSectionTable.Named named = ElfSectionTable.named(t, table, names, 0, names.length);
        return new Result(headers.format(), null, null, named.depV0(), named.go() ? ReadPlan.WHOLE : ReadPlan.DONE);
    }

    /**
     * The sections of a file of this machine ({@code size} bytes), its section table {@code t} and name table read by
     * positional reads wherever they lie; null when the name table makes no sense or lies past the limit.
     */
    static ElfSectionTable.Named located(FileChannel file, long size, ExecutableHeaders.ElfSections t) throws IOException {
        if (!ElfSectionTable.valid(t) || t.offset() < 0 || t.offset() > size - t.tableBytes()) {
            return null;
        }
        byte[] tableBytes = GoBuildInfoAt.bytes(file, t.offset(), (int) t.tableBytes());
        if (tableBytes.length < t.tableBytes()) {
            return null; // the file shrank since it was listed
        }
        ByteBuffer table = ByteBuffer.wrap(tableBytes).order(t.order());
        Section nameTable = ElfSectionTable.nameTable(t, table, size).orElse(null);
        if (nameTable == null || nameTable.size() > BinaryLimits.MAX_ELF_NAME_TABLE_BYTES) {
            return null;
        }
        byte[] names = GoBuildInfoAt.bytes(file, nameTable.offset(), (int) nameTable.size());
        return ElfSectionTable.named(t, table, names, 0, names.length);
    }
}
