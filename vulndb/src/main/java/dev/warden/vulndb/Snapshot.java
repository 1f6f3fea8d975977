package dev.warden.vulndb;

import dev.warden.core.WardenException;
import dev.warden.vulndb.feed.FeedFormats;
import dev.warden.vulndb.store.AdvisoryStore;
import dev.warden.vulndb.store.FeedState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The dated advisory snapshot shipped in this jar ({@code snapshot/}), imported when no database exists. */
public final class Snapshot {

    private static final String DIR = "snapshot/";
    /** Every feed the snapshot writes is named with this prefix. */
    public static final String FEED_PREFIX = dev.warden.core.finding.ScanResult.DatabaseInfo.SHIPPED_FEED_PREFIX;

    /**
     * One file of the snapshot and its format.
     *
     * @param sample an excerpt of its source, not the whole of it
     * @param date   the date its data is current to when its records do not say (their source commit's), else null
     */
    public record Part(String resource, FeedKind kind, boolean sample, LocalDate date) {}

    private final LocalDate date;
    private final List<Part> parts;

    private Snapshot(LocalDate date, List<Part> parts) {
        this.date = date;
        this.parts = List.copyOf(parts);
    }

    public static Snapshot shipped() {
        Properties p = new Properties();
        try (InputStream in = Snapshot.class.getClassLoader().getResourceAsStream(DIR + "snapshot.properties")) {
            if (in == null) {
                throw new IllegalStateException("the advisory snapshot is missing from the Warden jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped advisory snapshot", e);
        }
        List<Part> parts = new ArrayList<>();
        for (String item : p.getProperty("files").split(",")) {
            String[] kv = item.trim().split(":");
            boolean sample = kv.length > 2 && kv[2].equals("sample");
            if (kv.length < 2 || kv.length > 3 || (kv.length == 3 && !sample)) {
                throw new IllegalStateException("snapshot.properties: '" + item.trim() + "' is not resource:format[:sample]");
            }
            String date = p.getProperty("date." + kv[0]);
            parts.add(new Part(kv[0], FeedKind.parse(kv[1]), sample, date == null ? null : LocalDate.parse(date.trim())));
        }
        return new Snapshot(LocalDate.parse(p.getProperty("date").trim()), parts);
    }

    public LocalDate date() {
        return date;
    }

    public List<Part> parts() {
        return parts;
    }

    /** Imports every part, one transaction each, as feeds named {@code snapshot-<resource>}. Returns records written. */
    public long importInto(AdvisoryStore store, Path workDir) {
        long records = 0;
        try {
            Files.createDirectories(workDir);
            for (Part part : parts) {
                Path file = workDir.resolve(part.resource());
                try (InputStream in = Snapshot.class.getClassLoader().getResourceAsStream(DIR + part.resource())) {
                    if (in == null) {
                        throw new IllegalStateException("snapshot part " + part.resource() + " is missing from the Warden jar");
                    }
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                String feed = FEED_PREFIX + part.resource().replaceAll("\\.(tar\\.gz|json\\.gz|json|yaml|csv)$", "");
                FeedState state = new FeedState(feed, part.kind().source(), "snapshot " + date + " " + part.resource(),
                        null, null, null, 0, 0, null, part.date() == null ? null : part.date().atStartOfDay(ZoneOffset.UTC).toInstant(),
                        part.sample());
                records += store.importFeed(feed, part.kind(), true, state, n -> {},
                        sink -> FeedFormats.reader(part.kind()).read(file, sink)).records();
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new WardenException("cannot unpack the advisory snapshot into " + workDir + ": " + e.getMessage(), e);
        }
        return records;
    }
}
