package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle is installed only whole: its zip's central directory must be there and agree with the entries read. */
class BundleCentralDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void aBundleCutInItsCentralDirectoryIsRefusedAndChangesNothing() throws IOException {
        Path bundle = tmp.resolve("b.zip");
        try (AdvisoryStore store = TestFeeds.store(tmp.resolve("src"))) {
            TestFeeds.load(store, "kev", FeedKind.KEV, TestFeeds.resource("kev-sample.json", tmp));
            Bundles.build(store, bundle);
        }
        Path target = tmp.resolve("home/warden.db");
        Bundles.install(bundle, target);
        String before = Bundles.sha256(target);
        byte[] whole = Files.readAllBytes(bundle);
        // every entry's data is there; only the end of the central directory (and its end record) is gone
        for (int cut : new int[] {1, 22, 40}) {
            Path truncated = Files.write(tmp.resolve("cut" + cut + ".zip"), Arrays.copyOf(whole, whole.length - cut));
            assertThatThrownBy(() -> Bundles.install(truncated, target))
                    .isInstanceOf(WardenException.class)
                    .hasMessageContaining(truncated.toString())
                    .hasMessageContaining("truncated");
            assertThat(Bundles.sha256(target)).isEqualTo(before);
        }
        assertThat(Files.list(target.getParent())).extracting(p -> p.getFileName().toString()).containsExactly("warden.db");
    }
}
