package dev.warden.vulndb.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.RecordSink;
import dev.warden.vulndb.feed.FeedFormats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Feed files as an attacker writes them: every reader either reads records or refuses the file with a
 * WardenException; any other exception (or a hang, or running out of memory) is a finding. Regression mode (every
 * build) replays the checked-in inputs under src/test/resources/dev/warden/vulndb/fuzz/FeedFuzzTestInputs/;
 * {@code JAZZER_FUZZ=1} (bench/fuzz.sh) fuzzes for each target's maxDuration.
 */
class FeedFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void osvJson(byte[] input) {
        read(FeedKind.OSV, "record.json", input);
    }

    @FuzzTest(maxDuration = "30s")
    void osvYaml(byte[] input) {
        read(FeedKind.OSV, "record.yaml", input);
    }

    @FuzzTest(maxDuration = "30s")
    void debianTracker(byte[] input) {
        read(FeedKind.DEBIAN_TRACKER, "tracker.json", input);
    }

    @FuzzTest(maxDuration = "30s")
    void nvd(byte[] input) {
        read(FeedKind.NVD, "nvd.json", input);
    }

    @FuzzTest(maxDuration = "30s")
    void alpineSecdb(byte[] input) {
        read(FeedKind.ALPINE_SECDB, "main.yaml", input);
    }

    @FuzzTest(maxDuration = "30s")
    void kev(byte[] input) {
        read(FeedKind.KEV, "kev.json", input);
    }

    @FuzzTest(maxDuration = "30s")
    void epss(byte[] input) {
        read(FeedKind.EPSS, "epss.csv", input);
    }

    private static void read(FeedKind kind, String name, byte[] input) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("warden-fuzz-");
            Path file = Files.write(dir.resolve(name), input);
            FeedFormats.reader(kind).read(file, new Discard());
        } catch (WardenException e) {
            // refused with a user-facing line: what hostile input should get
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                    Files.delete(dir);
                } catch (IOException ignored) {
                    // a temp folder left behind is not a finding
                }
            }
        }
    }

    /** Takes every record and warning and keeps nothing: the reader's own work is what is fuzzed. */
    private static final class Discard implements RecordSink {
        @Override
        public void advisory(Advisory a, String origin) {}

        @Override
        public void kev(KevEntry e) {}

        @Override
        public void epss(EpssEntry e) {}

        @Override
        public void nvd(NvdEntry e) {}

        @Override
        public void warn(String message) {}
    }
}
