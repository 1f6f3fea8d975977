package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link ElfSectionNames} on crafted ELF files: what it reads of them, the plan it gives, the section it names. */
class ElfSectionNamesTest {
    private static final int BIG = 3 << 20;

    /** The first read of {@code file}, as {@link ExecutableScan} makes it, and the end's names read after it. */
    private static ExecutableScan.Result atTheEnd(byte[] file) throws IOException {
        ExecutableReader reader = new ExecutableReader(new ByteArrayInputStream(file), ExecutableReader.newBuffer());
        int length = reader.first(BinaryLimits.FIRST_READ_BYTES);
        ExecutableHeaders headers = ExecutableHeaders.parse(reader.buffer(), length);
        return ElfSectionNames.atTheEnd(reader, headers, headers.elfSections(), file.length);
    }

    @Test
    void bothTablesInTheFirstReadNameTheSectionFromItsBytes() {
        byte[] file = ElfFiles.elf(8 << 10, 0x800, ".dep-v0", 0x1000, 0x1100);
        ExecutableHeaders headers = ExecutableHeaders.parse(file, file.length);
        assertThat(ElfSectionNames.inFirstBlock(headers.elfSections(), file, file.length, file.length))
                .isEqualTo(new ElfSectionTable.Named(ElfFiles.SECTION, false));
        // the names lie past the bytes given: not named here
        assertThat(ElfSectionNames.inFirstBlock(headers.elfSections(), file, 0x1004, file.length)).isNull();
    }

    @Test
    void namesJustBeforeTheTableAtTheEndAreReadWithIt() throws IOException {
        byte[] file = ElfFiles.elf(200 << 10, 0x1000, ".dep-v0", (200 << 10) - 1024, (200 << 10) - 512);
        ExecutableScan.Result result = atTheEnd(file);
        assertThat(result.depV0()).isEqualTo(ElfFiles.SECTION);
        assertThat(result.next()).isEqualTo(ReadPlan.DONE);
    }

    @Test
    void aGoSectionAsksForTheWholeRead() throws IOException {
        byte[] file = ElfFiles.elf(200 << 10, 0x1000, ".go.buildinfo", (200 << 10) - 1024, (200 << 10) - 512);
        assertThat(atTheEnd(file).next()).isEqualTo(ReadPlan.WHOLE);
    }

    @Test
    void namesAfterTheTableAreReadBySkippingToThem() throws IOException {
        byte[] file = ElfFiles.elf(200 << 10, 0x1000, ".dep-v0", (200 << 10) - 256, (200 << 10) - 1024);
        assertThat(atTheEnd(file).depV0()).isEqualTo(ElfFiles.SECTION);
    }

    @Test
    void namesFarBeforeTheTableArePlannedThenReadOnTheirOwn() throws IOException {
        byte[] file = ElfFiles.elf(BIG, 0x1000, ".dep-v0", 0x2000, BIG - 512);
        ExecutableScan.Result first = atTheEnd(file);
        assertThat(first.depV0()).isNull();
        assertThat(first.next()).isEqualTo(new ReadPlan.Names(new ExecutableScan.Section(0x2000, ElfFiles.names(".dep-v0").length)));
        ExecutableScan.Section nameTable = ((ReadPlan.Names) first.next()).nameTable();

        ExecutableScan.Result named = ElfSectionNames.names(
                new ExecutableReader(new ByteArrayInputStream(file), ExecutableReader.newBuffer()), file.length, nameTable);
        assertThat(named.depV0()).isEqualTo(ElfFiles.SECTION);
        assertThat(named.next()).isEqualTo(ReadPlan.DONE);

        // another file under the same name by the time of the second read: nothing is believed
        byte[] changed = ElfFiles.elf(BIG, 0x1000, ".dep-v0", 0x3000, BIG - 512);
        assertThat(ElfSectionNames.names(new ExecutableReader(new ByteArrayInputStream(changed), ExecutableReader.newBuffer()),
                changed.length, nameTable)).isNull();
    }

    @Test
    void aNameTableAcrossTheWindowsEdgeAsksForTheWholeRead() throws IOException {
        int tableAt = BIG - 512;
        long windowStart = tableAt - BinaryLimits.NAME_TABLE_WINDOW_BYTES;
        byte[] file = ElfFiles.elf(BIG, 0x1000, ".dep-v0", (int) windowStart - 4, tableAt);
        assertThat(atTheEnd(file).next()).isEqualTo(ReadPlan.WHOLE);
    }
}
