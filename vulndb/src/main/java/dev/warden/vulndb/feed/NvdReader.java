package dev.warden.vulndb.feed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.core.advisory.NvdEntry;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.Json;
import dev.warden.vulndb.RecordSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NVD CVE API 2.0 responses ({@code {"vulnerabilities": [{"cve": {...}}]}}), one page or a mirror file of
 * many, streamed record by record. Only the English description and the CVSS v4.0 / v3.x / v2 metrics
 * are kept (NVD is used to enrich advisories, never to match packages). Primary metrics come first.
 */
public final class NvdReader implements FeedReader {

    private static final Map<String, Severity.SeverityType> METRICS = new java.util.LinkedHashMap<>();

    static {
        METRICS.put("cvssMetricV40", Severity.SeverityType.CVSS_V4);
        METRICS.put("cvssMetricV31", Severity.SeverityType.CVSS_V3);
        METRICS.put("cvssMetricV30", Severity.SeverityType.CVSS_V3);
        METRICS.put("cvssMetricV2", Severity.SeverityType.CVSS_V2);
    }

    private final ObjectMapper json = Json.json();

    @Override
    public void read(Path path, RecordSink sink) throws IOException {
        try (InputStream in = Inputs.open(path); JsonParser parser = json.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new WardenException(path + ": not an NVD CVE API 2.0 response (expected an object)");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("vulnerabilities") && value == JsonToken.START_ARRAY) {
                    found = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        entry(parser.readValueAsTree(), path, sink);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new WardenException(path + ": not an NVD CVE API 2.0 response (no 'vulnerabilities' array)");
            }
        } catch (JacksonException e) {
            throw new WardenException(path + ": broken or truncated NVD JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static void entry(JsonNode node, Path path, RecordSink sink) {
        JsonNode cve = node.path("cve");
        String id = OsvRecords.text(cve, "id");
        if (id == null || id.isBlank()) {
            sink.warn(path.getFileName() + ": NVD entry without cve.id: skipped");
            return;
        }
        String where = id + " (nvd " + path.getFileName() + ")";
        String description = "";
        for (JsonNode d : OsvRecords.iterable(cve.get("descriptions"))) {
            if ("en".equals(OsvRecords.text(d, "lang"))) {
                description = OsvRecords.text(d, "value");
                break;
            }
        }
        List<Severity> primary = new ArrayList<>();
        List<Severity> secondary = new ArrayList<>();
        for (var metric : METRICS.entrySet()) {
            for (JsonNode m : OsvRecords.iterable(cve.path("metrics").get(metric.getKey()))) {
                JsonNode data = m.path("cvssData");
                String vector = OsvRecords.text(data, "vectorString");
                if (vector == null) {
                    sink.warn(where + ": " + metric.getKey() + " without a vectorString: skipped");
                    continue;
                }
                Double score = data.path("baseScore").isNumber() ? data.path("baseScore").asDouble() : null;
                String source = OsvRecords.text(m, "source");
                Severity s = new Severity(source == null ? "nvd" : source, metric.getValue(), vector, score);
                ("Primary".equalsIgnoreCase(OsvRecords.text(m, "type")) ? primary : secondary).add(s);
            }
        }
        primary.addAll(secondary);
        sink.nvd(new NvdEntry(id, description, OsvRecords.instant(cve, "published", where, sink::warn),
                OsvRecords.instant(cve, "lastModified", where, sink::warn), primary));
    }
}
