package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.core.advisory.Advisory;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an import accepts, the store can read back: the import checks each record against the read-time limits. */
class StoredLimitsTest {

    @TempDir
    Path tmp;

    @Test
    void aRecordWhoseStoredDocumentWouldBeOverTheReadLimitIsSkippedByName() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("osv"));
        Files.writeString(dir.resolve("PYSEC-2099-0001.json"), """
                {"id": "PYSEC-2099-0001", "modified": "2024-01-01T00:00:00Z",
                 "affected": [{"package": {"ecosystem": "PyPI", "name": "bloated"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}]}]}
                """);
        // under the record limit as written (about 26 MB), over the read limit as stored ("kind"/"version" per event)
        try (Writer w = Files.newBufferedWriter(dir.resolve("PYSEC-2099-0002.json"))) {
            w.write("{\"id\":\"PYSEC-2099-0002\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
                    + "{\"ecosystem\":\"PyPI\",\"name\":\"bloated\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}");
            for (int i = 0; i < 1_000_000; i++) {
                w.write(",{\"fixed\":\"1." + i + "\"}");
            }
            w.write("]}]}]}");
        }
        assertThat(Files.size(dir.resolve("PYSEC-2099-0002.json"))).isLessThan(Limits.MAX_RECORD_BYTES);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "local-osv", FeedKind.OSV, dir);
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("PYSEC-2099-0002").contains("skipped").contains("read limit"));
            // every later scan of the package can still read the store
            Map<String, List<Advisory>> found = store.findByPackages("pypi", List.of("bloated"));
            assertThat(found.get("bloated")).extracting(Advisory::id).containsExactly("PYSEC-2099-0001");
        }
    }
}
