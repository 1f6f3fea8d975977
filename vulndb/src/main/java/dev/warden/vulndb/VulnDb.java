package dev.warden.vulndb;

import dev.warden.core.WardenException;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import dev.warden.vulndb.store.FeedState;
import dev.warden.vulndb.store.SqliteNativeLibrary;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The advisory database as commands use it: where it lives under WARDEN_HOME, first-run snapshot,
 * updates from the configured feeds, local imports, bundles and status.
 *
 * @param home     WARDEN_HOME
 * @param location {@code --db}: a PostgreSQL URL, or null for {@code <home>/db/warden.db}
 * @param offline  never touch the network
 * @param notices  user-facing warnings (snapshot age, staleness); the CLI prints them on stderr
 */
public record VulnDb(Path home, String location, boolean offline, Consumer<String> notices, Clock clock) {

    public static VulnDb of(Path home, String location, boolean offline, Consumer<String> notices) {
        return new VulnDb(home, location, offline, notices, Clock.systemUTC());
    }

    public Path dbDir() {
        return home.resolve("db");
    }

    public Path sqliteFile() {
        return dbDir().resolve("warden.db");
    }

    public Database database() {
        return location == null || location.isBlank() ? Database.sqlite(sqliteFile()) : Database.parse(location);
    }

    public FeedConfig config() {
        return FeedConfig.load(dbDir().resolve("feeds.json"));
    }

    /**
     * Opens the store. A SQLite database that does not exist yet is first built from the shipped snapshot
     * (in a temporary file moved into place when complete), with a notice saying its date.
     */
    public AdvisoryStore open() {
        Database db = database();
        if (db.isSqlite()) {
            SqliteNativeLibrary.useCopyUnder(home.resolve("native"));
        }
        if (db.isSqlite() && !Files.exists(db.file())) {
            installSnapshot(db.file());
        }
        AdvisoryStore store = AdvisoryStore.open(db);
        staleness(store).ifPresent(notices);
        return store;
    }

    private void installSnapshot(Path target) {
        Snapshot snapshot = Snapshot.shipped();
        // Any number of first runs may do this at once (CI jobs sharing a home): each builds in a database file and
        // a work folder of its own, and the first to finish links its database into place; later ones find it there
        // and discard theirs. Nothing is shared until then, and nothing is left behind.
        Path building = null;
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            building = Files.createTempFile(target.getParent(), ".warden-snapshot-", ".db");
            Files.delete(building); // a fresh name; SQLite creates the file
            work = Files.createTempDirectory(target.getParent(), "tmp-snapshot-");
            try (AdvisoryStore store = AdvisoryStore.open(Database.sqlite(building))) {
                snapshot.importInto(store, work);
            }
            try {
                Files.createLink(target, building); // atomic, and never replaces a database another run installed
            } catch (java.nio.file.FileAlreadyExistsException anotherRunWasFirst) {
                // theirs is the same snapshot; ours is discarded below
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
                if (!Files.exists(target)) {
                    Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new WardenException("cannot create the advisory database " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(building);
            deleteQuietly(work);
        }
        long days = Duration.between(snapshot.date().atStartOfDay(ZoneOffset.UTC).toInstant(), clock.instant()).toDays();
        notices.accept("no advisory database yet: installed the snapshot shipped with Warden, dated " + snapshot.date() + " ("
                + days + " days old, a small sample, not complete); run 'warden db update' for current advisories, "
                + "or 'warden db import FILE' without network");
    }

    /** Removes a temporary file, or a temporary folder and what is in it; a leftover is harmless (rebuilt next time). */
    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // left for the next run: names are unique, nothing reads them
        }
    }

    /** A notice when the newest import is older than the configured limit. */
    public Optional<String> staleness(AdvisoryStore store) {
        Duration maxAge = config().maxAge();
        Optional<Instant> newest = store.feedStates().stream().map(FeedState::importedAt).max(Instant::compareTo);
        boolean onlySnapshot = store.feedStates().stream().allMatch(s -> s.feed().startsWith("snapshot-"));
        if (onlySnapshot && !store.feedStates().isEmpty()) {
            LocalDate date = Snapshot.shipped().date();
            long days = Duration.between(date.atStartOfDay(ZoneOffset.UTC).toInstant(), clock.instant()).toDays();
            return days > maxAge.toDays()
                    ? Optional.of("the advisory database is the shipped snapshot of " + date + " (" + days + " days old): run 'warden db update'")
                    : Optional.empty();
        }
        return newest.filter(t -> Duration.between(t, clock.instant()).compareTo(maxAge) > 0)
                .map(t -> "the advisory database was last updated " + Duration.between(t, clock.instant()).toDays()
                        + " days ago (limit " + maxAge.toDays() + "): run 'warden db update'");
    }

    /** Fetches and imports every enabled feed (or the named ones); each feed is its own transaction. */
    public List<ImportReport> update(AdvisoryStore store, List<String> only, FeedDownloader downloader, Listener listener) {
        if (offline) {
            throw new WardenException("--offline: 'warden db update' needs the network; use 'warden db import FILE' instead");
        }
        List<Feed> feeds = config().feeds().stream()
                .filter(f -> only.isEmpty() ? f.enabled() : only.contains(f.name()))
                .toList();
        for (String name : only) {
            if (feeds.stream().noneMatch(f -> f.name().equals(name))) {
                throw new WardenException("unknown feed '" + name + "'; 'warden db status --feeds' lists them");
            }
        }
        List<ImportReport> reports = new ArrayList<>();
        for (Feed feed : feeds) {
            reports.add(updateFeed(store, feed, downloader, listener));
        }
        return reports;
    }

    ImportReport updateFeed(AdvisoryStore store, Feed feed, FeedDownloader downloader, Listener listener) {
        Path file = dbDir().resolve("downloads").resolve(feed.name());
        List<Path> files = new ArrayList<>(List.of(file));
        FeedState previous = store.feedState(feed.name()).orElse(null);
        listener.started(feed.name(), feed.url().toString());
        try {
            FeedDownloader.Download d = downloader.fetch(feed.url(), previous, file, listener::bytes);
            if (d.notModified()) {
                listener.finished(ImportReport.unchanged(feed.name()));
                return ImportReport.unchanged(feed.name());
            }
            if (feed.kind() == FeedKind.NVD) {
                fetchNvdPages(feed, file, files, downloader, listener);
            }
            FeedState state = new FeedState(feed.name(), feed.kind().source(), feed.url().toString(), d.etag(), d.lastModified(),
                    null, 0, 0, d.sha256());
            ImportReport report = store.importFeed(feed.name(), feed.kind(), true, state, listener::records, sink -> {
                for (Path f : files) {
                    FeedFormats.reader(feed.kind()).read(f, sink);
                }
            });
            listener.finished(report);
            return report;
        } catch (IOException e) {
            throw new WardenException("cannot read the downloaded feed " + feed.name() + ": " + e.getMessage(), e);
        } finally {
            for (Path f : files) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // the download folder is scratch space
                }
            }
        }
    }

    /** The NVD API pages after the first, each in its own file, all imported in the feed's one transaction. */
    private void fetchNvdPages(Feed feed, Path first, List<Path> files, FeedDownloader downloader, Listener listener) throws IOException {
        Optional<NvdPages.Paging> paging = NvdPages.paging(first);
        Duration pause = config().nvdPause();
        int pages = 1;
        while (paging.isPresent() && paging.get().hasMore()) {
            if (++pages > NvdPages.MAX_PAGES) {
                throw new WardenException("feed " + feed.name() + ": more than " + NvdPages.MAX_PAGES + " pages; refusing the rest");
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WardenException("update of feed " + feed.name() + " interrupted: the database is unchanged", e);
            }
            URI next = NvdPages.page(feed.url(), paging.get().nextStart());
            Path page = first.resolveSibling(first.getFileName() + "." + pages);
            files.add(page);
            listener.started(feed.name(), next.toString());
            downloader.fetch(next, null, page, listener::bytes);
            paging = NvdPages.paging(page);
        }
    }

    /**
     * Imports local files, directories or URLs. Each is one transaction. {@code kind} null means detect.
     * {@code feed} null names the feed {@code local-<format>}; {@code replace} removes what that feed wrote before.
     */
    public List<ImportReport> importSources(AdvisoryStore store, List<String> sources, FeedKind kind, String feed, boolean replace,
                                            FeedDownloader downloader, Listener listener) throws IOException {
        List<ImportReport> reports = new ArrayList<>();
        for (String source : sources) {
            boolean url = source.startsWith("https://") || source.startsWith("http://");
            if (url && offline) {
                throw new WardenException("--offline: will not download " + source);
            }
            Path file = url ? dbDir().resolve("downloads").resolve("import-" + Integer.toHexString(source.hashCode())) : Path.of(source);
            try {
                String sha = null;
                if (url) {
                    listener.started(source, source);
                    sha = downloader.fetch(URI.create(source), null, file, listener::bytes).sha256();
                } else if (!Files.exists(file)) {
                    throw new WardenException(source + ": no such file or directory");
                }
                FeedKind k = kind != null ? kind : FeedFormats.detect(file);
                String name = feed != null ? feed : "local-" + k.source();
                if (!url) {
                    listener.started(name, source);
                }
                FeedState state = new FeedState(name, k.source(), source, null, null, null, 0, 0,
                        sha != null ? sha : Files.isRegularFile(file) ? Bundles.sha256(file) : null);
                ImportReport report = store.importFeed(name, k, replace, state, listener::records,
                        sink -> FeedFormats.reader(k).read(file, sink));
                listener.finished(report);
                reports.add(report);
            } finally {
                if (url) {
                    Files.deleteIfExists(file);
                }
            }
        }
        return reports;
    }

    /** Progress of updates and imports. */
    public interface Listener {
        void started(String feed, String from);

        void bytes(long received, long total);

        void records(long count);

        void finished(ImportReport report);

        Listener NONE = new Listener() {
            @Override
            public void started(String feed, String from) {}

            @Override
            public void bytes(long received, long total) {}

            @Override
            public void records(long count) {}

            @Override
            public void finished(ImportReport report) {}
        };
    }
}
