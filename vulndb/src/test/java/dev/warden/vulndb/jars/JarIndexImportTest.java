package dev.warden.vulndb.jars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.core.jar.JarCoordinates;
import dev.warden.vulndb.ImportReport;
import dev.warden.vulndb.store.Database;
import dev.warden.vulndb.store.FeedState;
import dev.warden.vulndb.store.JarIndexStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden db import} of Maven and Gradle repository layouts and of Trivy's Java index into the jar index. */
class JarIndexImportTest {
    @TempDir
    Path dir;

    private JarIndexStore store() {
        return JarIndexStore.open(Database.sqlite(dir.resolve("db/warden.db")));
    }

    private ImportReport importPath(JarIndexStore store, Path path) throws IOException {
        JarIndexSources.Kind kind = JarIndexSources.detect(path).orElseThrow(() -> new AssertionError(path + " not detected"));
        return JarIndexSources.importInto(store, kind, path, JarIndexSources.defaultFeed(kind, path), path.toString(), dir.resolve("scratch"));
    }

    @Test
    void mavenRepositoryJarsAreIndexedUnderTheirPath() throws IOException {
        Path repo = dir.resolve("m2/repository");
        byte[] core = JarFixtures.jar("spring-core");
        byte[] natives = JarFixtures.jar("netty-native");
        byte[] snapshot = JarFixtures.jar("snap");
        JarFixtures.write(repo, "org/springframework/spring-core/6.2.19/spring-core-6.2.19.jar", core);
        JarFixtures.write(repo, "org/springframework/spring-core/6.2.19/spring-core-6.2.19.pom", "<project/>".getBytes());
        JarFixtures.write(repo, "io/netty/netty-transport-native-epoll/4.1.118.Final/"
                + "netty-transport-native-epoll-4.1.118.Final-linux-x86_64.jar", natives);
        JarFixtures.write(repo, "com/acme/snap/1.0-SNAPSHOT/snap-1.0-20241201.101500-3.jar", snapshot);
        JarFixtures.write(repo, "stray/not-in-layout.jar", JarFixtures.jar("stray"));

        try (JarIndexStore store = store()) {
            ImportReport report = importPath(store, repo);
            assertThat(report.records()).isEqualTo(3);
            assertThat(report.warnings()).singleElement().asString().startsWith("1 jar(s) whose path does not follow the Maven repository layout");
            Map<String, List<JarCoordinates>> found = store.find(List.of(JarFixtures.sha1(core), JarFixtures.sha1(natives),
                    JarFixtures.sha1(snapshot), "0000000000000000000000000000000000000000", "not-a-sha1"));
            assertThat(found).containsOnly(
                    Map.entry(JarFixtures.sha1(core), List.of(new JarCoordinates("org.springframework", "spring-core", "6.2.19"))),
                    Map.entry(JarFixtures.sha1(natives), List.of(new JarCoordinates("io.netty", "netty-transport-native-epoll", "4.1.118.Final"))),
                    Map.entry(JarFixtures.sha1(snapshot), List.of(new JarCoordinates("com.acme", "snap", "1.0-SNAPSHOT"))));
            assertThat(store.countsByFeed()).containsOnly(Map.entry("jars:" + repo.toAbsolutePath(), 3L));
        }
    }

    @Test
    void gradleCacheJarsAreIndexedAndReimportReplacesOnlyThatFolder() throws IOException {
        Path files = dir.resolve("gradle/caches/modules-2/files-2.1");
        byte[] grpc = JarFixtures.jar("grpc-core");
        JarFixtures.write(files, "io.grpc/grpc-core/1.70.0/3e9b0d3f1a7c/grpc-core-1.70.0.jar", grpc);
        Path other = dir.resolve("m2");
        byte[] lib = JarFixtures.jar("lib");
        JarFixtures.write(other, "org/x/lib/1/lib-1.jar", lib);
        try (JarIndexStore store = store()) {
            assertThat(JarIndexSources.detect(dir.resolve("gradle/caches/modules-2"))).contains(JarIndexSources.Kind.REPOSITORY);
            importPath(store, files);
            importPath(store, other);
            assertThat(store.find(List.of(JarFixtures.sha1(grpc)))).containsEntry(JarFixtures.sha1(grpc),
                    List.of(new JarCoordinates("io.grpc", "grpc-core", "1.70.0")));
            // the jar left the cache: importing the folder again forgets it, the other folder's rows stay
            Files.delete(files.resolve("io.grpc/grpc-core/1.70.0/3e9b0d3f1a7c/grpc-core-1.70.0.jar"));
            JarFixtures.write(files, "io.grpc/grpc-api/1.70.0/77aa/grpc-api-1.70.0.jar", JarFixtures.jar("grpc-api"));
            importPath(store, files);
            assertThat(store.find(List.of(JarFixtures.sha1(grpc), JarFixtures.sha1(lib)))).containsOnlyKeys(JarFixtures.sha1(lib));
        }
    }

    @Test
    void trivyJavaIndexFileAndArtifactArchiveAreRead() throws Exception {
        byte[] a = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");
        byte[] b = HexFormat.of().parseHex("fedcba9876543210fedcba9876543210fedcba98");
        Path db = JarFixtures.trivyDb(dir.resolve("trivy-java.db"), List.of(
                new JarFixtures.Row("org.springframework", "spring-core", "6.2.19", a, "jar"),
                new JarFixtures.Row("org.apache.tomcat.embed", "tomcat-embed-core", "10.1.55", b, "jar"),
                new JarFixtures.Row("org.broken", "short-sha1", "1.0", new byte[] {1, 2, 3}, "jar")));
        try (JarIndexStore store = store()) {
            assertThat(JarIndexSources.detect(db)).contains(JarIndexSources.Kind.TRIVY_DB);
            ImportReport report = importPath(store, db);
            assertThat(report.records()).isEqualTo(2);
            assertThat(report.warningCount()).isEqualTo(1);
            assertThat(store.find(List.of("0123456789abcdef0123456789abcdef01234567"))).containsEntry(
                    "0123456789abcdef0123456789abcdef01234567", List.of(new JarCoordinates("org.springframework", "spring-core", "6.2.19")));

            Path archive = JarFixtures.artifactArchive(db, dir.resolve("javadb.tar.gz"));
            Files.delete(db);
            assertThat(JarIndexSources.detect(archive)).contains(JarIndexSources.Kind.TRIVY_ARCHIVE);
            assertThat(importPath(store, archive).records()).isEqualTo(2);
            assertThat(store.countsByFeed()).containsOnly(Map.entry(JarIndexSources.TRIVY_FEED, 2L));
            assertThat(dir.resolve("scratch/trivy-java.db")).doesNotExist();
        }
    }

    @Test
    void badInputIsOneLineAndTheIndexIsUnchanged() throws Exception {
        Path repo = dir.resolve("m2");
        byte[] lib = JarFixtures.jar("lib");
        JarFixtures.write(repo, "org/x/lib/1/lib-1.jar", lib);
        Path notTrivy = dir.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + notTrivy)) {
            c.createStatement().execute("CREATE TABLE t(x)");
        }
        try (JarIndexStore store = store()) {
            importPath(store, repo);
            assertThatThrownBy(() -> importPath(store, notTrivy)).isInstanceOf(WardenException.class)
                    .hasMessageContaining(notTrivy + ": not Trivy's Java index");
            Path garbage = Files.write(dir.resolve("javadb.tar.gz"), "not gzip at all".getBytes());
            assertThatThrownBy(() -> importPath(store, garbage)).isInstanceOf(WardenException.class).hasMessageContaining(garbage.toString());
            // a failure halfway through an import rolls it back: the folder's rows are as before
            assertThatThrownBy(() -> store.importFeed("jars:" + repo.toAbsolutePath(), "jar-repository", "x", 10, sink -> {
                sink.add(JarFixtures.sha1(JarFixtures.jar("new")), new JarCoordinates("org.new", "new", "1"));
                throw new IOException("disk went away");
            })).isInstanceOf(WardenException.class).hasMessageContaining("the jar index is unchanged");
            assertThat(store.countsByFeed()).containsOnly(Map.entry("jars:" + repo.toAbsolutePath(), 1L));
            assertThat(store.find(List.of(JarFixtures.sha1(lib)))).containsKey(JarFixtures.sha1(lib));
        }
        // an OSV folder or file is not jar index input: left to the advisory feeds
        Path osv = Files.createDirectories(dir.resolve("osv"));
        Files.writeString(osv.resolve("GHSA-x.json"), "{}");
        assertThat(JarIndexSources.detect(osv)).isEmpty();
        assertThat(JarIndexSources.detect(osv.resolve("GHSA-x.json"))).isEmpty();
    }

    @Test
    void importsAreRecordedAsFeeds() throws IOException {
        Path repo = dir.resolve("m2");
        JarFixtures.write(repo, "org/x/lib/1/lib-1.jar", JarFixtures.jar("lib"));
        try (JarIndexStore store = store()) {
            importPath(store, repo);
        }
        try (var advisories = dev.warden.vulndb.store.AdvisoryStore.open(Database.sqlite(dir.resolve("db/warden.db")))) {
            assertThat(advisories.feedStates()).extracting(FeedState::feed, FeedState::kind, FeedState::records)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("jars:" + repo.toAbsolutePath(), "jar-repository", 1L));
        }
    }

    @Test
    void linksAreNotFollowedOutOfTheRepository() throws IOException {
        Path outside = JarFixtures.write(dir, "outside/secret-1.0.jar", JarFixtures.jar("secret"));
        Path repo = dir.resolve("m2");
        byte[] lib = JarFixtures.jar("lib");
        JarFixtures.write(repo, "org/x/lib/1/lib-1.jar", lib);
        Files.createDirectories(repo.resolve("org/x/secret/1.0"));
        Files.createSymbolicLink(repo.resolve("org/x/secret/1.0/secret-1.0.jar"), outside);
        Files.createSymbolicLink(repo.resolve("org/linked"), outside.getParent());
        try (JarIndexStore store = store()) {
            assertThat(importPath(store, repo).records()).isEqualTo(1);
            assertThat(store.find(List.of(JarFixtures.sha1(JarFixtures.jar("secret"))))).isEmpty();
        }
    }
}
