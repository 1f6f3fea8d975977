package dev.warden.catalog.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads CycloneDX JSON 1.2 to 1.6 (whose component, licence, hash and property shapes are the same
 * across those versions). Components with a purl, or of type library/framework, are packages;
 * nested components keep their parent; the first operating-system component is the distro.
 * Understands Warden's {@code warden:} properties and Trivy's source-package and layer properties.
 */
final class CycloneDxReader {
    /** Component types that are packages even without a purl. */
    private static final Set<String> PACKAGE_TYPES = Set.of("library", "framework");
    private static final String TRIVY = "aquasecurity:trivy:";

    private CycloneDxReader() {}

    static Sbom read(JsonNode root, String file) {
        ReadPackages found = new ReadPackages(file);
        JsonNode metadataComponent = root.path("metadata").path("component");
        ImageInfo image = image(metadataComponent, file);
        Distro[] distro = new Distro[1];

        // iterative walk: nesting is attacker-controlled; depth is checked against the limit
        record Pending(JsonNode component, String parentId, int depth) {}
        Deque<Pending> pending = new ArrayDeque<>();
        List<JsonNode> top = list(root.path("components"), file, "components");
        for (int i = top.size() - 1; i >= 0; i--) {
            pending.push(new Pending(top.get(i), null, 1));
        }
        while (!pending.isEmpty()) {
            Pending p = pending.pop();
            if (p.depth() > SbomLimits.MAX_NESTING_DEPTH) {
                throw new WardenException(file + ": components nested deeper than " + SbomLimits.MAX_NESTING_DEPTH + " levels");
            }
            JsonNode c = p.component();
            if (!c.isObject()) {
                throw new WardenException(file + ": a component is not a JSON object");
            }
            String type = text(c, "type");
            String parentForChildren = p.parentId();
            if ("operating-system".equals(type)) {
                if (distro[0] == null) {
                    distro[0] = distro(c);
                }
            } else {
                List<PackageFacts.Fact> facts = facts(c);
                PackageFacts.Read read = PackageFacts.read(facts);
                String purl = text(c, "purl");
                if (purl != null || read.any() || type == null || PACKAGE_TYPES.contains(type)) {
                    trivyFacts(facts, read);
                    parentForChildren = found.add(new ReadPackages.Found(text(c, "bom-ref"), purl, text(c, "group"),
                            text(c, "name"), text(c, "version"), licenses(c.path("licenses")), hashes(c.path("hashes")),
                            read, p.parentId(), null));
                }
            }
            List<JsonNode> children = list(c.path("components"), file, "components");
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(new Pending(children.get(i), parentForChildren, p.depth() + 1));
            }
        }
        Distro d = distro[0] != null ? distro[0] : found.distroFromPurls();
        return new Sbom(image, d, found.packages(), found.warnings())
                .withSelection(SelectionFacts.read(facts(root.path("metadata")), file));
    }

    private static ImageInfo image(JsonNode component, String file) {
        if (!component.isObject()) {
            return new ImageInfo(file, null, null, null, ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        }
        String name = text(component, "name");
        return ImageFacts.read(facts(component), name != null ? name : file);
    }

    private static Distro distro(JsonNode c) {
        Map<String, String> props = new TreeMap<>();
        facts(c).forEach(f -> props.putIfAbsent(f.name(), f.value()));
        return new Distro(lower(text(c, "name")), text(c, "version"), props.get(ImageFacts.CODENAME), text(c, "description"));
    }

    /** Each licence entry as one string: an SPDX id, a licence name, or an expression. */
    static List<String> licenses(JsonNode licenses) {
        List<String> out = new ArrayList<>();
        if (!licenses.isArray()) {
            return out;
        }
        for (JsonNode entry : licenses) {
            String expression = text(entry, "expression");
            if (expression != null) {
                out.add(expression);
                continue;
            }
            JsonNode license = entry.path("license");
            String value = text(license, "id") != null ? text(license, "id") : text(license, "name");
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private static Map<String, String> hashes(JsonNode hashes) {
        Map<String, String> out = new TreeMap<>();
        if (hashes.isArray()) {
            for (JsonNode h : hashes) {
                String alg = text(h, "alg");
                String content = text(h, "content");
                if (alg != null && content != null) {
                    out.put(PackageFacts.hashProperty(alg), content.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** The {@code properties} of a component (or of the metadata). */
    private static List<PackageFacts.Fact> facts(JsonNode component) {
        List<PackageFacts.Fact> facts = new ArrayList<>();
        JsonNode props = component.path("properties");
        if (props.isArray()) {
            for (JsonNode p : props) {
                String name = text(p, "name");
                JsonNode value = p.path("value");
                if (name != null && value.isValueNode() && !value.isNull()) {
                    facts.add(new PackageFacts.Fact(name, value.asText())); // "" is a value (no layer)
                }
            }
        }
        return facts;
    }

    /** Trivy's names for the source package and the layer, used when Warden's are absent. */
    private static void trivyFacts(List<PackageFacts.Fact> facts, PackageFacts.Read read) {
        Map<String, String> t = new TreeMap<>();
        facts.stream().filter(f -> f.name().startsWith(TRIVY))
                .forEach(f -> t.putIfAbsent(f.name().substring(TRIVY.length()), f.value()));
        if (t.isEmpty()) {
            return;
        }
        if (read.sourceName == null && t.containsKey("SrcName")) {
            read.sourceName = t.get("SrcName");
            String version = t.get("SrcVersion");
            if (version != null && t.containsKey("SrcRelease")) {
                version += "-" + t.get("SrcRelease");
            }
            if (version != null && t.containsKey("SrcEpoch") && !"0".equals(t.get("SrcEpoch"))) {
                version = t.get("SrcEpoch") + ":" + version;
            }
            read.sourceVersion = version;
        }
        if (read.locations.isEmpty() && (t.containsKey("FilePath") || t.containsKey("LayerDiffID"))) {
            read.locations.add(new Location(t.get("FilePath"), t.get("LayerDiffID")));
        }
    }

    static List<JsonNode> list(JsonNode node, String file, String what) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new WardenException(file + ": '" + what + "' is not a JSON array");
        }
        List<JsonNode> out = new ArrayList<>(node.size());
        node.forEach(out::add);
        return out;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
