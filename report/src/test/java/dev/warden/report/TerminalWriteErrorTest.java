package dev.warden.report;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.finding.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The terminal formats print through a PrintWriter, which keeps write errors to itself: a stream that fails (a full
 * disk, /dev/full) must fail the write, whether it fails at once or part-way through.
 */
class TerminalWriteErrorTest {

    /** A stream that takes {@code room} bytes and then fails, as a full disk does. */
    private static OutputStream fullAfter(int room) {
        return new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (written == room) {
                    throw new IOException("No space left on device");
                }
                written++;
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void theTableFailsWhenItsStreamFails(int room) {
        Report report = Report.of(SampleScans.mixed(), ReportOptions.DEFAULT);
        assertThatThrownBy(() -> new TableFormat().write(report, fullAfter(room)))
                .isInstanceOf(IOException.class).hasMessage("write failed");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void theComparisonTableFailsWhenItsStreamFails(int room) {
        ScanResult scan = SampleScans.mixed();
        Comparison comparison = Comparison.of(scan, scan);
        assertThatThrownBy(() -> ComparisonFormat.byId("table").write(comparison, fullAfter(room)))
                .isInstanceOf(IOException.class).hasMessage("write failed");
    }

    @Test
    void aStreamWithRoomEnoughTakesBothTables() throws IOException {
        ScanResult scan = SampleScans.mixed();
        new TableFormat().write(Report.of(scan, ReportOptions.DEFAULT), fullAfter(1 << 20));
        ComparisonFormat.byId("table").write(Comparison.of(scan, scan), fullAfter(1 << 20));
    }
}
