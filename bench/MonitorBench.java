import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.server.Cause;
import dev.warden.server.ImageFactsDocument;
import dev.warden.server.Judge;
import dev.warden.server.PushedImage;
import dev.warden.server.ImageRejudger;
import dev.warden.server.ImageStore;
import dev.warden.server.Monitor;
import dev.warden.server.PolicyStore;
import dev.warden.server.ServerDatabase;
import dev.warden.server.ServerJson;
import dev.warden.server.Transactions;
import dev.warden.server.VexStore;
import dev.warden.server.WebhookSender;
import dev.warden.server.Webhooks;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.Snapshot;
import dev.warden.vulndb.VulnDb;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Continuous monitoring at scale (issue 12), not a test: N stored images of C components each, then:
 * <ol>
 *   <li>ROUNDS times, one new advisory for a package exactly 100 of the images hold, imported as 'db import' does, the
 *   monitor poked, and the time until those 100 images' alerts are recorded (the re-evaluation itself, without the
 *   poll interval): p50 and p90;</li>
 *   <li>a full re-match (the "new database" case) of REMATCH images: SBOMs per second;</li>
 *   <li>the server tables' size per stored image.</li>
 * </ol>
 * The images: a fleet's images are built from a limited number of package sets (rebuilds, sibling services on one
 * base), so TEMPLATES distinct SBOMs are pushed through the server's own push path (stored, judged, indexed) and every
 * other image is a copy of one of them under its own digest and repository, made set-based: one INSERT ... SELECT per
 * table and 10,000 images from a series generated in SQL, the secondary indexes built after the load (the rows a push
 * writes: image with its gzip CycloneDX SBOM, tag, packages, lookup keys, findings, judgement). Each round must be
 * judged from the match index alone (no SBOM read back), or the bench fails: it measures the incremental path. Components are PyPI names the advisory database has (the whole PyPA database ships in
 * the snapshot) plus 1/4 names no advisory mentions. SHAPE typical: a hardened repository's image, 5 packages at old
 * versions (a handful of findings), the others current (9999.0, above every fix); SHAPE heavy: 3/4 of the packages
 * at old versions (about 150 findings an image).
 * Usage: java -cp CP bench/MonitorBench.java N C ROUNDS DB WORK [REMATCH] [SHAPE]   (DB: sqlite, or a postgresql:// URL;
 * REMATCH: how many images the full re-match times, default 2,000)
 */
public class MonitorBench {
    static final int TOUCHED = 100;

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int components = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String db = args[3].equals("sqlite") ? null : args[3];
        Path work = Files.createDirectories(Path.of(args[4]));
        int rematch = Math.min(n, args.length > 5 ? Integer.parseInt(args[5]) : 2_000);
        String shape = args.length > 6 ? args[6] : "typical";
        Path home = work.resolve("home");
        PrintStream out = System.out;
        VulnDb vulndb = VulnDb.of(home, db, true, notice -> { });
        try (AdvisoryStore store = vulndb.open(false)) {
            if (store.feedStates().isEmpty()) { // PostgreSQL starts empty: the snapshot SQLite homes start with
                Snapshot.shipped().importInto(store, work.resolve("snapshot"));
            }
        }
        List<String> pool = new ArrayList<>();
        try (Connection c = vulndb.database().connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT name FROM affected WHERE purl_type = 'pypi' ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pool.add(rs.getString(1));
            }
        }
        out.printf("advisory pool: %d PyPI names%n", pool.size());
        ObjectMapper json = ServerJson.mapper();
        try (ServerDatabase database = ServerDatabase.open(vulndb)) {
            Transactions tx = new Transactions(database);
            ImageStore images = new ImageStore(tx, json);
            long t0 = System.nanoTime();
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            ImageRejudger rejudger = new ImageRejudger(vulndb, database, images, new PolicyStore(tx, json), new VexStore(tx), json, quiet);
            List<String> digests = synthesise(database, images, vulndb, n, components, rounds, pool, json, shape, out);
            out.printf("synthesised %d images of %d components (%s shape) in %.1f s%n", n, components, shape, (System.nanoTime() - t0) / 1e9);
            out.printf("open findings per image: %.1f%n", count(database, "SELECT COUNT(*) FROM finding WHERE resolved_at IS NULL") / (double) n);
            long bytes = size(database, n, out);
            out.printf("server tables: %.1f MB, %.1f KB per stored image%n", bytes / 1e6, bytes / 1e3 / n);

            try (WebhookSender sender = new WebhookSender(new Webhooks(tx, json), WebhookSender.Timings.DEFAULT, "bench", quiet);
                 Monitor monitor = new Monitor(database, vulndb, images, rejudger, new PolicyStore(tx, json), new VexStore(tx), tx, () -> { },
                         new Monitor.Timings(Duration.ofHours(1), Duration.ofMinutes(5), 500), "bench", quiet)) {
                monitor.start();
                waitFor(() -> count(database, "SELECT COUNT(*) FROM monitor_cursor") == 3, "the monitor's cursors");
                List<Double> millis = new ArrayList<>();
                // the JVM's CPU time over a round (every thread, the bench's polling too): what the round costs whatever the
                // machine's load, where the wall time also holds the waits for a core
                List<Double> cpuMillis = new ArrayList<>();
                com.sun.management.OperatingSystemMXBean cpu =
                        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                try (AdvisoryStore store = vulndb.open(false)) {
                    for (int r = 0; r < rounds; r++) {
                        String id = "BENCH-" + System.currentTimeMillis() + "-" + r;
                        Path file = work.resolve(id + ".json");
                        Files.writeString(file, "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2026-12-01T00:00:00Z\","
                                + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
                                + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"bench-target-" + r + "\"},"
                                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]}]}");
                        store.importFeed("bench-advisories", FeedKind.OSV, false, null, x -> { }, sink -> FeedFormats.reader(FeedKind.OSV).read(file, sink));
                        int roundsBefore = monitor.recentRounds().size();
                        long cpuStart = cpu.getProcessCpuTime();
                        long start = System.nanoTime();
                        monitor.poke();
                        String like = "%" + id + "%";
                        waitFor(() -> countLike(database, like) == TOUCHED, "the alerts of round " + r);
                        double ms = (System.nanoTime() - start) / 1e6;
                        double cpuMs = (cpu.getProcessCpuTime() - cpuStart) / 1e6;
                        millis.add(ms);
                        cpuMillis.add(cpuMs);
                        waitFor(() -> monitor.recentRounds().size() > roundsBefore, "the monitor's record of round " + r);
                        ImageRejudger.Result result = monitor.recentRounds().getFirst().result();
                        if (result.judged() != TOUCHED || result.readBack() != 0) {
                            // the numbers are those of the incremental path or none: a round that read SBOMs back measured the slow path
                            throw new IllegalStateException("round " + r + " judged " + result.judged() + " images, " + result.readBack()
                                    + " of them by reading their SBOM back (the full path), not 100 from the match index");
                        }
                        out.printf("round %d: %d images re-judged, alerts recorded in %.0f ms (%.0f ms CPU)%n", r, TOUCHED, ms, cpuMs);
                    }
                }
                out.printf("re-evaluation of one advisory touching %d of %d images: p50 %.0f ms, p90 %.0f ms (%d rounds); CPU p50 %.0f ms, p90 %.0f ms%n",
                        TOUCHED, n, percentile(millis, 50), percentile(millis, 90), rounds, percentile(cpuMillis, 50), percentile(cpuMillis, 90));
            }
            // the full re-match last: it rewrites judgements, and the rounds above must meet the synthesised state
            List<String> sample = new ArrayList<>(digests.subList(Math.max(0, n - rematch), n));
            t0 = System.nanoTime();
            ImageRejudger.Result full = rejudger.rejudge(sample, Cause.advisories(List.of(), Map.of("reason", "bench: full re-match")));
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("full re-match: %d of %d images in %.1f s = %.1f SBOMs/s (%d alerts, %d failed)%n", full.judged(), n, seconds,
                    full.judged() / seconds, full.alerts(), full.failed().size());
        }
    }

    /** The nearest-rank percentile. */
    static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }

    /** Distinct package sets the fleet is built from (besides the touched images' own). */
    static final int TEMPLATES = 200;

    /**
     * The images: each template pushed through the server's push path once (its image stored, judged and indexed),
     * every other image copied from its template's rows. The touched images (100 a round) hold bench-target-R, in 10
     * templates a round.
     */
    static List<String> synthesise(ServerDatabase database, ImageStore images, VulnDb vulndb, int n, int components, int rounds, List<String> pool,
                                   ObjectMapper json, String shape, PrintStream out) throws Exception {
        Random random = new Random(12);
        PolicyStore.Active active = new PolicyStore(new Transactions(database), json).activeSet();
        java.util.Map<String, List<Package>> bases = new java.util.HashMap<>();
        java.util.Map<String, String> pushed = new java.util.HashMap<>(); // template -> digest of its pushed image
        List<String> digests = new ArrayList<>();
        // names no advisory affects at a current version (9999.0): a hardened image's up-to-date packages
        List<Package> current = new ArrayList<>();
        pool.forEach(name -> current.add(pypi(name, "9999.0")));
        java.util.Set<String> affectedNow = new java.util.HashSet<>();
        try (AdvisoryStore store = vulndb.open(false)) {
            Judge.judge(new Sbom(null, null, current, List.of()), dev.warden.policy.PolicyEngine.Context.OFFLINE, active.set(), List.of(), store,
                    vulndb.describe(store), java.time.Instant.now()).scan().findings().forEach(f -> affectedNow.add(f.pkg().name()));
        }
        List<String> safe = pool.stream().filter(name -> !affectedNow.contains(name)).toList();
        out.printf("  %d of %d advised names are unaffected at a current version%n", safe.size(), pool.size());
        // first the templates, each pushed once (their own transactions: SQLite has one writer at a time), judged
        // against one opened advisory store as a server's push judges against its open store
        try (AdvisoryStore store = vulndb.open(false)) {
            for (int i = 0; i < n; i++) {
                String digest = digest(i);
                digests.add(digest);
                int round = i / TOUCHED;
                String template = template(i, rounds);
                if (!pushed.containsKey(template)) {
                    List<Package> packages = new ArrayList<>(bases.computeIfAbsent("base-" + (i % TEMPLATES),
                            t -> packages(random, components - 1, pool, safe, shape)));
                    packages.add(round < rounds ? pypi("bench-target-" + round, "1.0") : pypi("bench-own-" + (i % TEMPLATES), "1.0"));
                    push(images, store, vulndb.describe(store), active, digest, "bench/app-" + i, packages, json);
                    pushed.put(template, digest);
                }
            }
        }
        out.printf("  %d templates pushed%n", pushed.size());
        copy(database, n, rounds, pushed, out);
        return digests;
    }

    /** Images copied per INSERT ... SELECT (and per transaction): big enough to be set-based, small enough to keep the WAL bounded. */
    static final int COPIES_PER_TRANSACTION = 10_000;

    /**
     * Every image that is not a template, copied from its template's rows in bulk: a table of the copies (number,
     * digest, repository, template digest) generated in SQL (a recursive CTE on SQLite, generate_series on
     * PostgreSQL), then one INSERT ... SELECT per table and slice of COPIES_PER_TRANSACTION images. Each copy has its
     * own digest (the number in hex, as {@link #digest} gives it) and repository, and its template's packages, lookup
     * keys, findings and judgement: valid for the incremental path.
     */
    static void copy(ServerDatabase database, int n, int rounds, Map<String, String> pushed, PrintStream out) throws Exception {
        String series = database.isSqlite()
                ? "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < " + n + ") SELECT i FROM s"
                : "SELECT i FROM generate_series(0, " + (n - 1) + ") AS s(i)";
        String hex = database.isSqlite() ? "printf('%064x', i)" : "lpad(to_hex(i), 64, '0')";
        // the template of image i, as template(i, rounds) names it
        String template = "CASE WHEN i / " + TOUCHED + " < " + rounds + " THEN 'touched-' || (i / " + TOUCHED + ") || '-' || (i % 10) "
                + "ELSE 'base-' || (i % " + TEMPLATES + ") END";
        try (Connection c = database.connect()) {
            if (database.isSqlite()) {
                try (Statement st = c.createStatement()) {
                    // the pool's page cache (2 MB) makes a bulk copy write each page to the WAL many times over
                    st.execute("PRAGMA cache_size = -" + COPY_CACHE_KIB);
                }
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bench_template (name TEXT PRIMARY KEY, digest TEXT NOT NULL)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_template (name, digest) VALUES (?, ?)")) {
                    for (Map.Entry<String, String> e : pushed.entrySet()) {
                        ps.setString(1, e.getKey());
                        ps.setString(2, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                st.execute("CREATE TABLE bench_copy (n BIGINT PRIMARY KEY, digest TEXT NOT NULL, repository TEXT NOT NULL, source TEXT NOT NULL)");
                st.execute("INSERT INTO bench_copy (n, digest, repository, source) SELECT i, 'sha256:' || " + hex + ", 'bench/app-' || i, t.digest "
                        + "FROM (" + series + ") s JOIN bench_template t ON t.name = " + template + " WHERE t.digest <> 'sha256:' || " + hex);
                c.commit();
                List<String> indexes = dropSecondaryIndexes(database, c);
                long now = System.currentTimeMillis();
                // copy n's image key (server schema 8): after the templates' own, as pushes would have numbered them
                String key = "(" + count(database, "SELECT COALESCE(MAX(id), 0) FROM image") + " + 1 + b.n)";
                String[] copies = {
                    "INSERT INTO image (id, digest, digest_kind, repository, first_pushed, last_pushed, pushed_by, facts, sbom, sbom_sha256, package_count, "
                        + "grade, score, verdict, match_view, judgement_id) SELECT " + key + ", b.digest, t.digest_kind, b.repository, t.first_pushed, t.last_pushed, "
                        + "t.pushed_by, t.facts, t.sbom, t.sbom_sha256, t.package_count, t.grade, t.score, t.verdict, t.match_view, 'j-' || b.digest "
                        + "FROM bench_copy b JOIN image t ON t.digest = b.source WHERE b.n >= ? AND b.n < ?",
                    "INSERT INTO judgement (id, digest, judged_at, cause, policy_version, vex_revision, db_state, verdict, grade, score, points, maximum, "
                        + "results, summary, cause_detail) SELECT 'j-' || b.digest, b.digest, j.judged_at, j.cause, j.policy_version, j.vex_revision, "
                        + "j.db_state, j.verdict, j.grade, j.score, j.points, j.maximum, j.results, j.summary, j.cause_detail "
                        + "FROM bench_copy b JOIN image t ON t.digest = b.source JOIN judgement j ON j.id = t.judgement_id WHERE b.n >= ? AND b.n < ?",
                    "INSERT INTO image_tag (repository, tag, digest, since) SELECT b.repository, 'latest', b.digest, " + now
                        + " FROM bench_copy b WHERE b.n >= ? AND b.n < ?",
                    "INSERT INTO image_package (image_id, purl_type, name, version, purl) SELECT " + key + ", p.purl_type, p.name, p.version, p.purl "
                        + "FROM bench_copy b JOIN image t ON t.digest = b.source JOIN image_package p ON p.image_id = t.id WHERE b.n >= ? AND b.n < ?",
                    "INSERT INTO image_advisory_key (image_id, purl_type, name, packages) SELECT " + key + ", k.purl_type, k.name, k.packages "
                        + "FROM bench_copy b JOIN image t ON t.digest = b.source JOIN image_advisory_key k ON k.image_id = t.id WHERE b.n >= ? AND b.n < ?",
                    "INSERT INTO finding (digest, finding_key, advisory_id, aliases, package, version, purl, severity, fixed_version, kev, suppressed, "
                        + "vex_status, first_seen, resolved_at, doc) SELECT b.digest, f.finding_key, f.advisory_id, f.aliases, f.package, f.version, "
                        + "f.purl, f.severity, f.fixed_version, f.kev, f.suppressed, f.vex_status, f.first_seen, f.resolved_at, f.doc "
                        + "FROM bench_copy b JOIN finding f ON f.digest = b.source WHERE b.n >= ? AND b.n < ?"};
                for (int from = 0; from < n; from += COPIES_PER_TRANSACTION) {
                    for (String sql : copies) {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setLong(1, from);
                            ps.setLong(2, from + COPIES_PER_TRANSACTION);
                            ps.executeUpdate();
                        }
                    }
                    c.commit();
                    out.printf("  %d images%n", Math.min(n, from + COPIES_PER_TRANSACTION));
                }
                if (!database.isSqlite()) { // the next push's key comes after the copies' (SQLite's is MAX(id) + 1 by itself)
                    st.execute("SELECT setval('image_key', (SELECT MAX(id) + 1 FROM image), false)");
                }
                st.execute("DROP TABLE bench_copy");
                st.execute("DROP TABLE bench_template");
                c.commit();
                long t0 = System.nanoTime();
                for (String index : indexes) { // built once from the loaded rows: faster than kept up row by row
                    st.execute(index);
                }
                c.commit();
                out.printf("  %d indexes built in %.1f s%n", indexes.size(), (System.nanoTime() - t0) / 1e9);
                if (database.isSqlite()) {
                    st.execute("PRAGMA cache_size = -2000"); // back to SQLite's default: the rounds get a server's connection
                }
            }
        }
        long stored = count(database, "SELECT COUNT(*) FROM image");
        if (stored != n) {
            throw new IllegalStateException("synthesis made " + stored + " images, not " + n);
        }
        // statistics for the planner, as a long-running server's database has them
        try (Connection a = database.connect(); Statement st = a.createStatement()) {
            st.execute(database.isSqlite() ? "ANALYZE" : "VACUUM ANALYZE");
        }
    }

    /** SQLite's page cache while copying, in KiB: the indexes being filled stay in memory. */
    static final int COPY_CACHE_KIB = 1_000_000;

    /** The tables the copies fill. */
    static final List<String> COPIED = List.of("image", "judgement", "image_tag", "image_package", "image_advisory_key", "finding");

    /**
     * Drops the copied tables' secondary indexes (primary keys stay: the copies read the templates' rows by them) and
     * answers the statements that create them again, exactly as the migrations made them.
     */
    static List<String> dropSecondaryIndexes(ServerDatabase database, Connection c) throws Exception {
        List<String[]> found = new ArrayList<>(); // name, definition
        String sql = database.isSqlite()
                ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?"
                : "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = ? "
                        + "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)";
        for (String table : COPIED) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String[] index : found) {
                st.execute("DROP INDEX " + index[0]);
            }
        }
        c.commit();
        return found.stream().map(index -> index[1]).toList();
    }

    /** Image i's digest: i in hex, as the synthesis's SQL writes it (distinct, and of a digest's shape). */
    static String digest(int i) {
        return String.format("sha256:%064x", i);
    }

    /** The touched images of round R share 10 templates holding bench-target-R; the others share TEMPLATES. */
    static String template(int i, int rounds) {
        int round = i / TOUCHED;
        return round < rounds ? "touched-" + round + "-" + (i % 10) : "base-" + (i % TEMPLATES);
    }

    /**
     * One base package set: 3/4 names advisories mention, 1/4 names none does. heavy: every advised name at an old
     * version; typical: 5 at old versions, the other advised names current (names no advisory affects at 9999.0).
     */
    static List<Package> packages(Random random, int count, List<String> pool, List<String> safe, String shape) {
        String[] old = {"0.1", "0.9", "1.0", "1.5"};
        boolean heavy = shape.equals("heavy");
        List<Package> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        int stale = 0;
        while (out.size() < count) {
            boolean advised = random.nextInt(4) != 0;
            boolean old1 = advised && (heavy || stale < 5);
            List<String> from = old1 ? pool : safe;
            String name = advised ? from.get(random.nextInt(from.size())) : "bench-filler-" + random.nextInt(20_000);
            if (!names.add(name)) {
                continue;
            }
            stale += old1 ? 1 : 0;
            out.add(pypi(name, old1 ? old[random.nextInt(old.length)] : "9999.0"));
        }
        return out;
    }

    /** Stores an image through the server's push path: the CycloneDX document read back, judged, stored and indexed. */
    static void push(ImageStore images, AdvisoryStore store, dev.warden.core.finding.ScanResult.DatabaseInfo database, PolicyStore.Active active,
                     String digest, String repository, List<Package> packages, ObjectMapper json) throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(new Sbom(null, null, packages, List.of()), cdx);
        byte[] bytes = cdx.toByteArray();
        ImageFactsDocument facts = ImageFactsDocument.read(json.readTree("{}"), json);
        Sbom sbom = facts.applyTo(new SbomReader().read(bytes, "bench SBOM"));
        PushedImage image = new PushedImage(digest, "content", repository, List.of("latest"), sbom, bytes, facts.write(json), facts.context());
        Judge.Outcome outcome = Judge.judge(sbom, facts.context(), active.set(), List.of(), store, database, java.time.Instant.now());
        images.store(image, outcome, active.version(), 0, "bench", Cause.of("push"));
    }

    static Package pypi(String name, String version) {
        String purl = "pkg:pypi/" + name + "@" + version;
        return new Package(purl, "pypi", null, name, version, purl, List.of(), List.of(), null, "bench", null, Map.of());
    }

    static long count(ServerDatabase database, String sql) {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long countLike(ServerDatabase database, String like) {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(DISTINCT digest) FROM alert WHERE kind = 'new_finding' AND advisories LIKE ?")) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    /** The server's tables, each with its indexes. */
    static final List<String> TABLES = List.of("image", "image_tag", "tag_history", "image_package", "image_advisory_key", "match_package", "finding",
            "judgement", "alert", "webhook_delivery", "monitor_cursor");

    /**
     * Bytes the server's tables take: the SQLite file (and its WAL), or PostgreSQL's relation sizes with indexes; the
     * largest tables printed per image (SQLite's dbstat, where the driver has it).
     */
    static long size(ServerDatabase database, int n, PrintStream out) throws Exception {
        java.util.Map<String, Long> byTable = new java.util.TreeMap<>();
        long total = 0;
        try (Connection c = database.connect()) {
            if (database.isSqlite()) {
                try (PreparedStatement ps = c.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    ps.execute();
                }
                Path file = database.location().file();
                Path wal = file.resolveSibling(file.getFileName() + "-wal");
                total = Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
                try (PreparedStatement ps = c.prepareStatement("SELECT tbl_name, name FROM sqlite_master WHERE type IN ('table', 'index')");
                     ResultSet rs = ps.executeQuery()) {
                    java.util.Map<String, String> tableOf = new java.util.HashMap<>();
                    while (rs.next()) {
                        tableOf.put(rs.getString(2), rs.getString(1));
                    }
                    try (PreparedStatement st = c.prepareStatement("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"); ResultSet r2 = st.executeQuery()) {
                        while (r2.next()) {
                            byTable.merge(tableOf.getOrDefault(r2.getString(1), r2.getString(1)), r2.getLong(2), Long::sum);
                        }
                    }
                } catch (java.sql.SQLException e) {
                    out.println("  (no per-table sizes: " + e.getMessage() + ")");
                }
            } else {
                for (String t : TABLES) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(?)")) {
                        ps.setString(1, t);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            byTable.put(t, rs.getLong(1));
                            total += rs.getLong(1);
                        }
                    }
                }
            }
        }
        byTable.entrySet().stream().filter(e -> TABLES.contains(e.getKey())).sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(6)
                .forEach(e -> out.printf("  %-20s %8.1f KB per image%n", e.getKey(), e.getValue() / 1e3 / n));
        return total;
    }
}
