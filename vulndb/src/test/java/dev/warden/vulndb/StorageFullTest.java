package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that cannot take more (a full disk, SQLite's own page limit, a read-only file) is a user's problem: exit 2. */
class StorageFullTest {

    @TempDir
    Path tmp;

    @Test
    void anImportThatFillsTheStoreIsOneLineAndLeavesTheDatabase() {
        Path file = tmp.resolve("warden.db");
        try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(file))) {
            TestFeeds.load(store, "kev", FeedKind.KEV, TestFeeds.resource("kev-sample.json", tmp));
        }
        // the same file, through a connection SQLite lets grow by a few pages only: SQLITE_FULL, as on a full disk
        Database small = new Database("jdbc:sqlite:" + file + "?max_page_count=40", null, null, file);
        try (AdvisoryStore store = AdvisoryStore.open(small)) {
            String before = store.contentHash();
            Path go = TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp);
            assertThatThrownBy(() -> TestFeeds.load(store, "osv-Go", FeedKind.OSV, go))
                    .isInstanceOf(WardenException.class)
                    .hasMessageContaining("osv-Go")
                    .hasMessageContaining("full")
                    .hasMessageContaining("the database is unchanged")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }
}
