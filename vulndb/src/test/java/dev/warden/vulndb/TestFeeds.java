package dev.warden.vulndb;

import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test helpers: resources as files, stores in temp dirs, one-call imports. */
final class TestFeeds {
    private TestFeeds() {}

    static Path resource(String name, Path dir) {
        Path target = dir.resolve(Path.of(name).getFileName().toString());
        try (InputStream in = TestFeeds.class.getClassLoader().getResourceAsStream("feeds/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource feeds/" + name + " missing");
            }
            Files.createDirectories(dir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AdvisoryStore store(Path dir) {
        return AdvisoryStore.open(Database.sqlite(dir.resolve("warden.db")));
    }

    static ImportReport load(AdvisoryStore store, String feed, FeedKind kind, Path file) {
        return store.importFeed(feed, kind, true, null, n -> {}, sink -> FeedFormats.reader(kind).read(file, sink));
    }
}
