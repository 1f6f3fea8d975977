package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link GoSigns} on crafted starts of files: Go's build id note and text, and the build info magic's alignment. */
class GoSignsTest {
    private static byte[] with(int at, byte[] what) {
        byte[] head = new byte[BinaryLimits.FIRST_READ_BYTES];
        System.arraycopy(what, 0, head, at, what.length);
        return head;
    }

    @Test
    void theGoBuildIdNoteShowsGoInElfFilesOnlyWhere4Aligned() {
        byte[] le = {4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 'G', 'o', 0, 0}; // namesz, descsz, type 4, "Go"
        byte[] be = {0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 'G', 'o', 0, 0};
        assertThat(GoSigns.buildIdNear(with(0x100, le), BinaryLimits.FIRST_READ_BYTES, true)).isTrue();
        assertThat(GoSigns.buildIdNear(with(0x100, be), BinaryLimits.FIRST_READ_BYTES, true)).isTrue();
        assertThat(GoSigns.buildIdNear(with(0x102, le), BinaryLimits.FIRST_READ_BYTES, true)).isFalse();
        assertThat(GoSigns.buildIdNear(with(0x100, le), BinaryLimits.FIRST_READ_BYTES, false)).as("not ELF").isFalse();
        byte[] otherType = le.clone();
        otherType[8] = 3;
        assertThat(GoSigns.buildIdNear(with(0x100, otherType), BinaryLimits.FIRST_READ_BYTES, true)).isFalse();
    }

    @Test
    void theBuildIdTextShowsGoInAnyFormatWithinTheFirstBytes() {
        byte[] text = "\u00ff Go build ID: \"abc/def\"".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(GoSigns.buildIdNear(with(0x1003, text), BinaryLimits.FIRST_READ_BYTES, false)).isTrue();
        int past = BinaryLimits.BUILD_ID_BYTES - 5; // begins in the first bytes, ends after them
        assertThat(GoSigns.buildIdNear(with(past, new byte[0]), BinaryLimits.FIRST_READ_BYTES, false)).isFalse();
        byte[] head = new byte[BinaryLimits.BUILD_ID_BYTES + text.length];
        System.arraycopy(text, 0, head, past, text.length);
        assertThat(GoSigns.buildIdNear(head, head.length, false)).isFalse();
    }

    @Test
    void theBuildInfoMagicCountsOnlyAt16ByteAlignedPlaces() {
        assertThat(GoSigns.magicIn(with(0x40, GoBuildInfoDecoder.MAGIC), BinaryLimits.FIRST_READ_BYTES)).isTrue();
        assertThat(GoSigns.magicIn(with(0x48, GoBuildInfoDecoder.MAGIC), BinaryLimits.FIRST_READ_BYTES)).isFalse();
        assertThat(GoSigns.magicIn(with(0x40, GoBuildInfoDecoder.MAGIC), 0x40 + 4)).as("cut by the limit").isFalse();
    }
}
