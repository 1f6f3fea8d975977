package dev.warden.vulndb.feed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.KevEntry;
import dev.warden.vulndb.Json;
import dev.warden.vulndb.Limits;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** CISA's Known Exploited Vulnerabilities catalogue JSON ({@code {"catalogVersion", "vulnerabilities": [...]}}). */
public final class KevReader implements FeedReader {

    @Override
    public void read(Path path, RecordSink sink) throws IOException {
        JsonNode root;
        try (InputStream in = Inputs.open(path)) {
            root = Json.json().readTree(Inputs.readBounded(in, Limits.MAX_FEED_FILE_BYTES, path.toString()));
        } catch (JacksonException e) {
            throw new WardenException(path + ": broken or truncated KEV JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.path("vulnerabilities").isArray()) {
            throw new WardenException(path + ": not a CISA KEV catalogue (no 'vulnerabilities' array)");
        }
        int i = 0;
        for (JsonNode v : root.path("vulnerabilities")) {
            String id = OsvRecords.text(v, "cveID");
            String where = (id == null ? "entry " + i : id) + " (kev " + path.getFileName() + ")";
            i++;
            if (id == null || !id.startsWith("CVE-")) {
                sink.warn(where + ": no cveID: skipped");
                continue;
            }
            sink.kev(new KevEntry(id, OsvRecords.text(v, "vendorProject"), OsvRecords.text(v, "product"),
                    OsvRecords.text(v, "vulnerabilityName"), date(v, "dateAdded", where, sink), date(v, "dueDate", where, sink),
                    OsvRecords.text(v, "requiredAction"), OsvRecords.text(v, "knownRansomwareCampaignUse"),
                    OsvRecords.text(v, "notes")));
        }
    }

    private static LocalDate date(JsonNode v, String field, String where, RecordSink sink) {
        String text = OsvRecords.text(v, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            sink.warn(where + ": invalid " + field + " '" + OsvRecords.abbreviate(text) + "': left empty");
            return null;
        }
    }
}
