package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A YAML alias in a record is refused by name, never read as its anchor's name or as an empty list. */
class YamlAliasesTest {

    @TempDir
    Path tmp;

    @Test
    void osvYamlRecordsWithAliasesAreSkippedByNameAndTheRestImported() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pypa"));
        String head = """
                id: %s
                modified: "2024-01-01T00:00:00Z"
                summary: &s Remote code execution
                """;
        Files.writeString(dir.resolve("PYSEC-2099-0001.yaml"), head.formatted("PYSEC-2099-0001") + "details: *s\n");
        Files.writeString(dir.resolve("PYSEC-2099-0002.yaml"), head.formatted("PYSEC-2099-0002") + """
                affected:
                - package: {ecosystem: PyPI, name: one}
                  versions: &v ["1.0", "1.1"]
                - package: {ecosystem: PyPI, name: two}
                  versions: *v
                """);
        Files.writeString(dir.resolve("PYSEC-2099-0003.yaml"), head.formatted("PYSEC-2099-0003") + """
                affected:
                - package: {ecosystem: PyPI, name: three}
                  versions: ["1.0"]
                """);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "pypa", FeedKind.OSV, dir);
            assertThat(store.findById("PYSEC-2099-0001")).isEmpty();
            assertThat(store.findById("PYSEC-2099-0002")).isEmpty();
            assertThat(store.findById("PYSEC-2099-0003")).isPresent();
            assertThat(report.warnings())
                    .anySatisfy(w -> assertThat(w).startsWith("PYSEC-2099-0001.yaml: not valid YAML").contains("alias '*s' refused"))
                    .anySatisfy(w -> assertThat(w).startsWith("PYSEC-2099-0002.yaml: not valid YAML").contains("alias '*v' refused"));
        }
    }
}
