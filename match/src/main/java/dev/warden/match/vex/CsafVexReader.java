package dev.warden.match.vex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads CSAF 2.0 documents (the VEX profile, and security advisories, which carry the same product statuses).
 * Product ids are resolved through the product tree to purls ({@code product_identification_helper.purl});
 * a relationship id ("component X default_component_of product Y") becomes product Y scoped to subcomponent X.
 * Per vulnerability and product: the status comes from {@code product_status}, the justification from
 * {@code flags[].label}, the impact statement from {@code threats[category=impact]}, the action statement from
 * {@code remediations}. Products without a purl cannot be matched and are reported as warnings.
 */
final class CsafVexReader {

    static boolean accepts(JsonNode root) {
        JsonNode document = root.get("document");
        return document != null && document.isObject() && VexJson.text(document, "csaf_version") != null;
    }

    /** CSAF product_status lists to VEX statuses; {@code recommended} says nothing about exploitability. */
    static final Map<String, VexStatus> PRODUCT_STATUS = orderedStatus();

    private static Map<String, VexStatus> orderedStatus() {
        Map<String, VexStatus> map = new LinkedHashMap<>();
        map.put("known_not_affected", VexStatus.NOT_AFFECTED);
        map.put("fixed", VexStatus.FIXED);
        map.put("first_fixed", VexStatus.FIXED);
        map.put("known_affected", VexStatus.AFFECTED);
        map.put("first_affected", VexStatus.AFFECTED);
        map.put("last_affected", VexStatus.AFFECTED);
        map.put("under_investigation", VexStatus.UNDER_INVESTIGATION);
        return java.util.Collections.unmodifiableMap(map);
    }

    /** What a product id stands for: a product purl, optionally scoped to a component purl. */
    private record Target(String product, String subcomponent) {}

    List<VexStatement> read(JsonNode root, String name, Consumer<String> warnings) {
        JsonNode document = root.get("document");
        String trackingId = VexJson.text(document.get("tracking"), "id");
        String documentName = trackingId == null ? name : name + " (" + trackingId + ")";
        Instant docTime = VexJson.firstInstant(name, VexJson.text(document.get("tracking"), "current_release_date"),
                VexJson.text(document.get("tracking"), "initial_release_date"));

        JsonNode tree = root.get("product_tree");
        Map<String, String> purls = new HashMap<>();
        collectBranches(VexJson.array(tree, "branches", name), purls, name);
        for (JsonNode p : VexJson.array(tree, "full_product_names", name)) {
            addProduct(p, purls);
        }
        Map<String, Target> targets = new HashMap<>();
        purls.forEach((id, purl) -> targets.put(id, new Target(purl, null)));
        for (JsonNode r : VexJson.array(tree, "relationships", name)) {
            String id = VexJson.text(r.get("full_product_name"), "product_id");
            String component = purls.get(VexJson.text(r, "product_reference"));
            String product = purls.get(VexJson.text(r, "relates_to_product_reference"));
            if (id != null && component != null) {
                targets.put(id, new Target(product, component));
            }
        }
        Map<String, List<String>> groups = new HashMap<>();
        for (JsonNode g : VexJson.array(tree, "product_groups", name)) {
            String groupId = VexJson.text(g, "group_id");
            if (groupId != null) {
                groups.put(groupId, texts(VexJson.array(g, "product_ids", name)));
            }
        }

        List<VexStatement> out = new ArrayList<>();
        Set<String> unresolved = new LinkedHashSet<>();
        int index = 0;
        for (JsonNode v : VexJson.array(root, "vulnerabilities", name)) {
            index++;
            String where = name + " vulnerability " + index;
            List<String> ids = new ArrayList<>();
            String cve = VexJson.text(v, "cve");
            if (cve != null && !cve.isBlank()) {
                ids.add(cve.trim());
            }
            for (JsonNode id : VexJson.array(v, "ids", where)) {
                String text = VexJson.text(id, "text");
                if (text != null && !text.isBlank() && !ids.contains(text.trim())) {
                    ids.add(text.trim());
                }
            }
            if (ids.isEmpty()) {
                warnings.accept("VEX " + where + ": neither cve nor ids, vulnerability ignored");
                continue;
            }
            VexJson.checkIdCount(ids.size(), "ids", where);
            Map<String, String> justification = perProduct(v, "flags", "label", groups, where);
            Map<String, String> impact = perProduct(v, "threats", "details", groups, where, "impact");
            Map<String, String> action = perProduct(v, "remediations", "details", groups, where);
            JsonNode statuses = v.get("product_status");
            Statements grouped = new Statements();
            for (Map.Entry<String, VexStatus> e : PRODUCT_STATUS.entrySet()) {
                List<JsonNode> productIds = VexJson.array(statuses, e.getKey(), where);
                VexJson.checkIdCount(productIds.size(), "products", where);
                for (String productId : texts(productIds)) {
                    Target target = targets.get(productId);
                    if (target == null) {
                        unresolved.add(productId);
                        continue;
                    }
                    VexStatus status = e.getValue();
                    String just = status == VexStatus.NOT_AFFECTED ? justification.get(productId) : null;
                    if (just != null && !OpenVexJustification.isValid(just)) {
                        throw new WardenException("VEX " + where + ": unknown flag label '" + VexJson.shorten(just) + "'");
                    }
                    grouped.add(status, just, status == VexStatus.NOT_AFFECTED ? impact.get(productId) : null,
                            status == VexStatus.AFFECTED ? action.get(productId) : null, target);
                }
            }
            String first = ids.get(0);
            List<String> aliases = ids.subList(1, ids.size());
            grouped.emit(first, aliases, docTime, documentName, out);
        }
        if (!unresolved.isEmpty()) {
            warnings.accept("VEX " + name + ": " + unresolved.size() + " product id(s) without a purl in the product tree, ignored (e.g. "
                    + unresolved.iterator().next() + ")");
        }
        return out;
    }

    /** Statements of one vulnerability, products with the same status, texts and scope merged into one. */
    private static final class Statements {
        private record Key(VexStatus status, String justification, String impact, String action, String subcomponent) {}

        private final Map<Key, Set<String>> products = new LinkedHashMap<>();

        void add(VexStatus status, String justification, String impact, String action, Target target) {
            Key key = new Key(status, justification, impact, action, target.subcomponent());
            Set<String> set = products.computeIfAbsent(key, k -> new LinkedHashSet<>());
            if (target.product() != null) {
                set.add(target.product());
            } else if (target.subcomponent() != null) {
                set.add(target.subcomponent()); // the containing product has no purl: the component alone
            }
        }

        void emit(String vulnerability, List<String> aliases, Instant time, String document, List<VexStatement> out) {
            products.forEach((key, productSet) -> {
                boolean scoped = key.subcomponent() != null && !productSet.contains(key.subcomponent());
                out.add(new VexStatement(vulnerability, aliases, List.copyOf(productSet),
                        scoped ? List.of(key.subcomponent()) : List.of(), key.status(), key.justification(),
                        key.impact(), key.action(), time, document));
            });
        }
    }

    /** A text per product id from a list of {product_ids, group_ids, FIELD} objects (optionally of one category). */
    private static Map<String, String> perProduct(JsonNode v, String listField, String field,
            Map<String, List<String>> groups, String where, String... category) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode item : VexJson.array(v, listField, where)) {
            if (category.length > 0 && !Objects.equals(category[0], VexJson.text(item, "category"))) {
                continue;
            }
            String text = VexJson.text(item, field);
            if (text == null) {
                continue;
            }
            List<String> ids = new ArrayList<>(texts(VexJson.array(item, "product_ids", where)));
            for (String group : texts(VexJson.array(item, "group_ids", where))) {
                ids.addAll(groups.getOrDefault(group, List.of()));
            }
            for (String id : ids) {
                out.merge(id, text, (a, b) -> a.equals(b) ? a : a + "\n" + b);
            }
        }
        return out;
    }

    private static void collectBranches(List<JsonNode> branches, Map<String, String> purls, String name) {
        for (JsonNode branch : branches) {
            addProduct(branch.get("product"), purls);
            if (purls.size() > VexLimits.MAX_STATEMENTS) {
                throw new WardenException("VEX " + name + ": more than " + VexLimits.MAX_STATEMENTS + " products");
            }
            collectBranches(VexJson.array(branch, "branches", name), purls, name); // depth bounded by the parser
        }
    }

    private static void addProduct(JsonNode product, Map<String, String> purls) {
        String id = VexJson.text(product, "product_id");
        String purl = VexJson.text(product == null ? null : product.get("product_identification_helper"), "purl");
        if (id != null && purl != null && !purl.isBlank()) {
            purls.put(id, purl.trim());
        }
    }

    private static List<String> texts(List<JsonNode> nodes) {
        List<String> out = new ArrayList<>(nodes.size());
        for (JsonNode n : nodes) {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        }
        return out;
    }
}
