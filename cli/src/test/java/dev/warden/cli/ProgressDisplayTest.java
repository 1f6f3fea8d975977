package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.progress.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two progress displays, ticked by hand against a clock the test moves: no test waits ten seconds. */
class ProgressDisplayTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StatusLine line = new StatusLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L); // any origin: only differences count
    private final ProgressCounters counters = new ProgressCounters();

    private ProgressDisplay display(ProgressDisplay.Mode mode, int width) {
        return new ProgressDisplay(counters, line, mode, Duration.ofSeconds(10), nanos::get, width);
    }

    private void after(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logPrintsOneLineEachPeriodWithTheCounters() {
        ProgressDisplay log = display(ProgressDisplay.Mode.LOG, 80);
        counters.phase(Phase.READ);
        counters.layer(1, 3);
        counters.files(900);
        after(Duration.ofMillis(9_999));
        log.tick();
        assertThat(printed()).as("before the period").isEmpty();

        counters.phase(Phase.CATALOGUE);
        counters.layer(2, 3);
        counters.files(600);
        counters.packages(42);
        after(Duration.ofMillis(1));
        log.tick();
        assertThat(printed()).isEqualTo("warden: cataloguing, layer 2/3, 1,500 files, 42 packages, 10s" + System.lineSeparator());

        after(Duration.ofSeconds(5));
        log.tick();
        assertThat(printed().lines()).as("not again before the next period").hasSize(1);

        counters.phase(Phase.MATCH);
        counters.toMatch(42);
        counters.matched(40);
        after(Duration.ofSeconds(5));
        log.tick();
        log.close();
        assertThat(printed().lines()).containsExactly("warden: cataloguing, layer 2/3, 1,500 files, 42 packages, 10s",
                "warden: matching, 1,500 files, 42 packages, 40/42 matched, 20s");
        assertThat(printed()).doesNotContain("\r", "\033");
    }

    @Test
    void aRunShorterThanThePeriodPrintsNothing() {
        ProgressDisplay log = display(ProgressDisplay.Mode.LOG, 80);
        counters.phase(Phase.CATALOGUE);
        counters.files(10);
        for (int i = 0; i < 9; i++) {
            after(Duration.ofSeconds(1));
            log.tick();
        }
        log.close();
        assertThat(printed()).isEmpty();
    }

    @Test
    void terminalRewritesOneLineAndErasesItAtTheEnd() {
        ProgressDisplay bar = display(ProgressDisplay.Mode.TERMINAL, 50);
        counters.phase(Phase.CATALOGUE);
        counters.layer(3, 7);
        counters.files(12_345);
        after(Duration.ofMillis(500));
        bar.tick();
        assertThat(printed()).as("a quick command draws nothing").isEmpty();
        after(Duration.ofMillis(700));
        bar.tick();
        counters.packages(87);
        after(Duration.ofMillis(200));
        bar.tick();
        bar.close();
        String e = StatusLine.ERASE;
        assertThat(printed()).isEqualTo(e + "cataloguing, layer 3/7, 12,345 files, 1s" + e
                + "cataloguing, layer 3/7, 12,345 files, 87 packa..." + e);
        assertThat(printed()).doesNotContain("\n");
        for (String drawn : printed().split(java.util.regex.Pattern.quote(e))) {
            assertThat(drawn.length()).as("fits 50 columns with one to spare").isLessThanOrEqualTo(49);
        }
    }

    @Test
    void aRunThatReportsNothingShowsNothing() {
        ProgressDisplay bar = display(ProgressDisplay.Mode.TERMINAL, 80);
        ProgressDisplay log = display(ProgressDisplay.Mode.LOG, 80);
        after(Duration.ofSeconds(30));
        bar.tick();
        log.tick();
        assertThat(printed()).isEmpty();
    }

    @Test
    void aMessageErasesTheLineAndAReportStopsIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var results = line.results(new PrintStream(out, true, StandardCharsets.UTF_8));
        line.draw("matching, 10s");
        line.messages().write("warden: warning: x\n".getBytes(StandardCharsets.UTF_8));
        line.draw("matching, 11s");
        results.write("{}\n".getBytes(StandardCharsets.UTF_8));
        line.draw("writing the report, 12s");
        String e = StatusLine.ERASE;
        assertThat(printed()).isEqualTo(e + "matching, 10s" + e + "warden: warning: x\n" + e + "matching, 11s" + e);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("stdout as written").isEqualTo("{}\n");
    }

    @Test
    void bytesOfATaskShowAsAShare() {
        counters.phase(Phase.PULL);
        counters.start("pull sha256:0123456789ab", 4L << 20);
        counters.advance(1L << 20);
        assertThat(ProgressLine.of(counters.snapshot(), Duration.ofSeconds(75)))
                .isEqualTo("pulling, pull sha256:0123456789ab 25% (1.0 MiB / 4.0 MiB), 1m15s");
        counters.done();
        assertThat(ProgressLine.of(counters.snapshot(), Duration.ofSeconds(75))).isEqualTo("pulling, 1m15s");
        counters.phase(Phase.READ);
        counters.start("reading fs:/", -1);
        counters.files(3);
        assertThat(ProgressLine.of(counters.snapshot(), Duration.ofSeconds(76))).isEqualTo("reading layers, 3 files, 1m16s");
        counters.advance(5000);
        assertThat(ProgressLine.of(counters.snapshot(), Duration.ofSeconds(76)))
                .isEqualTo("reading layers, 3 files, reading fs:/ 4.9 KiB read, 1m16s");
    }

    @Test
    void bytesOfAStreamWithoutALengthShowAsBytesRead() {
        counters.phase(Phase.PULL);
        counters.start("the engine's export", -1);
        assertThat(ProgressLine.of(counters.snapshot(), Duration.ofSeconds(3))).isEqualTo("pulling, 3s");
        counters.advance(120L << 20);
        assertThat(ProgressLine.of(counters.snapshot(), Duration.ofSeconds(4)))
                .isEqualTo("pulling, the engine's export 120.0 MiB read, 4s");
    }
}
