package dev.warden.vulndb.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.warden.core.advisory.Advisory;
import dev.warden.core.advisory.AffectedPackage;
import dev.warden.core.advisory.AffectedStatus;
import dev.warden.core.advisory.Range;
import dev.warden.core.advisory.Severity;
import dev.warden.vulndb.Limits;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON documents the store keeps for each advisory (without its affected entries), each affected entry, and each
 * NVD entry's severities, read and written with Jackson's streaming parser and generator.
 *
 * <p>Why not data binding: a scan reads a few hundred of these documents, and a cold JVM spent a quarter of a second
 * building Jackson's record deserialisers (introspection, annotation proxies, their JIT compilation) before the first
 * one; this class has no set-up. The format is the one data binding wrote (record component names in declaration
 * order, enums by name, instants in ISO-8601, nulls written, map entries ordered by key), so databases made by earlier
 * versions read unchanged and imports write the same bytes (AdvisoryDocumentsTest compares both ways).
 * Unknown fields are skipped and a missing list is empty; anything else that is not what the store writes (a number
 * where an instant belongs, a null inside a list, trailing content) is an IOException naming where it is: a store can
 * come from someone else's bundle, and a document there is input like any other.
 */
final class AdvisoryDocuments {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_NESTING_DEPTH)
                    .maxStringLength(Limits.MAX_STRING_CHARS)
                    .maxDocumentLength(Limits.MAX_RECORD_BYTES)
                    .build())
            .build();

    private AdvisoryDocuments() {}

    /** The advisory's document; its affected entries are stored apart, so callers pass it without them. */
    static String write(Advisory a) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("id", a.id());
            strings(g, "aliases", a.aliases());
            strings(g, "related", a.related());
            g.writeStringField("summary", a.summary());
            g.writeStringField("details", a.details());
            instant(g, "published", a.published());
            instant(g, "modified", a.modified());
            instant(g, "withdrawn", a.withdrawn());
            g.writeFieldName("severities");
            severities(g, a.severities());
            g.writeArrayFieldStart("affected");
            for (AffectedPackage p : a.affected()) {
                affected(g, p);
            }
            g.writeEndArray();
            strings(g, "references", a.references());
            g.writeStringField("source", a.source());
            g.writeEndObject();
        });
    }

    static String write(AffectedPackage p) {
        return write(g -> affected(g, p));
    }

    static String writeSeverities(List<Severity> severities) {
        return write(g -> severities(g, severities));
    }

    /**
     * Throws what reading {@code json} back would throw for its size, depth or string lengths: the same parser and
     * limits as every read, so an import never stores what a later scan cannot read.
     */
    static void checkReadable(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    p.getText(); // the string's length is checked as it is read
                }
            }
        }
    }

    static Advisory readAdvisory(String json) throws IOException {
        return read(json, AdvisoryDocuments::advisory);
    }

    static AffectedPackage readAffected(String json) throws IOException {
        return read(json, AdvisoryDocuments::affected);
    }

    static List<Severity> readSeverities(String json) throws IOException {
        return read(json, p -> list(p, AdvisoryDocuments::severity));
    }

    /** One whole document; a value the records refuse (their constructors check too) is an IOException like the rest. */
    private static <T> T read(String json, Reader<T> reader) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            T value;
            try {
                value = reader.read(p);
            } catch (RuntimeException e) {
                throw new IOException("invalid document at " + p.currentLocation().offsetDescription() + ": " + e, e);
            }
            if (p.nextToken() != null) {
                throw new IOException("trailing content after the document at " + p.currentLocation().offsetDescription());
            }
            return value;
        }
    }

    // ---- writing

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an advisory document", e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        g.writeStringField(field, value == null ? null : value.toString());
    }

    private static void severities(JsonGenerator g, List<Severity> severities) throws IOException {
        g.writeStartArray();
        for (Severity s : severities) {
            g.writeStartObject();
            g.writeStringField("source", s.source());
            g.writeStringField("type", s.type() == null ? null : s.type().name());
            g.writeStringField("value", s.value());
            g.writeFieldName("score");
            if (s.score() == null) {
                g.writeNull();
            } else {
                g.writeNumber(s.score());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void affected(JsonGenerator g, AffectedPackage p) throws IOException {
        g.writeStartObject();
        g.writeStringField("ecosystem", p.ecosystem());
        g.writeStringField("purlType", p.purlType());
        g.writeStringField("name", p.name());
        g.writeArrayFieldStart("ranges");
        for (Range r : p.ranges()) {
            g.writeStartObject();
            g.writeStringField("type", r.type() == null ? null : r.type().name());
            g.writeStringField("repo", r.repo());
            g.writeArrayFieldStart("events");
            for (Range.Event e : r.events()) {
                g.writeStartObject();
                g.writeStringField("kind", e.kind() == null ? null : e.kind().name());
                g.writeStringField("version", e.version());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        strings(g, "versions", p.versions());
        g.writeStringField("status", p.status() == null ? null : p.status().name());
        g.writeStringField("distroRelease", p.distroRelease());
        g.writeObjectFieldStart("extra");
        for (Map.Entry<String, String> e : new TreeMap<>(p.extra()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    // ---- reading

    private interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    /** Reads the object at the current token, field by field; the parser ends on its END_OBJECT. */
    private static void fields(JsonParser p, FieldReader each) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw unexpected(p, "an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (!each.read(name)) {
                p.skipChildren();
            }
        }
    }

    private interface FieldReader {
        /** Reads the value of {@code name} at the current token; false when the field is not known (then skipped). */
        boolean read(String name) throws IOException;
    }

    private static Advisory advisory(JsonParser p) throws IOException {
        var v = new Object() {
            String id;
            String summary;
            String details;
            String source;
            Instant published;
            Instant modified;
            Instant withdrawn;
            List<String> aliases = List.of();
            List<String> related = List.of();
            List<String> references = List.of();
            List<Severity> severities = List.of();
            List<AffectedPackage> affected = List.of();
        };
        fields(p, name -> {
            switch (name) {
                case "id" -> v.id = text(p);
                case "aliases" -> v.aliases = list(p, AdvisoryDocuments::text);
                case "related" -> v.related = list(p, AdvisoryDocuments::text);
                case "summary" -> v.summary = text(p);
                case "details" -> v.details = text(p);
                case "published" -> v.published = instant(p);
                case "modified" -> v.modified = instant(p);
                case "withdrawn" -> v.withdrawn = instant(p);
                case "severities" -> v.severities = list(p, AdvisoryDocuments::severity);
                case "affected" -> v.affected = list(p, AdvisoryDocuments::affected);
                case "references" -> v.references = list(p, AdvisoryDocuments::text);
                case "source" -> v.source = text(p);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Advisory(v.id, v.aliases, v.related, v.summary, v.details, v.published, v.modified, v.withdrawn,
                v.severities, v.affected, v.references, v.source);
    }

    private static AffectedPackage affected(JsonParser p) throws IOException {
        var v = new Object() {
            String ecosystem;
            String purlType;
            String name;
            String distroRelease;
            AffectedStatus status;
            List<Range> ranges = List.of();
            List<String> versions = List.of();
            Map<String, String> extra = Map.of();
        };
        fields(p, name -> {
            switch (name) {
                case "ecosystem" -> v.ecosystem = text(p);
                case "purlType" -> v.purlType = text(p);
                case "name" -> v.name = text(p);
                case "ranges" -> v.ranges = list(p, AdvisoryDocuments::range);
                case "versions" -> v.versions = list(p, AdvisoryDocuments::text);
                case "status" -> v.status = constant(p, AffectedStatus.class);
                case "distroRelease" -> v.distroRelease = text(p);
                case "extra" -> v.extra = stringMap(p);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new AffectedPackage(v.ecosystem, v.purlType, v.name, v.ranges, v.versions, v.status, v.distroRelease, v.extra);
    }

    private static Range range(JsonParser p) throws IOException {
        var v = new Object() {
            Range.RangeType type;
            String repo;
            List<Range.Event> events = List.of();
        };
        fields(p, name -> {
            switch (name) {
                case "type" -> v.type = constant(p, Range.RangeType.class);
                case "repo" -> v.repo = text(p);
                case "events" -> v.events = list(p, AdvisoryDocuments::event);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Range(v.type, v.repo, v.events);
    }

    private static Range.Event event(JsonParser p) throws IOException {
        var v = new Object() {
            Range.EventKind kind;
            String version;
        };
        fields(p, name -> {
            switch (name) {
                case "kind" -> v.kind = constant(p, Range.EventKind.class);
                case "version" -> v.version = text(p);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Range.Event(v.kind, v.version);
    }

    private static Severity severity(JsonParser p) throws IOException {
        var v = new Object() {
            String source;
            Severity.SeverityType type;
            String value;
            Double score;
        };
        fields(p, name -> {
            switch (name) {
                case "source" -> v.source = text(p);
                case "type" -> v.type = constant(p, Severity.SeverityType.class);
                case "value" -> v.value = text(p);
                case "score" -> v.score = number(p);
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new Severity(v.source, v.type, v.value, v.score);
    }

    /** A JSON array (null reads as empty); elements by {@code element}. */
    private static <T> List<T> list(JsonParser p, Reader<T> element) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw unexpected(p, "an array");
        }
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            T value = element.read(p);
            if (value == null) { // the records' List.copyOf holds no nulls
                throw unexpected(p, "a value");
            }
            out.add(value);
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        fields(p, name -> {
            String value = text(p);
            if (value != null) { // Map.copyOf, in the record, holds no nulls
                out.put(name, value);
            }
            return true;
        });
        return out;
    }

    private static String text(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
            default -> throw unexpected(p, "a string");
        };
    }

    private static Double number(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> {
                try {
                    yield Double.valueOf(p.getText().trim());
                } catch (NumberFormatException e) {
                    throw unexpected(p, "a number");
                }
            }
            default -> throw unexpected(p, "a number");
        };
    }

    /**
     * ISO-8601 text, as the store writes it. A number is refused rather than read as seconds since the epoch: the
     * store never wrote one, and turning an arbitrary decimal (1e10000000) into an instant costs unbounded time.
     */
    private static Instant instant(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> {
                String text = p.getText();
                try {
                    yield Instant.parse(text.trim());
                } catch (DateTimeException e) {
                    throw new IOException("invalid instant '" + shortened(text) + "' at " + p.currentLocation().offsetDescription());
                }
            }
            default -> throw unexpected(p, "an ISO-8601 instant");
        };
    }

    /** Text quoted in a message: a document's string can be megabytes long. */
    private static String shortened(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    private static final int MAX_QUOTED_CHARS = 80;

    private static <E extends Enum<E>> E constant(JsonParser p, Class<E> type) throws IOException {
        String name = text(p);
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " '" + shortened(name) + "' at " + p.currentLocation().offsetDescription());
        }
    }

    private static IOException unexpected(JsonParser p, String expected) {
        return new IOException("expected " + expected + " but found " + p.currentToken() + " at "
                + p.currentLocation().offsetDescription());
    }
}
