package dev.warden.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting stored images on a real PostgreSQL ({@link ImageDeletionStory}), and a deletion beside a push under way
 * that shares a package document with the deleted image: no index row may be left naming a document it removed.
 */
@Tag("live") // a real PostgreSQL cluster (PostgresCluster: initdb, pg_ctl)
class ImageDeletionPostgresTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aDeletedImageLeavesNoRowAndTheImagesSharingItsPackagesStillReJudge() throws Exception {
        try (PostgresCluster pg = new PostgresCluster()) {
            MonitorPostgresTest.seedSnapshot(pg.url(), work);
            try (ServerFixture f = new ServerFixture(home, pg.url())) {
                ImageDeletionStory.run(f, pg.url(), work);
                ImageDeletionStory.aPushUnderWayKeepsTheDocumentItShares(f);
            }
        }
    }
}
