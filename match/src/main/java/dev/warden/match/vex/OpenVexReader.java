package dev.warden.match.vex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads OpenVEX JSON, v0.2.0 and the earlier v0.0.x (vulnerability as a string, products as purl strings,
 * subcomponents on the statement). A v0.2.0 statement whose products carry different subcomponents is split
 * into one {@link VexStatement} per such product, because the shared record keeps one subcomponent list.
 */
final class OpenVexReader {
    static final String CONTEXT_PREFIX = "https://openvex.dev/ns";

    static boolean accepts(JsonNode root) {
        String context = VexJson.text(root, "@context");
        return context != null && context.startsWith(CONTEXT_PREFIX);
    }

    List<VexStatement> read(JsonNode root, String name, Consumer<String> warnings) {
        String docId = VexJson.text(root, "@id");
        String document = docId == null ? name : name + " (" + docId + ")";
        Instant docTime = VexJson.firstInstant(name, VexJson.text(root, "last_updated"), VexJson.text(root, "timestamp"));
        List<VexStatement> out = new ArrayList<>();
        int index = 0;
        for (JsonNode s : VexJson.array(root, "statements", name)) {
            index++;
            String where = name + " statement " + index;
            if (!s.isObject()) {
                throw new WardenException("VEX " + where + ": not an object");
            }
            Vulnerability vuln = vulnerability(s, where);
            VexStatus status = VexStatuses.parse(VexJson.text(s, "status"))
                    .orElseThrow(() -> new WardenException("VEX " + where + ": unknown status '" + VexJson.text(s, "status") + "'"));
            String justification = VexJson.text(s, "justification");
            if (justification != null && !OpenVexJustification.isValid(justification)) {
                throw new WardenException("VEX " + where + ": unknown justification '" + VexJson.shorten(justification) + "'");
            }
            Instant time = VexJson.firstInstant(where, VexJson.text(s, "last_updated"), VexJson.text(s, "timestamp"));
            Instant when = time != null ? time : docTime;
            String impact = VexJson.text(s, "impact_statement");
            String action = VexJson.text(s, "action_statement");

            int before = out.size();
            List<String> statementSubcomponents = ids(VexJson.array(s, "subcomponents", where), where); // v0.0.x
            List<String> plainProducts = new ArrayList<>();
            List<JsonNode> products = VexJson.array(s, "products", where);
            VexJson.checkIdCount(products.size(), "products", where);
            for (JsonNode product : products) {
                if (product.isTextual()) {
                    plainProducts.add(product.asText());
                    continue;
                }
                List<String> productIds = productIds(product, where);
                List<String> subs = ids(VexJson.array(product, "subcomponents", where), where);
                if (subs.isEmpty()) {
                    plainProducts.addAll(productIds);
                } else if (!productIds.isEmpty()) {
                    out.add(new VexStatement(vuln.name, vuln.aliases, productIds, subs, status, justification, impact,
                            action, when, document));
                }
            }
            if (!plainProducts.isEmpty()) {
                out.add(new VexStatement(vuln.name, vuln.aliases, plainProducts, statementSubcomponents, status,
                        justification, impact, action, when, document));
            } else if (out.size() == before) {
                warnings.accept("VEX " + where + ": no product with an @id or purl, statement ignored");
            }
        }
        return out;
    }

    private record Vulnerability(String name, List<String> aliases) {}

    private static Vulnerability vulnerability(JsonNode s, String where) {
        JsonNode v = s.get("vulnerability");
        if (v != null && v.isTextual() && !v.asText().isBlank()) {
            return new Vulnerability(v.asText().trim(), List.of());
        }
        if (v == null || !v.isObject()) {
            throw new WardenException("VEX " + where + ": no vulnerability");
        }
        String name = VexJson.text(v, "name");
        String iri = VexJson.text(v, "@id");
        if (name == null || name.isBlank()) {
            name = iri;
        }
        if (name == null || name.isBlank()) {
            throw new WardenException("VEX " + where + ": vulnerability has neither name nor @id");
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (JsonNode alias : VexJson.array(v, "aliases", where)) {
            if (alias.isTextual() && !alias.asText().isBlank()) {
                aliases.add(alias.asText().trim());
            }
        }
        if (iri != null && !iri.equals(name) && !iri.contains("/")) {
            aliases.add(iri); // an @id that is itself a vulnerability id rather than a URL
        }
        aliases.remove(name.trim());
        VexJson.checkIdCount(aliases.size(), "aliases", where);
        return new Vulnerability(name.trim(), List.copyOf(aliases));
    }

    /** {@code @id} of a v0.2.0 product, plus its {@code identifiers.purl} when that says something else. */
    private static List<String> productIds(JsonNode product, String where) {
        if (!product.isObject()) {
            throw new WardenException("VEX " + where + ": a product is neither a string nor an object");
        }
        Set<String> ids = new LinkedHashSet<>();
        String id = VexJson.text(product, "@id");
        if (id != null && !id.isBlank()) {
            ids.add(id.trim());
        }
        String purl = VexJson.text(product.get("identifiers"), "purl");
        if (purl != null && !purl.isBlank()) {
            ids.add(purl.trim());
        }
        return List.copyOf(ids);
    }

    private static List<String> ids(List<JsonNode> nodes, String where) {
        VexJson.checkIdCount(nodes.size(), "subcomponents", where);
        List<String> out = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (node.isTextual()) {
                out.add(node.asText().trim());
            } else {
                out.addAll(productIds(node, where));
            }
        }
        return out;
    }

}
