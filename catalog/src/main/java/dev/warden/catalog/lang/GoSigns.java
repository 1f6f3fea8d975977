package dev.warden.catalog.lang;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether the start of an executable shows that it is Go, which decides how it is read: a file that shows it gets
 * the full pass with the old-format string index ({@link GoStringIndex}); one that does not may have its middle
 * skipped ({@link ElfSectionNames}). On bytes alone.
 */
final class GoSigns {
    private GoSigns() {}

    private static final Horspool BUILD_ID_TEXT = new Horspool("\u00ff Go build ID: \"".getBytes(StandardCharsets.ISO_8859_1));
    private static final byte[] NOTE_GO_LE = {4, 0, 0, 0, 'G', 'o', 0, 0}; // note type 4, name "Go"
    private static final byte[] NOTE_GO_BE = {0, 0, 0, 4, 'G', 'o', 0, 0};

    /**
     * Whether the first {@link BinaryLimits#BUILD_ID_BYTES} of {@code head[0, length)} show a Go build id: the ELF
     * note named "Go" of type 4 ({@code .note.go.buildid}, 4-aligned), or the {@code "\xff Go build ID: \""} text Go
     * puts at the start of the text of Mach-O and PE files.
     */
    static boolean buildIdNear(byte[] head, int length, boolean elf) {
        int end = Math.min(length, BinaryLimits.BUILD_ID_BYTES);
        boolean[] text = new boolean[1];
        BUILD_ID_TEXT.find(head, end, end, q -> text[0] = true); // every file is searched: skips, not every byte
        if (text[0]) {
            return true;
        }
        if (elf) {
            for (int i = 12; i + 4 <= end; i += 4) {
                if (head[i] == 'G' && head[i + 1] == 'o' && head[i + 2] == 0 && head[i + 3] == 0
                        && (matches(head, length, i - 4, NOTE_GO_LE) || matches(head, length, i - 4, NOTE_GO_BE))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the build info magic is at a 16-byte aligned place in {@code bytes[0, limit)}. */
    static boolean magicIn(byte[] bytes, int limit) {
        for (int p = 0; p < limit; p += GoBuildInfoDecoder.ALIGN) {
            if (bytes[p] == GoBuildInfoDecoder.MAGIC[0] && matches(bytes, limit, p, GoBuildInfoDecoder.MAGIC)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code pattern} lies at {@code at} wholly within {@code bytes[0, length)}. */
    static boolean matches(byte[] bytes, int length, int at, byte[] pattern) {
        if (at + pattern.length > length) {
            return false;
        }
        return Arrays.equals(bytes, at, at + pattern.length, pattern, 0, pattern.length);
    }
}
