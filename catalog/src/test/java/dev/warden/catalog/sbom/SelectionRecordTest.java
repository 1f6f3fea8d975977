package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.CatalogSelection;
import dev.warden.core.Sbom;
import dev.warden.core.SbomSelection;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** --catalogers/--skip-dirs/--skip-files are recorded in every SBOM format and read back, so a partial SBOM stays partial. */
class SelectionRecordTest {
    private static final SbomSelection PARTIAL = new CatalogSelection(List.of("os", "java-archive"),
            List.of("/usr/share/doc", "**/node_modules"), List.of("**/*.jar")).recorded();

    @ParameterizedTest
    @EnumSource(value = SbomFormat.class, names = {"CYCLONEDX_JSON", "SPDX_JSON", "JSON"})
    void aPartialSbomReadsBackPartialWithItsSelection(SbomFormat format) throws IOException {
        Sbom original = SbomFixtures.debianWithApp().withSelection(PARTIAL);
        Sbom read = new SbomReader().read(SbomWritersTest.write(format, original), "partial." + format.cliName());

        assertThat(read.selection()).isEqualTo(PARTIAL);
        assertThat(read.selection().caveat()).hasValueSatisfying(c -> assertThat(c)
                .startsWith("PARTIAL SBOM: catalogued with --catalogers os,java-archive --skip-dirs /usr/share/doc "
                        + "--skip-dirs **/node_modules --skip-files **/*.jar"));
        RoundTripTest.assertSamePackages(read, original);
    }

    @ParameterizedTest
    @EnumSource(value = SbomFormat.class, names = {"CYCLONEDX_JSON", "SPDX_JSON", "JSON"})
    void aWholeSbomReadsBackWhole(SbomFormat format) throws IOException {
        Sbom read = new SbomReader().read(SbomWritersTest.write(format, SbomFixtures.debianWithApp()), "whole." + format.cliName());

        assertThat(read.selection()).isEqualTo(SbomSelection.ALL);
        assertThat(read.selection().caveat()).isEmpty();
    }

    @Test
    void cycloneDxCarriesOneMetadataPropertyPerEntryAndStaysValid() throws IOException {
        byte[] json = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, SbomFixtures.debianWithApp().withSelection(PARTIAL));
        SchemaValidation.assertValidCycloneDx16(json);
        List<String> props = new ArrayList<>();
        new ObjectMapper().readTree(json).path("metadata").path("properties")
                .forEach(p -> props.add(p.path("name").asText() + "=" + p.path("value").asText()));
        assertThat(props).containsExactly("warden:selection:catalogers=os", "warden:selection:catalogers=java-archive",
                "warden:selection:skip-dirs=/usr/share/doc", "warden:selection:skip-dirs=**/node_modules",
                "warden:selection:skip-files=**/*.jar");
    }

    @Test
    void spdxSaysItInTheCreationCommentAndStaysValid() throws IOException {
        byte[] json = SbomWritersTest.write(SbomFormat.SPDX_JSON, SbomFixtures.debianWithApp().withSelection(PARTIAL));
        SchemaValidation.assertValidSpdx23(json);
        String comment = new ObjectMapper().readTree(json).path("creationInfo").path("comment").asText();
        assertThat(comment).startsWith("PARTIAL SBOM: catalogued with --catalogers os,java-archive")
                .contains("\nwarden:selection:skip-dirs=**/node_modules\n");
    }

    @Test
    void aWholeSbomWritesNoSelection() throws IOException {
        JsonNode cdx = new ObjectMapper().readTree(SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, SbomFixtures.debianWithApp()));
        JsonNode spdx = new ObjectMapper().readTree(SbomWritersTest.write(SbomFormat.SPDX_JSON, SbomFixtures.debianWithApp()));
        assertThat(cdx.path("metadata").has("properties")).isFalse();
        assertThat(spdx.path("creationInfo").has("comment")).isFalse();
    }

    @Test
    void wordsThatKeepEveryCatalogerAreNotAPartialSbom() {
        assertThat(new CatalogSelection(List.of("all"), List.of(), List.of()).recorded().partial()).isFalse();
        assertThat(new CatalogSelection(List.of("os", "language"), List.of(), List.of()).recorded().partial()).isFalse();
        assertThat(new CatalogSelection(List.of("-npm"), List.of(), List.of()).recorded().catalogers()).containsExactly("-npm");
    }

    @Test
    void theTableEndsWithTheWarning() throws IOException {
        String table = new String(SbomWritersTest.write(SbomFormat.TABLE, SbomFixtures.debianWithApp().withSelection(PARTIAL)),
                StandardCharsets.UTF_8);
        assertThat(table.lines().reduce((a, b) -> b)).hasValueSatisfying(last -> assertThat(last).startsWith("WARNING: PARTIAL SBOM:"));
        String whole = new String(SbomWritersTest.write(SbomFormat.TABLE, SbomFixtures.debianWithApp()), StandardCharsets.UTF_8);
        assertThat(whole).doesNotContain("PARTIAL");
    }

    @Test
    void aDocumentClaimingThousandsOfEntriesIsRefused() {
        StringBuilder props = new StringBuilder();
        for (int i = 0; i <= SbomSelection.MAX_ENTRIES; i++) {
            props.append(i == 0 ? "" : ",").append("{\"name\":\"warden:selection:skip-files\",\"value\":\"f").append(i).append("\"}");
        }
        String doc = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"metadata\":{\"properties\":[" + props + "]},\"components\":[]}";
        assertThatThrownBy(() -> new SbomReader().read(doc.getBytes(StandardCharsets.UTF_8), "hostile.cdx.json"))
                .isInstanceOf(WardenException.class).hasMessageContaining("hostile.cdx.json").hasMessageContaining("warden:selection:");
    }
}
