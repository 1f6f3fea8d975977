package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void terminalEscapesNulsAndBidiOverridesBecomeVisible() {
        assertThat(SafeText.clean("libc\u001b[2J")).isEqualTo("libc\\x1b[2J");
        assertThat(SafeText.clean("x\u001b]52;c;aGk=\u0007")).isEqualTo("x\\x1b]52;c;aGk=\\x07");
        assertThat(SafeText.clean("pkg:npm/a\u0000b")).isEqualTo("pkg:npm/a\\x00b");
        assertThat(SafeText.clean("a\u009b2J")).isEqualTo("a\\x9b2J");
        assertThat(SafeText.clean("evil\u202egnp.exe")).isEqualTo("evil\\u202egnp.exe");
        assertThat(SafeText.clean("two\nlines")).isEqualTo("two\\x0alines");
        assertThat(SafeText.cleanLines("two\nlines\u001b")).isEqualTo("two\nlines\\x1b");
        assertThat(SafeText.clean("zlib1g 1:1.2.13.dfsg-1 café ✓")).isEqualTo("zlib1g 1:1.2.13.dfsg-1 café ✓");
        assertThat(SafeText.clean(null)).isNull();
    }

    @Test
    void quotesAreBounded() {
        String huge = "9".repeat(1_000_000);
        assertThat(SafeText.quote(huge)).hasSize(SafeText.MAX_QUOTED_CHARS + "...(999800 more characters)".length())
                .endsWith("...(999800 more characters)");
        assertThat(SafeText.quote("short")).isEqualTo("short");
    }
}
