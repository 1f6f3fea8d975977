package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same migrations and SQL on a real PostgreSQL (Debian package {@code postgresql}): a throwaway
 * cluster made with initdb in a temp dir, on a loopback port. The advisory data must come out
 * identical to SQLite's (same content hash).
 */
@Tag("live") // a real PostgreSQL cluster (initdb, pg_ctl)
class PostgresStoreTest {

    private Path cluster;
    private Path pgBin;
    private int port;

    private List<String> asPostgres(String... command) {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // postgres refuses to run as root
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asPostgres(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }

    @BeforeEach
    void startCluster() throws Exception {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            pgBin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no initdb under /usr/lib/postgresql/*/bin"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql (listed in .ci/packages)", e);
        }
        cluster = Files.createTempDirectory("warden-pg-");
        if ("root".equals(System.getProperty("user.name"))) {
            new ProcessBuilder("chown", "postgres", cluster.toString()).inheritIO().start().waitFor();
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(pgBin.resolve("initdb").toString(), "-D", cluster.resolve("data").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8");
        run(pgBin.resolve("pg_ctl").toString(), "-D", cluster.resolve("data").toString(), "-l", cluster.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + cluster, "start");
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            try {
                run(pgBin.resolve("pg_ctl").toString(), "-D", cluster.resolve("data").toString(), "-m", "immediate", "stop");
            } finally {
                try (Stream<Path> walk = Files.walk(cluster)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void sameSchemaSameDataAsSqlite() throws IOException {
        Path tmp = Files.createTempDirectory("warden-pg-data-");
        Path go = TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp);
        Path kev = TestFeeds.resource("kev-sample.json", tmp);
        Path tracker = TestFeeds.resource("debian-security-tracker-sample.json", tmp);
        String sqliteHash;
        try (AdvisoryStore sqlite = TestFeeds.store(tmp)) {
            TestFeeds.load(sqlite, "osv-Go", FeedKind.OSV, go);
            TestFeeds.load(sqlite, "kev", FeedKind.KEV, kev);
            TestFeeds.load(sqlite, "debian-tracker", FeedKind.DEBIAN_TRACKER, tracker);
            sqliteHash = sqlite.contentHash();
        }
        Database pg = Database.parse("postgresql://postgres@127.0.0.1:" + port + "/postgres");
        try (AdvisoryStore store = AdvisoryStore.open(pg)) {
            TestFeeds.load(store, "osv-Go", FeedKind.OSV, go);
            TestFeeds.load(store, "kev", FeedKind.KEV, kev);
            TestFeeds.load(store, "debian-tracker", FeedKind.DEBIAN_TRACKER, tracker);
            assertThat(store.counts()).containsEntry("advisory", 4291L + 7).containsEntry("affected", 6125L + 25);
            assertThat(store.contentHash()).isEqualTo(sqliteHash);
            // idempotent there too
            TestFeeds.load(store, "osv-Go", FeedKind.OSV, go);
            assertThat(store.contentHash()).isEqualTo(sqliteHash);
            assertThat(store.findByPackage("golang", "stdlib")).isNotEmpty();
            assertThat(store.findById("CVE-2022-27664")).isPresent();
            assertThat(store.findByPackage("deb", "chromium")).singleElement();
            // the batched KEV lookup (same IN (...) SQL as SQLite) equals the per-id one; absent ids have no key
            assertThat(store.kevs(List.of("CVE-2025-0108", "CVE-2024-53704", "CVE-1900-0001")))
                    .containsOnlyKeys("CVE-2025-0108", "CVE-2024-53704")
                    .containsEntry("CVE-2025-0108", store.kev("CVE-2025-0108").orElseThrow())
                    .containsEntry("CVE-2024-53704", store.kev("CVE-2024-53704").orElseThrow());
        }
        // a second open finds the schema current and does not migrate again
        assertThat(pg.schemaVersion()).isEqualTo(Database.SCHEMA_VERSION);
    }

    /** The change log (migration V4) says the same on PostgreSQL as on SQLite (ChangeLogTest). */
    @Test
    void changeLogOnPostgres() throws Exception {
        ChangeLogScenario.run(Database.parse("postgresql://postgres@127.0.0.1:" + port + "/postgres"), Files.createTempDirectory("warden-pg-log-"));
    }

    /** The jar index (migration V2) works the same on PostgreSQL: import, lookup, replace on re-import. */
    @Test
    void jarIndexOnPostgresAsOnSqlite() throws Exception {
        Path tmp = Files.createTempDirectory("warden-pg-jars-");
        Path repo = tmp.resolve("repository");
        byte[] lib = dev.warden.vulndb.jars.JarFixtures.jar("lib");
        dev.warden.vulndb.jars.JarFixtures.write(repo, "org/x/lib/1.0/lib-1.0.jar", lib);
        Path trivy = dev.warden.vulndb.jars.JarFixtures.trivyDb(tmp.resolve("trivy-java.db"), List.of(new dev.warden.vulndb.jars.JarFixtures.Row(
                "org.springframework", "spring-core", "6.2.19", java.util.HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567"), "jar")));
        Database pg = Database.parse("postgresql://postgres@127.0.0.1:" + port + "/postgres");
        String sha1 = dev.warden.vulndb.jars.JarFixtures.sha1(lib);
        try (var store = dev.warden.vulndb.store.JarIndexStore.open(pg)) {
            for (Path input : List.of(repo, repo, trivy)) {
                var kind = dev.warden.vulndb.jars.JarIndexSources.detect(input).orElseThrow();
                dev.warden.vulndb.jars.JarIndexSources.importInto(store, kind, input,
                        dev.warden.vulndb.jars.JarIndexSources.defaultFeed(kind, input), input.toString(), tmp.resolve("scratch"));
            }
            assertThat(store.find(List.of(sha1, "0123456789abcdef0123456789abcdef01234567", "ffffffffffffffffffffffffffffffffffffffff")))
                    .containsOnly(java.util.Map.entry(sha1, List.of(new dev.warden.core.jar.JarCoordinates("org.x", "lib", "1.0"))),
                            java.util.Map.entry("0123456789abcdef0123456789abcdef01234567",
                                    List.of(new dev.warden.core.jar.JarCoordinates("org.springframework", "spring-core", "6.2.19"))));
            assertThat(store.countsByFeed()).containsOnly(java.util.Map.entry("jars:" + repo.toAbsolutePath(), 1L),
                    java.util.Map.entry("trivy-java-db", 1L));
        }
        try (AdvisoryStore advisories = AdvisoryStore.open(pg)) {
            assertThat(advisories.feedStates()).extracting(s -> s.feed()).containsExactly("jars:" + repo.toAbsolutePath(), "trivy-java-db");
        }
    }
}
