package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link DepV0Names} fed blocks of crafted ELF files: the name is looked for only near the section table. */
class DepV0NamesTest {
    private static final int SIZE = 3 << 20;
    private static final int TABLE = SIZE - 512;

    private static DepV0Names names(byte[] file) {
        return DepV0Names.of(ExecutableHeaders.parse(file, 64).elfSections(), file.length);
    }

    @Test
    void theNameBeforeTheTableNamesTheSection() {
        byte[] file = ElfFiles.elf(SIZE, 0x1000, ".dep-v0", TABLE - 100, TABLE);
        DepV0Names names = names(file);
        names.block(file, 0, file.length, file.length);
        assertThat(names.section()).isEqualTo(ElfFiles.SECTION);
    }

    @Test
    void aNameFarBeforeTheTableIsNotLookedFor() {
        byte[] file = ElfFiles.elf(SIZE, 0x1000, ".dep-v0", 0x2000, TABLE);
        DepV0Names names = names(file);
        names.block(file, 0, file.length, file.length);
        assertThat(names.section()).isNull();
    }

    @Test
    void aNameAcrossTheEdgeOfABlockIsSeenThroughTheOverlap() {
        byte[] file = ElfFiles.elf(SIZE, 0x1000, ".dep-v0", TABLE - 100, TABLE);
        int edge = TABLE - 100 + 4; // inside ".dep-v0"
        DepV0Names names = names(file);
        names.block(Arrays.copyOf(file, edge + BinaryLimits.OVERLAP), 0, edge + BinaryLimits.OVERLAP, edge);
        assertThat(names.section()).as("the table has not come yet").isNull();
        byte[] rest = Arrays.copyOfRange(file, edge, file.length);
        names.block(rest, edge, rest.length, rest.length);
        assertThat(names.section()).isEqualTo(ElfFiles.SECTION);
    }

    @Test
    void noTableOrATableOverTheLimitGivesNoSearch() {
        assertThat(DepV0Names.of(null, SIZE)).isNull();
        ExecutableHeaders.ElfSections huge = new ExecutableHeaders.ElfSections(true, java.nio.ByteOrder.LITTLE_ENDIAN, 0, 64,
                (int) (BinaryLimits.MAX_ELF_SECTION_TABLE_BYTES / 64) + 1, 1);
        assertThat(DepV0Names.of(huge, SIZE)).isNull();
    }
}
