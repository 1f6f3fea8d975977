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
 * added, re-imported unchanged (nothing logged), changed, withdrawn by the feed, dropped by a full refresh, a KEV
 * entry logged under the package of the advisory that has its CVE as alias, and EPSS scores the same way once they
 * moved far enough from the score last logged.
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
            seq = ChangeLog.state(c).lastSeq();

            // EPSS scores, logged like KEV entries once a score is EPSS_LOGGED_CHANGE (0.001) from the one last logged; a
            // CVE no advisory names logs nothing (no image can hold a finding of it)
            assertThat(epss(store, c, tmp, seq, "0.05000")).containsExactly(org.assertj.core.groups.Tuple.tuple("epss", "CVE-2099-1002", "added", "pypi", "flask"));
            seq = ChangeLog.state(c).lastSeq();
            assertThat(epss(store, c, tmp, seq, "0.05000")).isEmpty(); // the same scores again
            assertThat(epss(store, c, tmp, seq, "0.05040")).isEmpty(); // day-to-day jitter
            assertThat(epss(store, c, tmp, seq, "0.05080")).isEmpty(); // 0.0008 from the score logged: still jitter
            // drift adds up: 0.0011 from the score logged last (0.05), though only 0.0003 from yesterday's
            assertThat(epss(store, c, tmp, seq, "0.05110")).containsExactly(org.assertj.core.groups.Tuple.tuple("epss", "CVE-2099-1002", "changed", "pypi", "flask"));
            seq = ChangeLog.state(c).lastSeq();
            assertThat(epss(store, c, tmp, seq, "0.05150")).isEmpty(); // measured from 0.0511 now
            assertThat(epss(store, c, tmp, seq, "0.61000")).containsExactly(org.assertj.core.groups.Tuple.tuple("epss", "CVE-2099-1002", "changed", "pypi", "flask"));
            seq = ChangeLog.state(c).lastSeq();
            assertThat(epss(store, c, tmp, seq, null)).containsExactly(org.assertj.core.groups.Tuple.tuple("epss", "CVE-2099-1002", "withdrawn", "pypi", "flask"));
            assertThat(store.epss("CVE-2099-9999")).get().extracting(e -> e.score()).isEqualTo(0.2);
        }
    }

    /**
     * Imports an EPSS file (a full refresh) scoring CVE-2099-1002 (flask's advisory's alias) {@code flaskScore}, or not at
     * all when null, and CVE-2099-9999 (no advisory) 0.2; the change log rows it wrote after {@code seq}.
     */
    private static List<org.assertj.core.groups.Tuple> epss(AdvisoryStore store, Connection c, Path tmp, long seq, String flaskScore)
            throws IOException, SQLException {
        Path csv = tmp.resolve("epss.csv");
        Files.writeString(csv, "#model_version:v2025.03.14,score_date:2025-03-20T00:00:00+0000\ncve,epss,percentile\n"
                + (flaskScore == null ? "" : "CVE-2099-1002," + flaskScore + ",0.90000\n") + "CVE-2099-9999,0.20000,0.95000\n");
        store.importFeed("epss", FeedKind.EPSS, true, null, n -> { }, sink -> FeedFormats.reader(FeedKind.EPSS).read(csv, sink));
        return ChangeLog.since(c, seq, 100).stream().map(x -> org.assertj.core.groups.Tuple.tuple(x.source(), x.advisoryId(), x.kind(), x.purlType(),
                x.name())).toList();
    }

    private static void load(AdvisoryStore store, Path dir) {
        store.importFeed("local-osv", FeedKind.OSV, true, null, n -> { }, sink -> FeedFormats.reader(FeedKind.OSV).read(dir, sink));
    }
}
