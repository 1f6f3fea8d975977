package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.warden.core.Sbom;
import dev.warden.core.finding.ScanResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReportFormat#prepare} is a head start only: it never fails and a write after it is byte for byte the same. */
class ReportFormatPrepareTest {
    @Test
    void prepareChangesNothingAWriteProduces() throws Exception {
        ScanResult scan = new ScanResult(new Sbom(null, null, List.of(), List.of("a warning")), List.of(), null,
                Instant.parse("2026-11-29T00:00:00Z"), List.of("a warning"));
        Report report = Report.of(scan, ReportOptions.DEFAULT);
        for (ReportFormat format : ReportFormats.all()) {
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            format.write(report, before);
            assertThatCode(format::prepare).as(format.id()).doesNotThrowAnyException();
            ByteArrayOutputStream after = new ByteArrayOutputStream();
            format.write(report, after);
            assertThat(stable(after)).as(format.id()).isEqualTo(stable(before));
        }
    }

    /** The output without what differs between any two writes: a CycloneDX serial number, the time it was written. */
    private static String stable(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).replaceAll("urn:uuid:[0-9a-f-]{36}", "urn:uuid:X")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME");
    }
}
