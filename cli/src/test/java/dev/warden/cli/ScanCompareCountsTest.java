package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scan} and {@code compare} count one source the same way: per severity, total, fixable and suppressed, with an
 * ignore file setting one finding aside. The source pins urllib3 1.24.1 and requests 2.19.0, whose advisories the
 * shipped snapshot holds in full (the whole PyPA database).
 */
class ScanCompareCountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path shared;

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--home", shared.resolve("home").toString()));
        all.addAll(List.of(args));
        Run run = new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    @Test
    void scanAndCompareCountTheSameFindings() throws Exception {
        Path a = Files.createDirectories(shared.resolve("a"));
        Files.writeString(a.resolve("requirements.txt"), "urllib3==1.24.1\nrequests==2.19.0\n");
        Path b = Files.createDirectories(shared.resolve("b"));
        Files.writeString(b.resolve("requirements.txt"), "urllib3==1.26.5\n");
        Path ignore = Files.writeString(shared.resolve(".trivyignore"), "CVE-2018-25091\n");

        JsonNode scanned = json("scan", "fs://" + a, "-q", "--format", "json", "--ignorefile", ignore.toString()).path("summary");
        JsonNode before = json("compare", "fs://" + a, "fs://" + b, "-q", "--format", "json", "--ignorefile", ignore.toString()).path("before");
        assertThat(scanned.path("total").asInt()).as("findings of the PyPA data").isGreaterThan(5);
        assertThat(before.path("total").asInt()).isEqualTo(scanned.path("total").asInt());
        assertThat(before.path("fixable").asInt()).isEqualTo(scanned.path("fixable").asInt());
        assertThat(before.path("suppressed").asInt()).isEqualTo(scanned.path("suppressed").asInt()).as("no VEX given").isZero();
        assertThat(before.path("ignored").asInt()).isEqualTo(scanned.path("ignored").asInt()).isEqualTo(1);
        assertThat(before.path("counts")).isEqualTo(scanned.path("bySeverity"));
    }
}
