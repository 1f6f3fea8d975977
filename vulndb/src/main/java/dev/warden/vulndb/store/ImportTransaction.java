package dev.warden.vulndb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.EpssEntry;
import dev.warden.core.advisory.KevEntry;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.vulndb.FeedKind;
import dev.warden.vulndb.Limits;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The write side of one feed import: batched statements on a connection whose transaction the store
 * owns. Duplicate ids inside one import keep the newer record (by {@code modified}) with a warning.
 * Debian tracker and secdb records are merged per package (several tracker entries and secdb branches
 * name the same CVE); an OSV record replaces its previous version whole.
 */
final class ImportTransaction implements RecordSink, AutoCloseable {

    private final Connection c;
    private final String feed;
    private final LongConsumer progress;
    private final List<String> warnings = new ArrayList<>();
    private long warningCount;
    private long records;
    private int pending;

    /** source+id -> modified and origin of the record kept, to judge duplicates. */
    private final Map<String, Seen> seen = new HashMap<>();
    /** source+id+ecosystem+name already written in this import (tracker/secdb merging). */
    private final Set<String> seenPackages = new HashSet<>();

    private final PreparedStatement deleteAffectedAll;
    private final PreparedStatement deleteAffectedPackage;
    private final PreparedStatement deleteAliases;
    private final PreparedStatement upsertAdvisory;
    private final PreparedStatement insertAlias;
    private final PreparedStatement insertAffected;
    private final PreparedStatement upsertKev;
    private final PreparedStatement upsertEpss;
    private final PreparedStatement upsertNvd;
    private final List<PreparedStatement> inOrder;

    private record Seen(Instant modified, String origin) {}

    ImportTransaction(Connection c, String feed, LongConsumer progress) throws SQLException {
        this.c = c;
        this.feed = feed;
        this.progress = progress;
        deleteAffectedAll = c.prepareStatement("DELETE FROM affected WHERE source = ? AND advisory_id = ?");
        deleteAffectedPackage = c.prepareStatement("DELETE FROM affected WHERE source = ? AND advisory_id = ? AND ecosystem = ? AND name = ?");
        deleteAliases = c.prepareStatement("DELETE FROM advisory_alias WHERE source = ? AND advisory_id = ?");
        upsertAdvisory = c.prepareStatement("INSERT INTO advisory (source, id, feed, modified, withdrawn, doc) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (source, id) DO UPDATE SET feed = excluded.feed, modified = excluded.modified, "
                + "withdrawn = excluded.withdrawn, doc = excluded.doc");
        insertAlias = c.prepareStatement("INSERT INTO advisory_alias (source, advisory_id, alias) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        insertAffected = c.prepareStatement("INSERT INTO affected (source, advisory_id, ecosystem, name, seq, feed, ecosystem_base, "
                + "purl_type, distro_release, status, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        upsertKev = c.prepareStatement("INSERT INTO kev (cve_id, feed, vendor_project, product, vulnerability_name, date_added, due_date, "
                + "required_action, ransomware, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cve_id) DO UPDATE SET "
                + "feed = excluded.feed, vendor_project = excluded.vendor_project, product = excluded.product, "
                + "vulnerability_name = excluded.vulnerability_name, date_added = excluded.date_added, due_date = excluded.due_date, "
                + "required_action = excluded.required_action, ransomware = excluded.ransomware, notes = excluded.notes");
        upsertEpss = c.prepareStatement("INSERT INTO epss (cve_id, feed, score, percentile, model_version, score_date) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (cve_id) DO UPDATE SET feed = excluded.feed, score = excluded.score, percentile = excluded.percentile, "
                + "model_version = excluded.model_version, score_date = excluded.score_date");
        upsertNvd = c.prepareStatement("INSERT INTO nvd (cve_id, feed, description, published, last_modified, doc) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (cve_id) DO UPDATE SET feed = excluded.feed, description = excluded.description, "
                + "published = excluded.published, last_modified = excluded.last_modified, doc = excluded.doc");
        // deletes run before the inserts of the same batch; duplicates flush first, so no batch holds two writes of one key
        inOrder = List.of(deleteAffectedAll, deleteAffectedPackage, deleteAliases, upsertAdvisory, insertAlias, insertAffected,
                upsertKev, upsertEpss, upsertNvd);
    }

    /** Removes what this feed wrote last time, for a full refresh; called first, in the same transaction. */
    void clearFeed() throws SQLException {
        try (var s1 = c.prepareStatement("DELETE FROM affected WHERE feed = ?");
             var s2 = c.prepareStatement("DELETE FROM advisory_alias WHERE EXISTS (SELECT 1 FROM advisory a WHERE a.source = "
                     + "advisory_alias.source AND a.id = advisory_alias.advisory_id AND a.feed = ? AND NOT EXISTS (SELECT 1 FROM affected f "
                     + "WHERE f.source = a.source AND f.advisory_id = a.id))");
             var s3 = c.prepareStatement("DELETE FROM advisory WHERE feed = ? AND NOT EXISTS (SELECT 1 FROM affected f "
                     + "WHERE f.source = advisory.source AND f.advisory_id = advisory.id)")) {
            for (var s : List.of(s1, s2, s3)) {
                s.setString(1, feed);
                s.executeUpdate();
            }
        }
        for (String table : List.of("kev", "epss", "nvd")) {
            try (var s = c.prepareStatement("DELETE FROM " + table + " WHERE feed = ?")) {
                s.setString(1, feed);
                s.executeUpdate();
            }
        }
    }

    @Override
    public void advisory(Advisory a, String origin) {
        counted();
        String doc = AdvisoryDocuments.write(a.withAffected(List.of()));
        List<String> affectedDocs = a.affected().stream().map(AdvisoryDocuments::write).toList();
        if (!readable(a, origin, doc, affectedDocs)) {
            return;
        }
        try {
            String key = a.source() + "\u0000" + a.id();
            boolean mergesByPackage = !a.source().equals(FeedKind.OSV.source());
            if (mergesByPackage) {
                boolean dup = false;
                for (AffectedPackage p : a.affected()) {
                    dup |= !seenPackages.add(key + "\u0000" + p.ecosystem() + "\u0000" + p.name());
                }
                if (dup) {
                    warn(a.id() + " (" + origin + "): the same package is listed again in this feed: the later entry replaces the earlier");
                    flush();
                }
            } else {
                Seen before = seen.get(key);
                if (before != null) {
                    boolean older = before.modified() != null && a.modified() != null && a.modified().isBefore(before.modified());
                    warn(a.id() + ": duplicate id in " + origin + " (first in " + before.origin() + "): "
                            + (older ? "kept the first, it was modified later" : "the later record replaces the earlier"));
                    if (older) {
                        return;
                    }
                    flush();
                }
                seen.put(key, new Seen(a.modified(), origin));
            }
            if (mergesByPackage) {
                Set<String> packages = new HashSet<>();
                for (AffectedPackage p : a.affected()) {
                    if (packages.add(p.ecosystem() + "\u0000" + p.name())) {
                        set(deleteAffectedPackage, a.source(), a.id(), p.ecosystem(), p.name());
                        deleteAffectedPackage.addBatch();
                    }
                }
            } else {
                set(deleteAffectedAll, a.source(), a.id());
                deleteAffectedAll.addBatch();
            }
            set(deleteAliases, a.source(), a.id());
            deleteAliases.addBatch();
            set(upsertAdvisory, a.source(), a.id(), feed, text(a.modified()), text(a.withdrawn()), doc);
            upsertAdvisory.addBatch();
            for (String alias : a.aliases()) {
                set(insertAlias, a.source(), a.id(), alias);
                insertAlias.addBatch();
            }
            Map<String, Integer> seq = new HashMap<>();
            for (int i = 0; i < a.affected().size(); i++) {
                AffectedPackage p = a.affected().get(i);
                int n = seq.merge(p.ecosystem() + "\u0000" + p.name(), 1, Integer::sum) - 1;
                set(insertAffected, a.source(), a.id(), p.ecosystem(), p.name(), n, feed, p.baseEcosystem(), p.purlType(),
                        p.distroRelease(), p.status().id(), affectedDocs.get(i));
                insertAffected.addBatch();
            }
            batched();
        } catch (SQLException e) {
            throw new StoreException("writing " + a.id() + " (" + origin + ")", e);
        }
    }

    /**
     * Whether the store can read the record's documents back (the read-time limits, checked by the reader itself);
     * a record it could not read is skipped with a warning, since storing it would make every later scan of its
     * packages fail.
     */
    private boolean readable(Advisory a, String origin, String doc, List<String> affectedDocs) {
        try {
            AdvisoryDocuments.checkReadable(doc);
            for (String d : affectedDocs) {
                AdvisoryDocuments.checkReadable(d);
            }
            return true;
        } catch (IOException e) {
            warn(a.id() + " (" + origin + "): skipped: as stored it would be over the store's read limit (" + reason(e) + ")");
            return false;
        }
    }

    private static String reason(IOException e) {
        String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return why == null ? e.toString() : why.lines().findFirst().orElse("");
    }

    @Override
    public void kev(KevEntry e) {
        counted();
        try {
            set(upsertKev, e.cveId(), feed, e.vendorProject(), e.product(), e.vulnerabilityName(), text(e.dateAdded()),
                    text(e.dueDate()), e.requiredAction(), e.knownRansomwareCampaignUse(), e.notes());
            upsertKev.addBatch();
            batched();
        } catch (SQLException ex) {
            throw new StoreException("writing KEV " + e.cveId(), ex);
        }
    }

    @Override
    public void epss(EpssEntry e) {
        counted();
        try {
            set(upsertEpss, e.cveId(), feed, e.score(), e.percentile(), e.modelVersion(), text(e.scoreDate()));
            upsertEpss.addBatch();
            batched();
        } catch (SQLException ex) {
            throw new StoreException("writing EPSS " + e.cveId(), ex);
        }
    }

    @Override
    public void nvd(NvdEntry e) {
        counted();
        String doc = AdvisoryDocuments.writeSeverities(e.severities());
        try {
            AdvisoryDocuments.checkReadable(doc);
        } catch (IOException ex) {
            warn("NVD " + e.cveId() + ": skipped: as stored it would be over the store's read limit (" + reason(ex) + ")");
            return;
        }
        try {
            set(upsertNvd, e.cveId(), feed, e.description(), text(e.published()), text(e.lastModified()), doc);
            upsertNvd.addBatch();
            batched();
        } catch (SQLException ex) {
            throw new StoreException("writing NVD " + e.cveId(), ex);
        }
    }

    @Override
    public void warn(String message) {
        warningCount++;
        if (warnings.size() < Limits.MAX_WARNINGS_KEPT) {
            warnings.add(message);
        }
    }

    long records() {
        return records;
    }

    List<String> warnings() {
        return warnings;
    }

    long warningCount() {
        return warningCount;
    }

    void flush() throws SQLException {
        for (PreparedStatement s : inOrder) {
            s.executeBatch();
        }
        pending = 0;
    }

    private void counted() {
        // a thread interrupt (Ctrl-C handler, server shutdown) stops the import; the store rolls back
        if (Thread.currentThread().isInterrupted()) {
            throw new WardenException("import of feed " + feed + " interrupted: the database is unchanged");
        }
        if (++records > Limits.MAX_RECORDS_PER_IMPORT) {
            throw new WardenException("feed " + feed + " has more than " + Limits.MAX_RECORDS_PER_IMPORT + " records: refused");
        }
        if (records % 10_000 == 0) {
            progress.accept(records);
        }
    }

    private void batched() throws SQLException {
        if (++pending >= Limits.BATCH_SIZE) {
            flush();
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static void set(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Integer n) {
                s.setLong(i + 1, n);
            } else if (v instanceof Double d) {
                s.setDouble(i + 1, d);
            } else {
                s.setString(i + 1, Objects.toString(v));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement s : inOrder) {
            s.close();
        }
    }
}
