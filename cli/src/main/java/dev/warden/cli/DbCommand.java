package dev.warden.cli;

import dev.warden.core.finding.ScanResult;
import dev.warden.vulndb.Bundles;
import dev.warden.vulndb.Feed;
import dev.warden.vulndb.FeedDownloader;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.ImportReport;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.jars.JarIndexSources;
import dev.warden.vulndb.jars.TrivyJavaDb;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.JarIndexStore;
import dev.warden.vulndb.store.FeedState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code warden db update|import|status|build}: the advisory database. */
@Command(name = "db", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden db update",
                  "  warden db status"},
        description = "Manage the advisory database (WARDEN_HOME/db/warden.db, or --db postgresql://...).",
        subcommands = {DbCommand.Update.class, DbCommand.Import.class, DbCommand.Status.class, DbCommand.Build.class})
final class DbCommand extends CommandGroup {

    /** Shared plumbing of the subcommands. */
    abstract static class Sub implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DbMixin db;

        WardenCommand root() {
            return (WardenCommand) spec.root().userObject();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        VulnDb vulnDb() {
            return db.vulnDb(root(), err());
        }

        /** Each feed named on stderr, its bytes and records on the progress display, unless --quiet. */
        VulnDb.Listener listener() {
            boolean quiet = root().quiet();
            PrintWriter err = err();
            ProgressCounters progress = root().progress();
            return new VulnDb.Listener() {
                @Override
                public void started(String feed, String from) {
                    if (!quiet) {
                        err.println(feed + ": " + from);
                        err.flush();
                    }
                    progress.phase(dev.warden.core.progress.Phase.DATABASE);
                    progress.records(0);
                    progress.start(feed, -1);
                }

                @Override
                public void bytes(long received, long total) {
                    progress.bytes(received, total);
                }

                @Override
                public void records(long count) {
                    progress.records(count);
                }

                @Override
                public void finished(ImportReport report) {
                    progress.done();
                    if (report.failed()) {
                        err.println("warden: " + report.feed() + ": " + report.failure());
                    }
                    report.warnings().forEach(w -> err.println("warden: warning: " + report.feed() + ": " + w));
                    if (report.warningCount() > report.warnings().size()) {
                        err.println("warden: warning: " + report.feed() + ": " + (report.warningCount() - report.warnings().size())
                                + " more warnings not shown");
                    }
                    err.flush();
                }
            };
        }

        /**
         * The jar index of the advisory database, which is first opened as the advisory store is (installing the
         * shipped snapshot when there is no database yet), so a database made for jars never looks like one
         * without advisories.
         */
        JarIndexStore jarIndexStore(VulnDb vulndb) {
            try (AdvisoryStore ignored = vulndb.open()) {
                return JarIndexStore.open(vulndb.database());
            }
        }

        void summary(List<ImportReport> reports) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"FEED", "RESULT", "RECORDS", "WARNINGS", "TIME"});
            for (ImportReport r : reports) {
                rows.add(new String[] {r.feed(), r.failed() ? "FAILED (unchanged)" : r.notModified() ? "not modified" : "imported",
                        String.valueOf(r.records()),
                        String.valueOf(r.warningCount()), String.format("%.1fs", r.took().toMillis() / 1000.0)});
            }
            Table.print(rows, out());
            out().flush();
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  warden db update",
                      "  warden --home target/warden db update"},
            description = "Download and import every enabled feed (WARDEN_HOME/db/feeds.json configures URLs and mirrors); "
                    + "unchanged feeds are skipped (ETag / If-Modified-Since).")
    static final class Update extends Sub {
        /** The feed name that pulls Trivy's Java index into the jar index; never part of a bare 'db update' (~1 GB). */
        static final String JAVA_INDEX = "java-index";

        @Parameters(paramLabel = "FEED", arity = "0..*", description = "Only these feeds (names from 'warden db status --feeds'); "
                + "'" + JAVA_INDEX + "' pulls Trivy's Java index (SHA-1 -> Maven coordinates of every jar on Maven Central, "
                + "about 1 GB) into the jar index, from --java-index-repository.")
        List<String> feeds = new ArrayList<>();

        @Option(names = "--java-index-repository", paramLabel = "REF",
                description = "Where '" + JAVA_INDEX + "' pulls from: an OCI artifact (default: " + TrivyJavaDb.DEFAULT_REPOSITORY + ").")
        String javaIndexRepository = TrivyJavaDb.DEFAULT_REPOSITORY;

        @Mixin
        SourceMixin registryOptions;

        @Override
        public Integer call() throws Exception {
            VulnDb vulndb = vulnDb();
            boolean javaIndex = feeds.remove(JAVA_INDEX);
            List<ImportReport> reports = new ArrayList<>();
            try (AdvisoryStore store = vulndb.open(false)) { // no "run db update" warning while running it
                if (!javaIndex || !feeds.isEmpty()) {
                    reports.addAll(vulndb.update(store, feeds, FeedDownloader.withDefaultClient(), listener()));
                }
            }
            if (javaIndex) {
                reports.add(pullJavaIndex(vulndb));
            }
            summary(reports);
            long failed = reports.stream().filter(ImportReport::failed).count();
            if (failed > 0) {
                err().println("warden: " + failed + " of " + reports.size() + " feed(s) could not be updated and keep their "
                        + "previous data; " + vulndb.wayOut());
                err().flush();
                return Cli.EXIT_BAD_INPUT;
            }
            return 0;
        }

        private ImportReport pullJavaIndex(VulnDb vulndb) throws java.io.IOException {
            if (db.offline()) {
                throw new dev.warden.core.WardenException("--offline: '" + JAVA_INDEX + "' needs the network; "
                        + "'warden db import javadb.tar.gz' or 'warden db import trivy-java.db' reads a copy");
            }
            Path downloads = vulndb.dbDir().resolve("downloads");
            Path archive = downloads.resolve("javadb.tar.gz");
            listener().started(JAVA_INDEX, javaIndexRepository);
            try {
                var pulled = dev.warden.image.registry.OciArtifacts.pullLayer(javaIndexRepository, TrivyJavaDb.LAYER_MEDIA_TYPE,
                        registryOptions.access(root()).options(false), archive, TrivyJavaDb.MAX_ARCHIVE_BYTES);
                try (JarIndexStore jars = jarIndexStore(vulndb)) {
                    ImportReport report = JarIndexSources.importInto(jars, JarIndexSources.Kind.TRIVY_ARCHIVE, archive,
                            JarIndexSources.TRIVY_FEED, javaIndexRepository + "@" + pulled.manifestDigest(), downloads.resolve("javadb"));
                    listener().finished(report);
                    return report;
                }
            } finally {
                Files.deleteIfExists(archive);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  warden db import target/warden-db.zip",
                      "  warden db import target/osv/all.zip --format osv --feed osv-local"},
            description = {"Import local feed files, directories or URLs (format detected from the content), or install a bundle "
                    + "made by 'warden db build'.",
                    "Formats: OSV all.zip / .tar.gz / directory / JSON or YAML file, Debian tracker JSON, Alpine secdb JSON or YAML, "
                    + "NVD API 2.0 JSON, CISA KEV JSON, EPSS CSV (.gz).",
                    "Jar index (names jars without pom.properties): a Maven repository folder (~/.m2/repository, a mirror's tree), "
                    + "Gradle's cache (~/.gradle/caches/modules-2), Trivy's trivy-java.db or its javadb.tar.gz."})
    static final class Import extends Sub {
        @Parameters(paramLabel = "PATH|URL", arity = "1..*")
        List<String> sources;

        @Option(names = "--format", paramLabel = "FORMAT", description = "osv, debian-tracker, alpine-secdb, nvd, kev or epss (default: detect).")
        String format;

        @Option(names = "--feed", paramLabel = "NAME", description = "Record the import as this feed (default: local-FORMAT).")
        String feed;

        @Option(names = "--replace", description = "Remove what the feed imported before (a full refresh, as 'update' does).")
        boolean replace;

        @Override
        public Integer call() throws Exception {
            VulnDb vulndb = vulnDb();
            List<String> feedSources = importJarIndexes(vulndb);
            if (feedSources.isEmpty()) {
                return 0;
            }
            sources = feedSources;
            if (sources.size() == 1 && isBundle(Path.of(sources.get(0)))) {
                if (!vulndb.database().isSqlite()) {
                    throw new dev.warden.core.WardenException("bundles install into the SQLite database; for PostgreSQL import the feeds");
                }
                var manifest = Bundles.install(Path.of(sources.get(0)), vulndb.sqliteFile());
                out().println("installed bundle built " + manifest.path("builtAt").asText() + " (schema "
                        + manifest.path("schemaVersion").asInt() + ", sha256 " + manifest.path("database").path("sha256").asText()
                        + ") as " + vulndb.sqliteFile());
                out().flush();
                return 0;
            }
            try (AdvisoryStore store = vulndb.open(false)) {
                summary(vulndb.importSources(store, sources, format == null ? null : FeedKind.parse(format), feed, replace,
                        FeedDownloader.withDefaultClient(), listener()));
            }
            return 0;
        }

        /**
         * Imports the sources that are jar index input (a Maven repository layout, Gradle's files-2.1, Trivy's
         * trivy-java.db or javadb.tar.gz) into the jar index; returns the others, for the advisory feeds.
         */
        private List<String> importJarIndexes(VulnDb vulndb) throws java.io.IOException {
            List<String> rest = new ArrayList<>();
            List<ImportReport> reports = new ArrayList<>();
            for (String source : sources) {
                Path path = source.contains("://") ? null : Path.of(source);
                var kind = path == null || format != null ? java.util.Optional.<JarIndexSources.Kind>empty() : JarIndexSources.detect(path);
                if (kind.isEmpty()) {
                    rest.add(source);
                    continue;
                }
                String feedName = feed != null ? feed : JarIndexSources.defaultFeed(kind.get(), path);
                listener().started(feedName, path.toAbsolutePath().normalize().toString());
                try (JarIndexStore jars = jarIndexStore(vulndb)) {
                    ImportReport report = JarIndexSources.importInto(jars, kind.get(), path, feedName,
                            path.toAbsolutePath().normalize().toString(), vulndb.dbDir().resolve("downloads").resolve("javadb"));
                    listener().finished(report);
                    reports.add(report);
                }
            }
            if (!reports.isEmpty()) {
                summary(reports);
            }
            return rest;
        }

        /** A zip whose first entry is a bundle manifest (an OSV all.zip holds records instead). */
        private static boolean isBundle(Path path) throws java.io.IOException {
            if (!Files.isRegularFile(path)) {
                return false;
            }
            try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(path))) {
                var entry = zip.getNextEntry();
                return entry != null && entry.getName().equals("manifest.json");
            } catch (java.util.zip.ZipException e) {
                return false;
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  warden db status",
                      "  warden db status --feeds"},
            description = "Per feed: source, records, last update and age; warns when older than the configured limit.")
    static final class Status extends Sub {
        @Option(names = "--feeds", description = "List the configured feeds and their URLs instead.")
        boolean listFeeds;

        @Option(names = "--max-age", paramLabel = "DAYS", description = "Warn when a feed is older than this (default: feeds.json maxAgeDays, or 7).")
        Long maxAgeDays;

        @Override
        public Integer call() {
            VulnDb vulndb = vulnDb();
            if (listFeeds) {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"FEED", "FORMAT", "ENABLED", "URL"});
                for (Feed f : vulndb.config().feeds()) {
                    rows.add(new String[] {f.name(), f.kind().source(), f.enabled() ? "yes" : "no", f.url().toString()});
                }
                Table.print(rows, out());
                out().flush();
                return 0;
            }
            Duration maxAge = maxAgeDays != null ? Duration.ofDays(maxAgeDays) : vulndb.config().maxAge();
            try (AdvisoryStore store = vulndb.open(false)) { // the table and its last line say it all
                out().println("Database: " + store.database().describe());
                Map<String, Long> counts = store.counts();
                out().println("Advisories: " + counts.get("advisory") + " " + store.advisoriesBySource() + ", affected entries: "
                        + counts.get("affected") + ", KEV: " + counts.get("kev") + ", EPSS: " + counts.get("epss") + ", NVD: " + counts.get("nvd"));
                try (JarIndexStore jars = JarIndexStore.open(store.database())) {
                    Map<String, Long> byFeed = jars.countsByFeed();
                    out().println("Jar index: " + byFeed.values().stream().mapToLong(Long::longValue).sum() + " jars from " + byFeed.size()
                            + " source(s)" + (byFeed.isEmpty() ? " ('warden db import ~/.m2/repository' names jars without pom.properties)" : ""));
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"FEED", "FORMAT", "RECORDS", "WARNINGS", "DATA DATE", "AGE", "IMPORTED", "SOURCE", "ECOSYSTEMS"});
                Map<String, java.util.Set<String>> ecosystems = store.feedEcosystems(); // what each advisory feed covers
                Instant now = Instant.now();
                List<String> stale = new ArrayList<>();
                for (FeedState s : store.feedStates()) {
                    Duration age = s.dataDate() == null ? null : Duration.between(s.dataDate(), now);
                    boolean old = s.sample() || age == null || age.compareTo(maxAge) > 0;
                    if (old) {
                        stale.add(s.feed());
                    }
                    rows.add(new String[] {s.feed(), s.kind(), String.valueOf(s.records()), String.valueOf(s.warnings()),
                            ScanResult.DatabaseInfo.dateOf(s.dataDate()),
                            (age == null ? "unknown" : human(age)) + (s.sample() ? " (sample)" : old ? " (old)" : ""),
                            s.importedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), s.location(),
                            String.join(",", ecosystems.getOrDefault(s.feed(), java.util.Set.of()))});
                }
                Table.print(rows, out());
                out().flush();
                vulndb.staleness(store).ifPresent(caveat -> out().println(caveat));
                out().flush();
                if (!stale.isEmpty()) {
                    err().println("warden: warning: " + stale.size() + " feed(s) are samples, undated or older than "
                            + maxAge.toDays() + " days: " + String.join(", ", stale) + "; run 'warden db update'");
                    err().flush();
                }
            }
            return 0;
        }

        private static String human(Duration d) {
            if (d.toDays() > 0) {
                return d.toDays() + "d";
            }
            if (d.toHours() > 0) {
                return d.toHours() + "h";
            }
            return d.toMinutes() + "m";
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  warden db build -o target/warden-db.zip"},
            description = "Write the database as one portable, versioned, checksummed bundle (zip: manifest.json + warden.db) "
                    + "for 'warden db import FILE' on air-gapped machines.")
    static final class Build extends Sub {
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE")
        Path output;

        @Override
        public Integer call() throws Exception {
            VulnDb vulndb = vulnDb();
            try (AdvisoryStore store = vulndb.open()) {
                var manifest = Bundles.build(store, output);
                out().println("wrote " + output + " (" + Files.size(output) + " bytes, schema " + manifest.path("schemaVersion").asInt()
                        + ", database sha256 " + manifest.path("database").path("sha256").asText() + ")");
                out().flush();
            }
            return 0;
        }
    }
}
