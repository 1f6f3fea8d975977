package dev.warden.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SafeTextWriterTest {

    @Test
    void linesKeepTheirBreaksLoseTheirEscapesAndAreCut() {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(new SafeTextWriter(out))) {
            w.println("warden: bad\u001b[2J name\tx");
            w.print("v".repeat(SafeTextWriter.MAX_LINE_CHARS + 10));
            w.println();
            w.println("next");
        }
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).isEqualTo("warden: bad\\x1b[2J name\tx");
        assertThat(lines[1]).isEqualTo("v".repeat(SafeTextWriter.MAX_LINE_CHARS) + "...(10 more characters)");
        assertThat(lines[2]).isEqualTo("next");
    }
}
