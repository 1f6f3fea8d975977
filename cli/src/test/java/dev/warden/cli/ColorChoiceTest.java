package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** --color and NO_COLOR (no-color.org): auto colours a terminal unless NO_COLOR is non-empty; the flag wins over the variable. */
class ColorChoiceTest {

    @Test
    void autoNeedsATerminalAndNoNoColor() {
        assertThat(ColorChoice.AUTO.enabled(true, null)).isTrue();
        assertThat(ColorChoice.AUTO.enabled(true, "")).as("empty NO_COLOR is unset").isTrue();
        assertThat(ColorChoice.AUTO.enabled(true, "1")).isFalse();
        assertThat(ColorChoice.AUTO.enabled(false, null)).isFalse();
    }

    @Test
    void explicitChoicesWin() {
        assertThat(ColorChoice.ALWAYS.enabled(false, "1")).isTrue();
        assertThat(ColorChoice.NEVER.enabled(true, null)).isFalse();
    }

    @Test
    void testsDoNotRunOnATerminal() {
        // surefire's forked JVM has no terminal: auto must stay plain there (and in CI logs)
        assertThat(ColorChoice.stdoutIsTerminal()).isFalse();
    }
}
