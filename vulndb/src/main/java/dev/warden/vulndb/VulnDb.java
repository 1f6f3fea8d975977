package dev.warden.vulndb;

import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        return open(true);
    }

    /**
     * Opens the store; {@code warnIfDoubtful} false keeps the sample/stale notice back, for the commands that are
     * themselves the remedy ({@code db update}, {@code db import}) or report the state in full ({@code db status}).
     */
    public AdvisoryStore open(boolean warnIfDoubtful) {
        Database db = database();
        if (db.isSqlite()) {
            SqliteNativeLibrary.useCopyUnder(home.resolve("native"));
        }
        if (db.isSqlite() && !Files.exists(db.file())) {
            installSnapshot(db.file());
        }
        AdvisoryStore store = AdvisoryStore.open(db);
        if (warnIfDoubtful) {
            staleness(store).ifPresent(notices);
        }
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
        notices.accept("no advisory database yet: installed the snapshot shipped with Warden, gathered " + snapshot.date()
                + " (the whole Go and PyPA databases and the CISA KEV catalogue; samples for Debian, Alpine, GitHub and EPSS): "
                + "run 'warden db update' for current advisories, or 'warden db import BUNDLE' without network");
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

    /** A notice when the data is the shipped sample, or older than the configured limit (from the data's dates). */
    public Optional<String> staleness(AdvisoryStore store) {
        ScanResult.DatabaseInfo info = describe(store);
        Instant now = clock.instant();
        if (!info.doubtful(now)) {
            return Optional.empty();
        }
        return info.caveat(now);
    }

    /**
     * What a report says of the data a verdict rests on: where it is, how many records each feed holds, the date of
     * the data (the oldest of the advisory feeds' own dates, so one old source is not hidden by a fresh one), and for
     * which ecosystems it is only the sample shipped with Warden. Advisory feeds are those that can make a finding
     * (OSV, Debian tracker, secdb); KEV, EPSS and NVD only enrich findings.
     *
     * <p>Decided per ecosystem: a shipped part stays the data for its ecosystems until a feed of the user's own covers
     * them (an OSV feed covers the ecosystems its records name, the Debian tracker Debian, a secdb Alpine), so importing
     * one's own PyPI feed does not hide that Debian's advisories are still the sample. An ecosystem is sample while a
     * sample part names it and no complete feed (the user's, or a whole shipped part such as the Go database) does;
     * only ecosystems Warden catalogues packages of count ({@link FeedConfig#OSV_ECOSYSTEMS}): a sample record of
     * another can make no finding. A shipped part every ecosystem of which the user's own feeds cover no longer dates
     * the data: it is the bootstrap they moved past, and its fixed old date would call the database stale for ever.
     */
    public ScanResult.DatabaseInfo describe(AdvisoryStore store) {
        Map<String, Long> feeds = new LinkedHashMap<>();
        Instant newestImport = null;
        List<FeedState> advisoryFeeds = new ArrayList<>();
        for (FeedState s : store.feedStates()) {
            feeds.put(s.feed(), s.records());
            if (s.importedAt() != null && (newestImport == null || s.importedAt().isAfter(newestImport))) {
                newestImport = s.importedAt();
            }
            if (ADVISORY_KINDS.contains(s.kind()) && s.records() > 0) {
                advisoryFeeds.add(s);
            }
        }
        Map<String, Set<String>> ecosystems = store.feedEcosystems();
        Set<String> ownCover = new java.util.TreeSet<>();
        Set<String> completeCover = new java.util.TreeSet<>();
        for (FeedState s : advisoryFeeds) {
            Set<String> named = ecosystems.getOrDefault(s.feed(), Set.of());
            if (!s.feed().startsWith(Snapshot.FEED_PREFIX)) {
                ownCover.addAll(named);
            }
            if (!s.sample()) {
                completeCover.addAll(named);
            }
        }
        Set<String> sampleEcosystems = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        boolean sample = false;
        Instant oldestData = null;
        for (FeedState s : advisoryFeeds) {
            Set<String> named = catalogued(ecosystems.getOrDefault(s.feed(), Set.of()));
            boolean shipped = s.feed().startsWith(Snapshot.FEED_PREFIX);
            if (shipped && !ownCover.isEmpty() && ownCover.containsAll(named)) {
                continue; // moved past: neither the data nor its date
            }
            if (s.sample()) {
                Set<String> uncovered = new java.util.TreeSet<>(named);
                uncovered.removeAll(completeCover);
                sampleEcosystems.addAll(uncovered);
                // a sample part whose ecosystems are unknown (imported before they were kept, and named none since) is sample
                sample |= !uncovered.isEmpty() || ecosystems.getOrDefault(s.feed(), Set.of()).isEmpty();
            }
            if (s.dataDate() != null && (oldestData == null || s.dataDate().isBefore(oldestData))) {
                oldestData = s.dataDate();
            }
        }
        return new ScanResult.DatabaseInfo(store.database().describe(), newestImport, feeds, oldestData, sample,
                config().maxAge(), List.copyOf(sampleEcosystems));
    }

    /** The ecosystems among {@code named} that Warden catalogues packages of (by base name, as OSV spells them). */
    private static Set<String> catalogued(Set<String> named) {
        Set<String> out = new java.util.TreeSet<>();
        for (String e : named) {
            if (FeedConfig.OSV_ECOSYSTEMS.stream().anyMatch(c -> c.equalsIgnoreCase(e))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The feed kinds whose records make findings, as {@link FeedState#kind()} names them. */
    private static final Set<String> ADVISORY_KINDS = Set.of(FeedKind.OSV.source(), FeedKind.DEBIAN_TRACKER.source(),
            FeedKind.ALPINE_SECDB.source());

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
            long start = System.nanoTime();
            try {
                reports.add(updateFeed(store, feed, downloader, listener));
            } catch (WardenException e) { // one unreachable or broken feed must not keep the others from updating
                ImportReport failed = ImportReport.failed(feed.name(), e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
                listener.finished(failed);
                reports.add(failed);
            }
        }
        return reports;
    }

    /** What to do when feeds could not be reached: the two ways that need no access to the feeds' hosts. */
    public String wayOut() {
        return "without network, install a bundle made elsewhere with 'warden db build' ('warden db import BUNDLE'), "
                + "or point the feeds at a mirror in " + dbDir().resolve("feeds.json") + " (docs/vulndb.md)";
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
