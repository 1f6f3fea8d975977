package dev.warden.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Continuous monitoring on a real PostgreSQL: the advisory store and the server's tables in one database. */
@Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
class MonitorPostgresTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void advisoriesVexAndPolicyChangesReJudgeTheImagesTheyTouch() throws Exception {
        try (PostgresCluster pg = new PostgresCluster()) {
            // the advisory data a SQLite home starts with (the shipped snapshot) is what the PostgreSQL store holds too
            seedSnapshot(pg.url(), work);
            try (ServerFixture f = new ServerFixture(home, pg.url())) {
                MonitorStory.run(f, pg.url(), work);
            }
        }
    }

    /** PostgreSQL starts empty: the snapshot's Debian sample (sope, chromium) and KEV imported into it. */
    static void seedSnapshot(String url, Path work) throws Exception {
        dev.warden.vulndb.VulnDb pg = dev.warden.vulndb.VulnDb.of(work.resolve("seed"), url, true, n -> { });
        try (var store = pg.open(false)) {
            dev.warden.vulndb.Snapshot.shipped().importInto(store, java.nio.file.Files.createTempDirectory(work, "snapshot-"));
        }
    }
}
