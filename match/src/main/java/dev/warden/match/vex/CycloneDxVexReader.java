package dev.warden.match.vex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the VEX part of a CycloneDX BOM: every {@code vulnerabilities[]} entry with an {@code analysis.state}.
 * The BOM may be a standalone VEX or an SBOM carrying its own analysis. {@code affects[].ref} is resolved to the
 * purl of the component with that {@code bom-ref}; a BOM-Link ({@code urn:cdx:SERIAL/VERSION#REF}) to another
 * BOM keeps its fragment, which matches when it is a purl. Entries without analysis are vulnerability listings,
 * not VEX, and are skipped.
 */
final class CycloneDxVexReader {

    static boolean accepts(JsonNode root) {
        return "CycloneDX".equals(VexJson.text(root, "bomFormat"));
    }

    List<VexStatement> read(JsonNode root, String name, Consumer<String> warnings) {
        String serial = VexJson.text(root, "serialNumber");
        String document = serial == null ? name : name + " (" + serial + ")";
        Map<String, String> purlsByRef = new HashMap<>();
        JsonNode metadata = root.get("metadata");
        JsonNode subject = metadata == null ? null : metadata.get("component");
        collectComponents(subject, purlsByRef, name);
        for (JsonNode c : VexJson.array(root, "components", name)) {
            collectComponents(c, purlsByRef, name);
        }
        String subjectPurl = VexJson.text(subject, "purl");
        Instant docTime = VexJson.instant(VexJson.text(metadata, "timestamp"), name);

        List<VexStatement> out = new ArrayList<>();
        int index = 0;
        for (JsonNode v : VexJson.array(root, "vulnerabilities", name)) {
            index++;
            String where = name + " vulnerability " + index;
            JsonNode analysis = v.get("analysis");
            String state = VexJson.text(analysis, "state");
            if (state == null) {
                continue;
            }
            VexStatus status = CycloneDxVexMapping.status(state)
                    .orElseThrow(() -> new WardenException("VEX " + where + ": unknown analysis state '" + VexJson.shorten(state) + "'"));
            String id = VexJson.text(v, "id");
            if (id == null || id.isBlank()) {
                throw new WardenException("VEX " + where + ": vulnerability without id");
            }
            String cdxJustification = VexJson.text(analysis, "justification");
            String justification = null;
            if (cdxJustification != null) {
                justification = CycloneDxVexMapping.justification(cdxJustification)
                        .orElseThrow(() -> new WardenException("VEX " + where + ": unknown analysis justification '"
                                + VexJson.shorten(cdxJustification) + "'"));
            }
            if (status != VexStatus.NOT_AFFECTED) {
                justification = null; // a justification only qualifies not_affected
            }
            String detail = VexJson.text(analysis, "detail");
            String impact = null;
            String action = null;
            if (status == VexStatus.NOT_AFFECTED) {
                impact = detail != null ? detail : "false_positive".equals(state) ? "false positive" : null;
            } else if (status == VexStatus.AFFECTED) {
                action = action(analysis, detail, where);
            }
            Instant time = VexJson.firstInstant(where, VexJson.text(analysis, "lastUpdated"), VexJson.text(analysis, "firstIssued"),
                    VexJson.text(v, "updated"), VexJson.text(v, "published"));
            Set<String> aliases = new LinkedHashSet<>();
            for (JsonNode ref : VexJson.array(v, "references", where)) {
                String alias = VexJson.text(ref, "id");
                if (alias != null && !alias.isBlank() && !alias.equals(id)) {
                    aliases.add(alias.trim());
                }
            }
            VexJson.checkIdCount(aliases.size(), "aliases", where);
            List<String> products = products(v, purlsByRef, subjectPurl, where, warnings);
            if (products.isEmpty()) {
                continue;
            }
            out.add(new VexStatement(id.trim(), List.copyOf(aliases), products, List.of(), status, justification,
                    impact, action, time != null ? time : docTime, document));
        }
        return out;
    }

    private static String action(JsonNode analysis, String detail, String where) {
        List<String> responses = new ArrayList<>();
        for (JsonNode r : VexJson.array(analysis, "response", where)) {
            if (r.isTextual()) {
                responses.add(r.asText());
            }
        }
        String response = responses.isEmpty() ? null : "response: " + String.join(", ", responses);
        if (detail == null) {
            return response;
        }
        return response == null ? detail : response + ". " + detail;
    }

    private static List<String> products(JsonNode v, Map<String, String> purlsByRef, String subjectPurl, String where,
            Consumer<String> warnings) {
        List<JsonNode> affects = VexJson.array(v, "affects", where);
        VexJson.checkIdCount(affects.size(), "affects", where);
        Set<String> products = new LinkedHashSet<>();
        if (affects.isEmpty()) {
            // no affects: the statement is about the BOM's subject
            if (subjectPurl != null) {
                products.add(subjectPurl);
            } else {
                warnings.accept("VEX " + where + ": no affects and no metadata.component purl, statement ignored");
            }
        }
        for (JsonNode affect : affects) {
            String ref = VexJson.text(affect, "ref");
            if (ref == null || ref.isBlank()) {
                continue;
            }
            String product = resolve(ref.trim(), purlsByRef);
            List<JsonNode> versions = VexJson.array(affect, "versions", where);
            VexJson.checkIdCount(versions.size(), "versions", where);
            if (versions.isEmpty() || !product.startsWith("pkg:") || Purls.hasVersion(product)) {
                products.add(product);
                continue;
            }
            boolean rangeOnly = true;
            for (JsonNode version : versions) {
                String exact = VexJson.text(version, "version");
                if (exact != null && !exact.isBlank()) {
                    products.add(Purls.withVersion(product, exact.trim()));
                    rangeOnly = false;
                }
            }
            if (rangeOnly) {
                warnings.accept("VEX " + where + ": version ranges of " + product + " are not applied; that product is ignored");
            }
        }
        return List.copyOf(products);
    }

    /** A bom-ref to its component's purl; a BOM-Link to its fragment; anything else as written. */
    private static String resolve(String ref, Map<String, String> purlsByRef) {
        String purl = purlsByRef.get(ref);
        if (purl != null) {
            return purl;
        }
        if (ref.startsWith("urn:cdx:")) {
            int hash = ref.indexOf('#');
            if (hash >= 0 && hash + 1 < ref.length()) {
                String fragment = URLDecoder.decode(ref.substring(hash + 1), StandardCharsets.UTF_8);
                return purlsByRef.getOrDefault(fragment, fragment);
            }
        }
        return ref;
    }

    private static void collectComponents(JsonNode component, Map<String, String> purlsByRef, String name) {
        if (component == null || !component.isObject()) {
            return;
        }
        String ref = VexJson.text(component, "bom-ref");
        String purl = VexJson.text(component, "purl");
        if (ref != null && purl != null && !purl.isBlank()) {
            purlsByRef.put(ref, purl.trim());
        }
        if (purlsByRef.size() > VexLimits.MAX_STATEMENTS) {
            throw new WardenException("VEX " + name + ": more than " + VexLimits.MAX_STATEMENTS + " components");
        }
        for (JsonNode child : VexJson.array(component, "components", name)) {
            collectComponents(child, purlsByRef, name); // depth bounded by the parser's nesting limit
        }
    }

}
