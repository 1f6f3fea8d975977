package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.warden.core.Sbom;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link SbomWriter#prepare} is a head start only: it never fails, writes nothing anywhere a caller sees, and a write
 * after it is the same as one before it; and its sample uses what it is meant to warm (nesting, licences, a source).
 */
class SbomWriterPrepareTest {

    @Test
    void prepareChangesNothingAWriteProduces() throws IOException {
        Sbom sbom = SbomFixtures.debianWithApp();
        for (SbomFormat format : SbomFormat.values()) {
            SbomWriter writer = format.writer(Tool.warden());
            String before = write(writer, sbom);
            assertThatCode(writer::prepare).as(format.cliName()).doesNotThrowAnyException();
            assertThat(write(writer, sbom)).as(format.cliName()).isEqualTo(before);
        }
    }

    @Test
    void aWriterThatFailsDoesNotFailItsPreparation() {
        SbomWriter failing = (sbom, out) -> {
            throw new IOException("disk full");
        };
        SbomWriter throwing = (sbom, out) -> {
            throw new IllegalStateException("bug");
        };
        assertThatCode(failing::prepare).doesNotThrowAnyException();
        assertThatCode(throwing::prepare).doesNotThrowAnyException();
    }

    @Test
    void theSampleReachesEveryPartOfTheCycloneDxDocument() throws IOException {
        String json = write(SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()), PrepareSample.sbom());
        assertThat(json).contains("\"container\"", "\"operating-system\"", "\"licenses\"", "\"expression\"",
                "\"properties\"", "pkg:deb/debian/zlib1g", "pkg:maven/org.example/example@1.0");
        // the jar is nested under the package that owns it
        assertThat(json.indexOf("pkg:maven/org.example/example@1.0")).isGreaterThan(json.indexOf("\"components\" : [", json.indexOf("pkg:deb/debian/zlib1g")));
    }

    private static String write(SbomWriter writer, Sbom sbom) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(sbom, out);
        return out.toString(StandardCharsets.UTF_8).replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME");
    }
}
