package dev.warden.match.vex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Writes OpenVEX v0.2.0 JSON. Statements that break the spec's rules ({@link OpenVexRules}) are refused; each
 * statement carries its own timestamp so that merged documents keep which statement is newer.
 */
public final class OpenVexWriter {
    public static final String CONTEXT = "https://openvex.dev/ns/v0.2.0";

    private final String author;
    private final String tooling;

    public OpenVexWriter(String author, String tooling) {
        this.author = author;
        this.tooling = tooling;
    }

    /** A new document (version 1) holding {@code statements}; its {@code @id} is derived from their content. */
    public byte[] write(List<VexStatement> statements, Instant now) {
        ObjectNode doc = VexJson.MAPPER.createObjectNode();
        doc.put("@context", CONTEXT);
        ArrayNode array = VexJson.MAPPER.createArrayNode();
        for (VexStatement s : statements) {
            array.add(statement(s));
        }
        doc.put("@id", "urn:uuid:" + UUID.nameUUIDFromBytes(array.toString().getBytes(StandardCharsets.UTF_8)));
        doc.put("author", author);
        doc.put("timestamp", seconds(now));
        doc.put("version", 1);
        if (tooling != null) {
            doc.put("tooling", tooling);
        }
        doc.set("statements", array);
        return bytes(doc);
    }

    /**
     * An existing OpenVEX v0.2.0 document with {@code added} appended: its other content is kept as it is, its
     * version goes up by one and {@code last_updated} is set.
     */
    public byte[] append(byte[] existing, String name, List<VexStatement> added, Instant now) {
        JsonNode root = VexJson.parse(existing, name);
        if (!CONTEXT.equals(VexJson.text(root, "@context"))) {
            throw new WardenException("VEX " + name + ": --append needs an OpenVEX v0.2.0 document (@context " + CONTEXT
                    + "); convert it first with warden vex merge");
        }
        ObjectNode doc = (ObjectNode) root;
        JsonNode statements = doc.get("statements");
        ArrayNode array;
        if (statements == null || statements.isNull()) {
            array = doc.putArray("statements");
        } else if (statements.isArray()) {
            array = (ArrayNode) statements;
        } else {
            throw new WardenException("VEX " + name + ": 'statements' is not an array");
        }
        if (array.size() + added.size() > VexLimits.MAX_STATEMENTS) {
            throw new WardenException("VEX " + name + ": more than " + VexLimits.MAX_STATEMENTS + " statements");
        }
        added.forEach(s -> array.add(statement(s)));
        JsonNode version = doc.get("version");
        doc.put("version", (version != null && version.canConvertToInt() ? version.asInt() : 0) + 1);
        doc.put("last_updated", seconds(now));
        return bytes(doc);
    }

    private static ObjectNode statement(VexStatement s) {
        List<String> problems = OpenVexRules.problems(s);
        if (!problems.isEmpty()) {
            throw new WardenException("VEX statement for " + s.vulnerability() + ": " + String.join("; ", problems));
        }
        ObjectNode node = VexJson.MAPPER.createObjectNode();
        ObjectNode vuln = node.putObject("vulnerability");
        vuln.put("name", s.vulnerability());
        if (!s.aliases().isEmpty()) {
            ArrayNode aliases = vuln.putArray("aliases");
            s.aliases().forEach(aliases::add);
        }
        if (s.timestamp() != null) {
            node.put("timestamp", s.timestamp().toString()); // full precision: it orders statements
        }
        ArrayNode products = node.putArray("products");
        for (String p : s.products()) {
            ObjectNode product = products.addObject();
            product.put("@id", p);
            if (!s.subcomponents().isEmpty()) {
                ArrayNode subs = product.putArray("subcomponents");
                s.subcomponents().forEach(sub -> subs.addObject().put("@id", sub));
            }
        }
        node.put("status", s.status().id());
        putIfPresent(node, "justification", s.justification());
        putIfPresent(node, "impact_statement", s.impactStatement());
        putIfPresent(node, "action_statement", s.actionStatement());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static byte[] bytes(JsonNode doc) {
        try {
            return (VexJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("JSON tree could not be written", e);
        }
    }
}
