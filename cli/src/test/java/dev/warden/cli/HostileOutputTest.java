package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text from an image reaches the terminal only through the one sanitiser: escapes shown, lines bounded. */
class HostileOutputTest {

    @TempDir
    Path tmp;

    private static final String ESCAPES = "\\u001b[2J\\u001b]52;c;aGk=\\u0007";

    @Test
    void packageNamesWithTerminalEscapesAreShownEscapedInTheSbomTable() throws IOException {
        Path bom = Files.writeString(tmp.resolve("evil.cdx.json"), """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
                  {"type": "library", "name": "evil%s", "version": "1.0%s", "purl": "pkg:npm/evil@1.0"},
                  {"type": "library", "name": "nul\\u0000name", "version": "1", "purl": "pkg:npm/nul@1"}]}
                """.formatted(ESCAPES, ESCAPES));
        InProcessWarden.Run run = new InProcessWarden(tmp.resolve("cache")).run("sbom", "sbom://" + bom, "--format", "table");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("evil\\x1b[2J\\x1b]52;c;aGk=\\x07").contains("nul\\x00name")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u0000");
        assertThat(run.err()).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u0000");
    }

    @Test
    void errorLinesEscapeWhatTheyQuoteAndAreBounded() {
        InProcessWarden warden = new InProcessWarden(tmp.resolve("cache"));
        InProcessWarden.Run run = warden.run("sbom", "sbom://" + tmp + "/missing\u001b[2J\u0000.json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("missing\\x1b[2J").doesNotContain("\u001b").doesNotContain("\u0000");

        InProcessWarden.Run huge = warden.run("sbom", "sbom://" + tmp + "/" + "v".repeat(1_000_000) + ".json");
        assertThat(huge.exit()).isEqualTo(2);
        assertThat(huge.err().lines()).allSatisfy(l -> assertThat(l.length()).isLessThan(5_000))
                .anySatisfy(l -> assertThat(l).endsWith("more characters)"));
    }
}
