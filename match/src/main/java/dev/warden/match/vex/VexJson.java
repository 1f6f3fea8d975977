package dev.warden.match.vex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Bounded JSON reading shared by the three VEX formats, and the small node helpers they all need. */
final class VexJson {
    private VexJson() {}

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(VexLimits.MAX_JSON_DEPTH)
                    .maxStringLength(VexLimits.MAX_STRING_CHARS)
                    .maxDocumentLength(VexLimits.MAX_DOCUMENT_BYTES)
                    .build())
            .build());

    /** The file's bytes, refusing links, non-regular files and anything over the size limit. */
    static byte[] readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WardenException("VEX " + file + ": not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, VexLimits.MAX_DOCUMENT_BYTES + 1));
            if (bytes.length > VexLimits.MAX_DOCUMENT_BYTES) {
                throw new WardenException("VEX " + file + ": larger than " + VexLimits.MAX_DOCUMENT_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new WardenException("VEX " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(byte[] bytes, String name) {
        if (bytes.length > VexLimits.MAX_DOCUMENT_BYTES) {
            throw new WardenException("VEX " + name + ": larger than " + VexLimits.MAX_DOCUMENT_BYTES + " bytes");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new WardenException("VEX " + name + ": not a JSON object");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new WardenException("VEX " + name + ": refused, " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new WardenException("VEX " + name + ": not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /** The text of a field, null when absent, null or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Elements of an array field; empty when absent. A present non-array is bad input. */
    static List<JsonNode> array(JsonNode node, String field, String name) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new WardenException("VEX " + name + ": '" + field + "' is not an array");
        }
        List<JsonNode> out = new ArrayList<>(value.size());
        value.forEach(out::add);
        return out;
    }

    /** An RFC 3339 timestamp; null when absent. A malformed one is bad input. */
    static Instant instant(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            // RFC 3339 always has an offset (Z or +hh:mm), which OffsetDateTime requires
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new WardenException("VEX " + name + ": invalid timestamp '" + shorten(text) + "'");
        }
    }

    /** The first of several timestamp fields that is present. */
    static Instant firstInstant(String where, String... texts) {
        for (String text : texts) {
            Instant t = instant(text, where);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    static void checkIdCount(int count, String what, String name) {
        if (count > VexLimits.MAX_IDS_PER_STATEMENT) {
            throw new WardenException("VEX " + name + ": a statement has " + count + " " + what + ", more than "
                    + VexLimits.MAX_IDS_PER_STATEMENT);
        }
    }

    static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
