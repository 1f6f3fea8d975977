package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.vulndb.feed.OsvReader;
import dev.warden.vulndb.store.AdvisoryStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports are transactional and idempotent; hostile and broken input is warned about, never half-applied. */
class ImportSafetyTest {

    @TempDir
    Path tmp;

    private static String record(String id, String modified, String pkg, String fixed) {
        return """
                {"schema_version": "1.6.0", "id": "%s", "modified": "%s", "aliases": ["CVE-2099-%s"],
                 "affected": [{"package": {"ecosystem": "PyPI", "name": "%s"},
                   "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}
                """.formatted(id, modified, id.substring(id.length() - 4), pkg, fixed);
    }

    @Test
    void reimportingTheSameDataChangesNothing() {
        Path go = TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp);
        Path kev = TestFeeds.resource("kev-sample.json", tmp);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "osv-Go", FeedKind.OSV, go);
            TestFeeds.load(store, "kev", FeedKind.KEV, kev);
            String first = store.contentHash();
            // full refresh of the same data
            TestFeeds.load(store, "osv-Go", FeedKind.OSV, go);
            TestFeeds.load(store, "kev", FeedKind.KEV, kev);
            assertThat(store.contentHash()).isEqualTo(first);
            // merge import of the same data
            store.importFeed("osv-Go", FeedKind.OSV, false, null, n -> {}, sink -> new OsvReader().read(go, sink));
            assertThat(store.contentHash()).isEqualTo(first);
            assertThat(store.counts()).containsEntry("advisory", 4291L);
        }
    }

    @Test
    void anImportKilledByAHostileRecordLeavesThePreviousDatabase() {
        Path go = TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp);
        Path pypa = TestFeeds.resource("pypa-advisory-db-all.tar.gz", tmp);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "osv-Go", FeedKind.OSV, go);
            String before = store.contentHash();
            // a record that blows up the import after 1,000 records have been written (batches flushed)
            assertThatThrownBy(() -> store.importFeed("osv-PyPI", FeedKind.OSV, true, null, n -> {}, sink -> {
                RecordSink bomb = new Forwarding(sink) {
                    int n;

                    @Override
                    public void advisory(Advisory a, String origin) {
                        if (++n == 1500) {
                            throw new WardenException(a.id() + ": hostile record");
                        }
                        super.advisory(a, origin);
                    }
                };
                new OsvReader().read(pypa, bomb);
            })).isInstanceOf(WardenException.class).hasMessageContaining("hostile record").hasMessageContaining("database is unchanged");
            assertThat(store.contentHash()).isEqualTo(before);
            // and a full refresh of Go that dies half-way keeps the old Go records too
            assertThatThrownBy(() -> store.importFeed("osv-Go", FeedKind.OSV, true, null, n -> {}, sink -> {
                new OsvReader().read(pypa, sink);
                throw new IOException("connection reset");
            })).isInstanceOf(WardenException.class).hasMessageContaining("connection reset");
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }

    @Test
    void anInterruptedImportLeavesThePreviousDatabase() throws Exception {
        Path go = TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp);
        Path pypa = TestFeeds.resource("pypa-advisory-db-all.tar.gz", tmp);
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "osv-PyPI", FeedKind.OSV, pypa);
            String before = store.contentHash();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread importer = new Thread(() -> {
                try {
                    store.importFeed("osv-Go", FeedKind.OSV, true, null, n -> {}, sink -> new OsvReader().read(go, new Forwarding(sink) {
                        int n;

                        @Override
                        public void advisory(Advisory a, String origin) {
                            if (++n == 2000) {
                                Thread.currentThread().interrupt(); // as a shutdown hook or executor would
                            }
                            super.advisory(a, origin);
                        }
                    }));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            importer.start();
            importer.join();
            assertThat(failure.get()).isInstanceOf(WardenException.class).hasMessageContaining("interrupted");
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }

    @Test
    void brokenRecordsAreWarnedAboutByNameAndTheRestImported() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("osv"));
        Files.writeString(dir.resolve("PYSEC-2099-0001.json"), record("PYSEC-2099-0001", "2024-01-01T00:00:00Z", "requests", "2.0"));
        Files.writeString(dir.resolve("PYSEC-2099-0002.json"), record("PYSEC-2099-0002", "2024-01-01T00:00:00Z", "flask", "1.0").substring(0, 90));
        Files.writeString(dir.resolve("deep.json"), "[".repeat(5000) + "]".repeat(5000));
        Files.writeString(dir.resolve("noid.json"), "{\"summary\": \"no id\"}");
        Files.writeString(dir.resolve("bad.yaml"), "id: PYSEC-2099-0003\naffected: [unclosed\n");
        Files.writeString(dir.resolve("badver.json"), """
                {"id": "GHSA-aaaa-bbbb-cccc", "modified": "not a time",
                 "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
                   "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.x.y"}]},
                              {"type": "SEMVER", "events": [{"introduced": "1.0.0", "fixed": "2.0.0"}]},
                              {"type": "WEIRD", "events": [{"introduced": "0"}]}]}]}
                """);
        // a record over the size limit: written sparse, so the test stays cheap
        try (var ch = Files.newByteChannel(dir.resolve("huge.json"), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.position(Limits.MAX_RECORD_BYTES + 10);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'}'}));
        }
        Files.createSymbolicLink(dir.resolve("link.json"), Path.of("/etc/passwd"));
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "local-osv", FeedKind.OSV, dir);
            assertThat(store.findById("PYSEC-2099-0001")).isPresent();
            assertThat(store.findById("GHSA-aaaa-bbbb-cccc")).isPresent();
            assertThat(report.records()).isEqualTo(2);
            assertThat(report.warnings())
                    .anySatisfy(w -> assertThat(w).startsWith("PYSEC-2099-0002.json: not valid JSON"))
                    .anySatisfy(w -> assertThat(w).startsWith("deep.json: not valid JSON").contains("depth"))
                    .anySatisfy(w -> assertThat(w).contains("noid.json: OSV record without a valid 'id'"))
                    .anySatisfy(w -> assertThat(w).startsWith("bad.yaml: not valid YAML"))
                    .anySatisfy(w -> assertThat(w).contains("GHSA-aaaa-bbbb-cccc").contains("'fixed' version '1.x.y' is not SemVer"))
                    .anySatisfy(w -> assertThat(w).contains("GHSA-aaaa-bbbb-cccc").contains("invalid 'modified' timestamp"))
                    .anySatisfy(w -> assertThat(w).contains("GHSA-aaaa-bbbb-cccc").contains("exactly one of"))
                    .anySatisfy(w -> assertThat(w).contains("GHSA-aaaa-bbbb-cccc").contains("unknown range type 'WEIRD'"))
                    .anySatisfy(w -> assertThat(w).startsWith("huge.json is larger than the limit"));
            assertThat(report.warnings()).noneMatch(w -> w.contains("link.json"));
        }
    }

    @Test
    void duplicateIdsKeepTheNewerRecordWithAWarning() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dups"));
        Files.writeString(dir.resolve("a.json"), record("PYSEC-2099-0001", "2024-05-01T00:00:00Z", "requests", "2.0"));
        Files.writeString(dir.resolve("b.json"), record("PYSEC-2099-0001", "2024-01-01T00:00:00Z", "requests", "1.0"));
        Files.writeString(dir.resolve("c.json"), record("PYSEC-2099-0002", "2024-01-01T00:00:00Z", "flask", "1.0"));
        Files.writeString(dir.resolve("d.json"), record("PYSEC-2099-0002", "2024-06-01T00:00:00Z", "flask", "3.0"));
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            ImportReport report = TestFeeds.load(store, "local-osv", FeedKind.OSV, dir);
            assertThat(store.findById("PYSEC-2099-0001").orElseThrow().affected().get(0).fixedVersions()).containsExactly("2.0");
            assertThat(store.findById("PYSEC-2099-0002").orElseThrow().affected().get(0).fixedVersions()).containsExactly("3.0");
            assertThat(store.findByPackage("pypi", "flask")).singleElement().satisfies(a -> assertThat(a.affected()).hasSize(1));
            assertThat(report.warnings())
                    .anySatisfy(w -> assertThat(w).startsWith("PYSEC-2099-0001: duplicate id in b.json (first in a.json): kept the first"))
                    .anySatisfy(w -> assertThat(w).startsWith("PYSEC-2099-0002: duplicate id in d.json (first in c.json): the later record replaces"));
        }
    }

    @Test
    void truncatedArchivesFailWholeAndKeepTheDatabase() throws IOException {
        Path go = TestFeeds.resource("go-vulndb-osv-all.tar.gz", tmp);
        byte[] bytes = Files.readAllBytes(go);
        Path truncated = Files.write(tmp.resolve("truncated.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            TestFeeds.load(store, "kev", FeedKind.KEV, TestFeeds.resource("kev-sample.json", tmp));
            String before = store.contentHash();
            assertThatThrownBy(() -> TestFeeds.load(store, "osv-Go", FeedKind.OSV, truncated))
                    .isInstanceOf(WardenException.class).hasMessageContaining("truncated.tar.gz").hasMessageContaining("truncated");
            assertThat(store.contentHash()).isEqualTo(before);
            Path brokenKev = Files.writeString(tmp.resolve("kev.json"), "{\"catalogVersion\": \"x\", \"vulnerabilities\": [");
            assertThatThrownBy(() -> TestFeeds.load(store, "kev", FeedKind.KEV, brokenKev))
                    .isInstanceOf(WardenException.class).hasMessageContaining("kev.json");
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }

    @Test
    void feedFilesOverTheSizeLimitAreRefusedBeforeReading() throws IOException {
        Path huge = tmp.resolve("epss.csv");
        // sparse: one byte past the limit costs no disk
        try (var ch = Files.newByteChannel(huge, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.SPARSE)) {
            ch.position(Limits.MAX_FEED_FILE_BYTES);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            String before = store.contentHash();
            for (FeedKind kind : FeedKind.values()) {
                assertThatThrownBy(() -> TestFeeds.load(store, "huge", kind, huge)).as(kind.source())
                        .isInstanceOf(WardenException.class).hasMessageContaining("epss.csv").hasMessageContaining("more than the limit");
            }
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }

    @Test
    void aDepthBombInATrackerFileFailsTheImportCleanly() throws IOException {
        Path bomb = Files.writeString(tmp.resolve("tracker.json"), "{\"pkg\": {\"CVE-2099-1\": " + "{\"a\": ".repeat(2000) + "1" + "}".repeat(2003));
        try (AdvisoryStore store = TestFeeds.store(tmp)) {
            String before = store.contentHash();
            assertThatThrownBy(() -> TestFeeds.load(store, "debian-tracker", FeedKind.DEBIAN_TRACKER, bomb))
                    .isInstanceOf(WardenException.class).hasMessageContaining("tracker.json").hasMessageContaining("depth");
            assertThat(store.contentHash()).isEqualTo(before);
        }
    }

    /** Passes everything on; tests override one method to misbehave. */
    private static class Forwarding implements RecordSink {
        private final RecordSink target;

        Forwarding(RecordSink target) {
            this.target = target;
        }

        @Override
        public void advisory(Advisory a, String origin) {
            target.advisory(a, origin);
        }

        @Override
        public void kev(KevEntry e) {
            target.kev(e);
        }

        @Override
        public void epss(EpssEntry e) {
            target.epss(e);
        }

        @Override
        public void nvd(NvdEntry e) {
            target.nvd(e);
        }

        @Override
        public void warn(String message) {
            target.warn(message);
        }
    }
}
