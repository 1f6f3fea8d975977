package dev.warden.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting stored images on SQLite: every row of the image goes, shared match_package documents stay ({@link ImageDeletionStory}). */
class ImageDeletionTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aDeletedImageLeavesNoRowAndTheImagesSharingItsPackagesStillReJudge() throws Exception {
        try (ServerFixture f = new ServerFixture(home, null)) {
            ImageDeletionStory.run(f, "-", work);
        }
    }
}
