package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.ChangeLog;
import dev.warden.vulndb.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change log on SQLite (PostgresStoreTest runs the same story on PostgreSQL), and a bundle's new identity. */
class ChangeLogTest {
    @TempDir
    Path tmp;

    @Test
    void importsLogWhatTheyChanged() throws Exception {
        ChangeLogScenario.run(Database.sqlite(tmp.resolve("warden.db")), tmp);
    }

    @Test
    void aBundleSwappedInWholeHasANewIdentity() throws Exception {
        Database db = Database.sqlite(tmp.resolve("home/warden.db"));
        String before;
        try (AdvisoryStore store = AdvisoryStore.open(db); Connection c = db.connect()) {
            ChangeLogScenario.write(tmp.resolve("osv"), ChangeLogScenario.osv("PYSEC-1", "CVE-2099-1001", "requests", "2.0", null));
            store.importFeed("local-osv", FeedKind.OSV, true, null, n -> { },
                    sink -> dev.warden.vulndb.feed.FeedFormats.reader(FeedKind.OSV).read(tmp.resolve("osv"), sink));
            before = ChangeLog.state(c).identity();
            Bundles.build(store, tmp.resolve("bundle.zip"));
        }
        Bundles.install(tmp.resolve("bundle.zip"), db.file());
        try (Connection c = db.connect()) {
            ChangeLog.State after = ChangeLog.state(c);
            assertThat(after.identity()).isNotEmpty().isNotEqualTo(before);
        }
        assertThat(Files.exists(db.file())).isTrue();
    }
}
