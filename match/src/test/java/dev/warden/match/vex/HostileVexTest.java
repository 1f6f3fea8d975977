package dev.warden.match.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and hostile documents: one clear WardenException line naming the file, never anything else. */
class HostileVexTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void assertRefused(Path file, String expected) {
        assertThatThrownBy(() -> VexDocuments.load(List.of(file)))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static final String OPENVEX_HEAD = "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"x\",\"statements\":";

    @ParameterizedTest
    @ValueSource(strings = {
            "not json at all|not valid JSON",
            "[1,2,3]|not a JSON object",
            "{\"hello\":1}|not an OpenVEX, CycloneDX or CSAF document",
            "OV{\"a\":1}|'statements' is not an array",
            "OV[{\"vulnerability\":{\"name\":\"CVE-1\"},\"products\":[\"pkg:npm/a\"],\"status\":\"maybe\"}]|unknown status 'maybe'",
            "OV[{\"vulnerability\":{\"name\":\"CVE-1\"},\"products\":[\"pkg:npm/a\"],\"status\":\"not_affected\",\"justification\":\"trust_me\"}]|unknown justification 'trust_me'",
            "OV[{\"vulnerability\":{\"name\":\"CVE-1\"},\"products\":[\"pkg:npm/a\"],\"status\":\"fixed\",\"timestamp\":\"yesterday\"}]|invalid timestamp 'yesterday'",
            "OV[{\"products\":[\"pkg:npm/a\"],\"status\":\"fixed\"}]|no vulnerability",
            "OV[{\"vulnerability\":{\"name\":\"CVE-1\"},\"products\":[42],\"status\":\"fixed\"}]|neither a string nor an object",
            "OV[7]|statement 1: not an object",
            "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"pwned\"}}]}|unknown analysis state 'pwned'",
            "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\",\"analysis\":{\"state\":\"not_affected\",\"justification\":\"vibes\"}}]}|unknown analysis justification 'vibes'",
            "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":{}}|'vulnerabilities' is not an array",
            "{\"document\":{\"csaf_version\":\"2.0\"},\"vulnerabilities\":[{\"cve\":\"CVE-1\",\"product_status\":{\"fixed\":\"P1\"}}]}|'fixed' is not an array",
    })
    void brokenDocuments(String row) throws IOException {
        String[] parts = row.split("\\|", 2);
        String content = parts[0].startsWith("OV") ? OPENVEX_HEAD + parts[0].substring(2) + "}" : parts[0];
        assertRefused(write("doc.json", content), parts[1]);
    }

    @Test
    void nestingBomb() throws IOException {
        String bomb = OPENVEX_HEAD + "[" + "[".repeat(100_000) + "]".repeat(100_000) + "]}";
        assertRefused(write("deep.json", bomb), "refused");
    }

    @Test
    void oversizedDocument() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(VexLimits.MAX_DOCUMENT_BYTES + 1); // sparse: costs no disk
        }
        assertRefused(big, "larger than " + VexLimits.MAX_DOCUMENT_BYTES + " bytes");
    }

    @Test
    void productFanOutIsBounded() throws IOException {
        StringBuilder products = new StringBuilder();
        for (int i = 0; i <= VexLimits.MAX_IDS_PER_STATEMENT; i++) {
            products.append(i == 0 ? "" : ",").append("\"pkg:npm/a").append(i).append('"');
        }
        assertRefused(write("fan.json", OPENVEX_HEAD + "[{\"vulnerability\":\"CVE-1\",\"status\":\"fixed\",\"products\":["
                + products + "]}]}"), "more than " + VexLimits.MAX_IDS_PER_STATEMENT);
    }

    @Test
    void missingInput() {
        assertRefused(dir.resolve("nope.json"), "no such file or directory");
    }

    @Test
    void directoryTakesOnlyItsOwnJsonFiles() throws IOException {
        Path vexDir = Files.createDirectories(dir.resolve("vex"));
        Files.writeString(vexDir.resolve("a.json"), OPENVEX_HEAD
                + "[{\"vulnerability\":\"CVE-1\",\"status\":\"fixed\",\"products\":[\"pkg:npm/a\"]}]}");
        Files.writeString(vexDir.resolve("notes.txt"), "not vex");
        Path outside = write("outside.json", OPENVEX_HEAD
                + "[{\"vulnerability\":\"CVE-2\",\"status\":\"fixed\",\"products\":[\"pkg:npm/b\"]}]}");
        Files.createSymbolicLink(vexDir.resolve("link.json"), outside);
        Path sub = Files.createDirectories(vexDir.resolve("sub"));
        Files.writeString(sub.resolve("c.json"), "broken");
        assertThat(VexDocuments.load(List.of(vexDir))).extracting(s -> s.vulnerability()).containsExactly("CVE-1");
    }

    @Test
    void sbomSourcesThatCannotCarryVexGiveNone() throws IOException {
        assertThat(VexDocuments.fromSbom(dir.resolve("missing.cdx.json")).statements()).isEmpty();
        assertThat(VexDocuments.fromSbom(write("spdx.spdx", "SPDXVersion: SPDX-2.3")).statements()).isEmpty();
        assertThat(VexDocuments.fromSbom(write("spdx.json", "{\"spdxVersion\":\"SPDX-2.3\"}")).statements()).isEmpty();
        Path big = dir.resolve("big.cdx.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(VexLimits.MAX_DOCUMENT_BYTES + 1);
        }
        VexDocuments.Loaded loaded = VexDocuments.fromSbom(big);
        assertThat(loaded.statements()).isEmpty();
        assertThat(loaded.warnings()).singleElement().asString().contains("not applied");
    }
}
