package dev.warden.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.warden.core.Sbom;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.finding.Finding;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hostile record must not make matching quadratic: an OSV record with 100,000 affected entries for one package
 * is matched once per entry, and the advisory is known by its id, not by hashing all of it for each hit. (The guard
 * below is against a hang, hours before the fix; how fast matching is, bench/match-hostile.sh measures.)
 */
class MatchCostTest {

    static final int ENTRIES = 100_000;

    @TempDir
    Path tmp;

    @Test
    void aRecordWithAHundredThousandEntriesForOnePackageIsMatchedInLinearTime() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("osv"));
        writeRecord(dir.resolve("PYSEC-2099-0100.json"), "PYSEC-2099-0100", "victim", ENTRIES);
        try (AdvisoryStore store = TestStores.open(tmp)) {
            TestStores.load(store, "osv-PyPI", FeedKind.OSV, dir);
            Sbom sbom = new Sbom(null, null, List.of(
                    TestStores.pkg("pypi", null, "victim", "1.0"),
                    TestStores.pkg("pypi", null, "bystander", "1.0"),
                    TestStores.pkg("pypi", null, "other", "2.0"),
                    TestStores.pkg("pypi", null, "victim-not", "1.0")), List.of());
            MatchResult result = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> new Matcher(store).match(sbom));
            assertThat(result.findings()).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("CVE-2099-0100");
                assertThat(f.pkg().name()).isEqualTo("victim");
                assertThat(f.status()).isEqualTo(AffectedStatus.FIXED);
                assertThat(f.fixedVersions()).containsExactly("2.0");
                assertThat(f.advisoryIds()).containsExactly("PYSEC-2099-0100");
            });
        }
    }

    /** One record whose {@code entries} affected entries all name {@code name}, each affecting versions below 2.0. */
    static void writeRecord(Path file, String id, String name, int entries) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"id\":\"" + id + "\",\"modified\":\"2024-01-01T00:00:00Z\",\"aliases\":[\"CVE-2099-0100\"],\"affected\":[");
            for (int i = 0; i < entries; i++) {
                w.write((i == 0 ? "" : ",") + "{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"" + name + "\"},"
                        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]}");
            }
            w.write("]}");
        }
    }
}
