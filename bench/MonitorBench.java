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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * other image is a copy of one of them under its own digest and repository, made with bulk INSERT ... SELECT in
 * transactions of 1,000 images (the rows a push writes: image with its gzip CycloneDX SBOM, tag, packages, lookup
 * keys, findings, judgement). Components are PyPI names the advisory database has (the whole PyPA database ships in
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
            ImageRejudger rejudger = new ImageRejudger(vulndb, images, new PolicyStore(tx, json), new VexStore(tx), json, quiet);
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
                try (AdvisoryStore store = vulndb.open(false)) {
                    for (int r = 0; r < rounds; r++) {
                        String id = "BENCH-" + System.currentTimeMillis() + "-" + r;
                        Path file = work.resolve(id + ".json");
                        Files.writeString(file, "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2026-12-01T00:00:00Z\","
                                + "\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
                                + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"bench-target-" + r + "\"},"
                                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]}]}");
                        store.importFeed("bench-advisories", FeedKind.OSV, false, null, x -> { }, sink -> FeedFormats.reader(FeedKind.OSV).read(file, sink));
                        long start = System.nanoTime();
                        monitor.poke();
                        String like = "%" + id + "%";
                        waitFor(() -> countLike(database, like) == TOUCHED, "the alerts of round " + r);
                        double ms = (System.nanoTime() - start) / 1e6;
                        millis.add(ms);
                        out.printf("round %d: %d images re-judged, alerts recorded in %.0f ms%n", r, TOUCHED, ms);
                    }
                }
                List<Double> sorted = millis.stream().sorted().toList();
                out.printf("re-evaluation of one advisory touching %d of %d images: p50 %.0f ms, p90 %.0f ms (%d rounds)%n", TOUCHED, n,
                        sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)), rounds);
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

    /** Distinct package sets the fleet is built from (besides the touched images' own). */
    static final int TEMPLATES = 200;
    /** Images copied per transaction. */
    static final int COPIES_PER_TRANSACTION = 1_000;

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
        long now = System.currentTimeMillis();
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
        // first the templates, each pushed once (their own transactions: SQLite has one writer at a time)
        for (int i = 0; i < n; i++) {
            String digest = digest(i);
            digests.add(digest);
            int round = i / TOUCHED;
            String template = template(i, rounds);
            if (!pushed.containsKey(template)) {
                List<Package> packages = new ArrayList<>(bases.computeIfAbsent("base-" + (i % TEMPLATES),
                        t -> packages(random, components - 1, pool, safe, shape)));
                packages.add(round < rounds ? pypi("bench-target-" + round, "1.0") : pypi("bench-own-" + (i % TEMPLATES), "1.0"));
                push(images, vulndb, active, digest, "bench/app-" + i, packages, json);
                pushed.put(template, digest);
            }
        }
        out.printf("  %d templates pushed%n", pushed.size());
        java.util.Set<String> templateImages = new java.util.HashSet<>(pushed.values());
        Connection c = database.connect();
        c.setAutoCommit(false);
        PreparedStatement image = c.prepareStatement("INSERT INTO image (digest, digest_kind, repository, first_pushed, last_pushed, pushed_by, facts, "
                + "sbom, sbom_sha256, package_count, grade, score, verdict, match_view, judgement_id) SELECT ?, digest_kind, ?, first_pushed, last_pushed, "
                + "pushed_by, facts, sbom, sbom_sha256, package_count, grade, score, verdict, match_view, ? FROM image WHERE digest = ?");
        PreparedStatement judgement = c.prepareStatement("INSERT INTO judgement (id, digest, judged_at, cause, policy_version, vex_revision, db_state, "
                + "verdict, grade, score, points, maximum, results, summary, cause_detail) SELECT ?, ?, judged_at, cause, policy_version, vex_revision, "
                + "db_state, verdict, grade, score, points, maximum, results, summary, cause_detail FROM judgement WHERE id = "
                + "(SELECT judgement_id FROM image WHERE digest = ?)");
        PreparedStatement tag = c.prepareStatement("INSERT INTO image_tag (repository, tag, digest, since) VALUES (?, 'latest', ?, ?)");
        PreparedStatement pkg = c.prepareStatement("INSERT INTO image_package (digest, purl_type, name, version, purl) SELECT ?, purl_type, name, "
                + "version, purl FROM image_package WHERE digest = ?");
        PreparedStatement key = c.prepareStatement("INSERT INTO image_advisory_key (digest, purl_type, name, packages) SELECT ?, purl_type, name, "
                + "packages FROM image_advisory_key WHERE digest = ?");
        PreparedStatement finding = c.prepareStatement("INSERT INTO finding (digest, finding_key, advisory_id, aliases, package, version, purl, severity, "
                + "fixed_version, kev, suppressed, vex_status, first_seen, resolved_at, doc) SELECT ?, finding_key, advisory_id, aliases, package, version, "
                + "purl, severity, fixed_version, kev, suppressed, vex_status, first_seen, resolved_at, doc FROM finding WHERE digest = ?");
        int pending = 0;
        for (int i = 0; i < n; i++) {
            String digest = digests.get(i);
            if (templateImages.contains(digest)) {
                continue;
            }
            String repository = "bench/app-" + i;
            String from = pushed.get(template(i, rounds));
            image.setString(1, digest);
            image.setString(2, repository);
            image.setString(3, "j-" + digest);
            image.setString(4, from);
            image.addBatch();
            judgement.setString(1, "j-" + digest);
            judgement.setString(2, digest);
            judgement.setString(3, from);
            judgement.addBatch();
            tag.setString(1, repository);
            tag.setString(2, digest);
            tag.setLong(3, now);
            tag.addBatch();
            for (PreparedStatement ps : List.of(pkg, key, finding)) {
                ps.setString(1, digest);
                ps.setString(2, from);
                ps.addBatch();
            }
            if (++pending == COPIES_PER_TRANSACTION) {
                for (PreparedStatement ps : List.of(image, judgement, tag, pkg, key, finding)) {
                    ps.executeBatch();
                }
                c.commit();
                pending = 0;
            }
            if (i % 10_000 == 9_999) {
                out.printf("  %d images%n", i + 1);
            }
        }
        for (PreparedStatement ps : List.of(image, judgement, tag, pkg, key, finding)) {
            ps.executeBatch();
            ps.close();
        }
        c.commit();
        c.close();
        if (database.isSqlite()) { // statistics for the planner, as a long-running server's database has them
            try (Connection a = database.connect(); PreparedStatement ps = a.prepareStatement("ANALYZE")) {
                ps.execute();
            }
        } else {
            try (Connection a = database.connect(); PreparedStatement ps = a.prepareStatement("VACUUM ANALYZE")) {
                ps.execute();
            }
        }
        return digests;
    }

    static String digest(int i) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("bench-" + i).getBytes(StandardCharsets.UTF_8)));
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
    static void push(ImageStore images, VulnDb vulndb, PolicyStore.Active active, String digest, String repository, List<Package> packages,
                     ObjectMapper json) throws Exception {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(new Sbom(null, null, packages, List.of()), cdx);
        byte[] bytes = cdx.toByteArray();
        ImageFactsDocument facts = ImageFactsDocument.read(json.readTree("{}"), json);
        Sbom sbom = facts.applyTo(new SbomReader().read(bytes, "bench SBOM"));
        PushedImage image = new PushedImage(digest, "content", repository, List.of("latest"), sbom, bytes, facts.write(json), facts.context());
        try (AdvisoryStore store = vulndb.open(false)) {
            Judge.Outcome outcome = Judge.judge(sbom, facts.context(), active.set(), List.of(), store, vulndb.describe(store), java.time.Instant.now());
            images.store(image, outcome, active.version(), 0, "bench", Cause.of("push"));
        }
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
