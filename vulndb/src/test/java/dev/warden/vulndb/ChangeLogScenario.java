package dev.warden.vulndb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.ChangeLog;
import dev.warden.vulndb.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * One story of imports and what the change log must say after each, run on SQLite and on PostgreSQL: advisories
 * added, re-imported unchanged (nothing logged), changed, withdrawn by the feed, dropped by a full refresh, and a KEV
 * entry logged under the package of the advisory that has its CVE as alias.
 */
final class ChangeLogScenario {
    private ChangeLogScenario() {}

    static String osv(String id, String cve, String pkg, String fixed, String withdrawn) {
        return "{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2025-01-02T00:00:00Z\",\"published\":\"2025-01-01T00:00:00Z\","
                + (withdrawn == null ? "" : "\"withdrawn\":\"" + withdrawn + "\",")
                + "\"aliases\":[\"" + cve + "\"],\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"" + pkg + "\"},"
                + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}]}";
    }

    static void write(Path dir, String... records) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        for (int i = 0; i < records.length; i++) {
            Files.writeString(dir.resolve("record-" + i + ".json"), records[i]);
        }
    }

    static void run(Database db, Path tmp) throws IOException, SQLException {
        Path dir = tmp.resolve("osv");
        try (AdvisoryStore store = AdvisoryStore.open(db); Connection c = db.connect()) {
            ChangeLog.State start = ChangeLog.state(c);
            assertThat(start.identity()).isNotEmpty();
            long seq = start.lastSeq();

            write(dir, osv("PYSEC-1", "CVE-2099-1001", "requests", "2.0", null), osv("PYSEC-2", "CVE-2099-1002", "flask", "3.0", null));
            load(store, dir);
            List<ChangeLog.Change> first = ChangeLog.since(c, seq, 100);
            assertThat(first).extracting(ChangeLog.Change::advisoryId, ChangeLog.Change::kind, ChangeLog.Change::purlType, ChangeLog.Change::name)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("PYSEC-1", "added", "pypi", "requests"),
                            org.assertj.core.groups.Tuple.tuple("PYSEC-2", "added", "pypi", "flask"));
            assertThat(first).extracting(ChangeLog.Change::seq).containsExactly(seq + 1, seq + 2);
            seq = ChangeLog.state(c).lastSeq();

            load(store, dir); // the same data again: nothing changed, nothing logged
            assertThat(ChangeLog.state(c).lastSeq()).isEqualTo(seq);

            write(dir, osv("PYSEC-1", "CVE-2099-1001", "requests", "2.1", null), osv("PYSEC-2", "CVE-2099-1002", "flask", "3.0", null));
            load(store, dir);
            assertThat(ChangeLog.since(c, seq, 100)).extracting(ChangeLog.Change::advisoryId, ChangeLog.Change::kind)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("PYSEC-1", "changed"));
            seq = ChangeLog.state(c).lastSeq();

            write(dir, osv("PYSEC-1", "CVE-2099-1001", "requests", "2.1", null),
                    osv("PYSEC-2", "CVE-2099-1002", "flask", "3.0", "2025-02-01T00:00:00Z"));
            load(store, dir);
            assertThat(ChangeLog.since(c, seq, 100)).extracting(ChangeLog.Change::advisoryId, ChangeLog.Change::kind, ChangeLog.Change::name)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("PYSEC-2", "withdrawn", "flask"));
            seq = ChangeLog.state(c).lastSeq();

            write(dir, osv("PYSEC-2", "CVE-2099-1002", "flask", "3.0", null)); // a full refresh without PYSEC-1
            load(store, dir);
            assertThat(ChangeLog.since(c, seq, 100)).extracting(ChangeLog.Change::advisoryId, ChangeLog.Change::kind, ChangeLog.Change::name)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("PYSEC-1", "withdrawn", "requests"),
                            org.assertj.core.groups.Tuple.tuple("PYSEC-2", "changed", "flask"));
            seq = ChangeLog.state(c).lastSeq();

            Path kev = tmp.resolve("kev.json");
            Files.writeString(kev, "{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\",\"catalogVersion\":\"2025.02.19\","
                    + "\"dateReleased\":\"2025-02-19T14:08:44.5021Z\",\"count\":1,\"vulnerabilities\":[{\"cveID\":\"CVE-2099-1002\","
                    + "\"vendorProject\":\"Pallets\",\"product\":\"Flask\",\"vulnerabilityName\":\"x\",\"dateAdded\":\"2025-02-18\","
                    + "\"shortDescription\":\"x\",\"requiredAction\":\"x\",\"dueDate\":\"2025-03-11\",\"knownRansomwareCampaignUse\":\"Unknown\","
                    + "\"notes\":\"\",\"cwes\":[]}]}");
            store.importFeed("kev", FeedKind.KEV, true, null, n -> { }, sink -> FeedFormats.reader(FeedKind.KEV).read(kev, sink));
            assertThat(ChangeLog.since(c, seq, 100)).extracting(ChangeLog.Change::source, ChangeLog.Change::advisoryId, ChangeLog.Change::kind,
                    ChangeLog.Change::purlType, ChangeLog.Change::name)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("kev", "CVE-2099-1002", "added", "pypi", "flask"));
            assertThat(ChangeLog.state(c).identity()).isEqualTo(start.identity());
        }
    }

    private static void load(AdvisoryStore store, Path dir) {
        store.importFeed("local-osv", FeedKind.OSV, true, null, n -> { }, sink -> FeedFormats.reader(FeedKind.OSV).read(dir, sink));
    }
}
