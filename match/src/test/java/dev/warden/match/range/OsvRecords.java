package dev.warden.match.range;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Ecosystems;
import dev.warden.core.advisory.Range;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps an OSV JSON record onto core's advisory records, the way the vulndb importer does, so the
 * range tests run on real advisories (test resources under osv/, see the README there).
 */
final class OsvRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OsvRecords() {}

    static JsonNode read(String resource) {
        try (InputStream in = OsvRecords.class.getResourceAsStream("/osv/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource osv/" + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<AffectedPackage> affected(String resource) {
        List<AffectedPackage> out = new ArrayList<>();
        for (JsonNode a : read(resource).path("affected")) {
            String ecosystem = a.path("package").path("ecosystem").asText(null);
            List<Range> ranges = new ArrayList<>();
            for (JsonNode r : a.path("ranges")) {
                List<Range.Event> events = new ArrayList<>();
                for (JsonNode e : r.path("events")) {
                    e.fieldNames().forEachRemaining(k -> events.add(
                            new Range.Event(Range.EventKind.valueOf(k.toUpperCase(Locale.ROOT)), e.get(k).asText())));
                }
                ranges.add(new Range(Range.RangeType.valueOf(r.path("type").asText()), r.path("repo").asText(null), events));
            }
            List<String> versions = new ArrayList<>();
            a.path("versions").forEach(v -> versions.add(v.asText()));
            Map<String, String> extra = new HashMap<>();
            JsonNode lkar = a.path("database_specific").path(AffectedPackage.LAST_KNOWN_AFFECTED_RANGE);
            if (lkar.isTextual()) {
                extra.put(AffectedPackage.LAST_KNOWN_AFFECTED_RANGE, lkar.asText());
            }
            out.add(new AffectedPackage(ecosystem == null ? "" : ecosystem, ecosystem == null ? null : Ecosystems.purlType(ecosystem),
                    a.path("package").path("name").asText(""), ranges, versions, AffectedStatus.AFFECTED,
                    ecosystem == null ? null : Ecosystems.release(ecosystem), extra));
        }
        return out;
    }
}
