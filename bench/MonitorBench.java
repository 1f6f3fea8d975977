import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.match.LookupKeys;
import dev.warden.server.Cause;
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
import java.util.zip.GZIPOutputStream;

/**
 * Continuous monitoring at scale (issue 12), not a test: N stored images of C components each, synthesised straight
 * into the server's tables (the rows a push writes: image with its gzip CycloneDX SBOM, tag, packages, lookup keys),
 * then:
 * <ol>
 *   <li>a full re-match of every image (the "new database" case): SBOMs per second;</li>
 *   <li>ROUNDS times, one new advisory for a package exactly 100 of the images hold, imported as 'db import' does, the
 *   monitor poked, and the time until those 100 images' alerts are recorded (the re-evaluation itself, without the
 *   poll interval): p50 and p90;</li>
 *   <li>the server tables' size per stored image.</li>
 * </ol>
 * Components: 3/4 PyPI names the advisory database has (the whole PyPA database ships in the snapshot) at old
 * versions, so most images have findings to judge and store; 1/4 names no advisory mentions.
 * Usage: java -cp CP bench/MonitorBench.java N C ROUNDS DB WORK [REMATCH]   (DB: sqlite, or a postgresql:// URL; REMATCH: how
 * many images the full re-match times, default all of them)
 */
public class MonitorBench {
    static final int TOUCHED = 100;

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int components = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String db = args[3].equals("sqlite") ? null : args[3];
        Path work = Files.createDirectories(Path.of(args[4]));
        int rematch = args.length > 5 ? Integer.parseInt(args[5]) : n;
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
            List<String> digests = synthesise(database, n, components, rounds, pool, json);
            out.printf("synthesised %d images of %d components in %.1f s%n", n, components, (System.nanoTime() - t0) / 1e9);

            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            ImageRejudger rejudger = new ImageRejudger(vulndb, images, new PolicyStore(tx, json), new VexStore(tx), json, quiet);
            t0 = System.nanoTime();
            ImageRejudger.Result full = rejudger.rejudge(digests.subList(0, Math.min(rematch, n)),
                    Cause.advisories(List.of(), Map.of("reason", "bench: full re-match")));
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("full re-match: %d images in %.1f s = %.1f SBOMs/s (%d alerts, %d failed)%n", full.judged(), seconds, full.judged() / seconds,
                    full.alerts(), full.failed().size());
            if (rematch < n) { // the touched images need a first judgement for their alerts to mean "new"
                rejudger.rejudge(digests.subList(rematch, Math.min(n, Math.max(rematch, rounds * TOUCHED))), Cause.advisories(List.of(), Map.of()));
            }

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
            long bytes = size(database);
            out.printf("server tables: %.1f MB, %.1f KB per stored image%n", bytes / 1e6, bytes / 1e3 / n);
        }
    }

    /** The rows a push writes, in batches of 250 images per transaction. */
    static List<String> synthesise(ServerDatabase database, int n, int components, int rounds, List<String> pool, ObjectMapper json) throws Exception {
        Random random = new Random(12);
        String[] versions = {"0.1", "0.9", "1.0", "1.5"};
        List<String> digests = new ArrayList<>();
        String facts = "{\"image\":null,\"secrets\":null,\"base\":null,\"baseTag\":null}";
        long now = System.currentTimeMillis();
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement image = c.prepareStatement("INSERT INTO image (digest, digest_kind, repository, first_pushed, last_pushed, pushed_by, "
                    + "facts, sbom, sbom_sha256, package_count) VALUES (?, 'content', ?, ?, ?, 'bench', ?, ?, ?, ?)");
                 PreparedStatement tag = c.prepareStatement("INSERT INTO image_tag (repository, tag, digest, since) VALUES (?, 'latest', ?, ?)");
                 PreparedStatement pkg = c.prepareStatement("INSERT INTO image_package (digest, purl_type, name, version, purl) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement key = c.prepareStatement("INSERT INTO image_advisory_key (digest, purl_type, name) VALUES (?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    List<Package> packages = new ArrayList<>();
                    java.util.Set<String> names = new java.util.HashSet<>();
                    if (i < rounds * TOUCHED) {
                        names.add("bench-target-" + (i / TOUCHED));
                        packages.add(pypi("bench-target-" + (i / TOUCHED), "1.0"));
                    }
                    while (packages.size() < components) {
                        boolean advised = random.nextInt(4) != 0;
                        String name = advised ? pool.get(random.nextInt(pool.size())) : "bench-filler-" + random.nextInt(20_000);
                        if (names.add(name)) {
                            packages.add(pypi(name, versions[random.nextInt(versions.length)]));
                        }
                    }
                    Sbom sbom = new Sbom(null, null, packages, List.of());
                    ByteArrayOutputStream cdx = new ByteArrayOutputStream();
                    SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(sbom, cdx);
                    byte[] bytes = cdx.toByteArray();
                    String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("bench-" + i).getBytes(StandardCharsets.UTF_8)));
                    String repository = "bench/app-" + i;
                    digests.add(digest);
                    image.setString(1, digest);
                    image.setString(2, repository);
                    image.setLong(3, now);
                    image.setLong(4, now);
                    image.setString(5, facts);
                    image.setBytes(6, gzip(bytes));
                    image.setString(7, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
                    image.setLong(8, packages.size());
                    image.addBatch();
                    tag.setString(1, repository);
                    tag.setString(2, digest);
                    tag.setLong(3, now);
                    tag.addBatch();
                    for (Package p : packages) {
                        pkg.setString(1, digest);
                        pkg.setString(2, p.type());
                        pkg.setString(3, p.name());
                        pkg.setString(4, p.version());
                        pkg.setString(5, p.purl());
                        pkg.addBatch();
                    }
                    for (LookupKeys.Key k : LookupKeys.of(sbom)) {
                        key.setString(1, digest);
                        key.setString(2, k.type());
                        key.setString(3, k.name());
                        key.addBatch();
                    }
                    if (i % 250 == 249 || i == n - 1) {
                        image.executeBatch();
                        tag.executeBatch();
                        pkg.executeBatch();
                        key.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return digests;
    }

    static Package pypi(String name, String version) {
        String purl = "pkg:pypi/" + name + "@" + version;
        return new Package(purl, "pypi", null, name, version, purl, List.of(), List.of(), null, "bench", null, Map.of());
    }

    static byte[] gzip(byte[] bytes) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
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

    /** Bytes the server's tables take: the SQLite file (and its WAL), or PostgreSQL's relation sizes with indexes. */
    static long size(ServerDatabase database) throws Exception {
        if (database.isSqlite()) {
            Path file = database.location().file();
            try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement("PRAGMA wal_checkpoint(TRUNCATE)")) {
                ps.execute();
            }
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            return Files.size(file) + (Files.exists(wal) ? Files.size(wal) : 0);
        }
        long total = 0;
        try (Connection c = database.connect()) {
            for (String t : List.of("image", "image_tag", "tag_history", "image_package", "image_advisory_key", "finding", "judgement", "alert",
                    "webhook_delivery", "monitor_cursor")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(?)")) {
                    ps.setString(1, t);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        total += rs.getLong(1);
                    }
                }
            }
        }
        return total;
    }
}
