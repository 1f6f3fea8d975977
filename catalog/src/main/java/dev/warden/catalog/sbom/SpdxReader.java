package dev.warden.catalog.sbom;

import static dev.warden.catalog.sbom.CycloneDxReader.list;
import static dev.warden.catalog.sbom.CycloneDxReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.core.WardenException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SPDX 2.2 and 2.3 JSON. Packages with a purl external reference (or written by Warden, or
 * with no purpose that rules them out) are packages; CONTAINS between two packages is nesting; the
 * OPERATING-SYSTEM package is the distro and the CONTAINER package the image. Licences come from
 * licenseDeclared (else licenseConcluded), split at top-level ANDs, with LicenseRefs turned back
 * into the names hasExtractedLicensingInfos gives them.
 */
final class SpdxReader {
    /** Purposes of elements that are not packages of the image when they have no purl. */
    private static final Set<String> NOT_PACKAGES = Set.of("APPLICATION", "CONTAINER", "OPERATING-SYSTEM", "FILE",
            "OPERATING_SYSTEM", "SOURCE", "ARCHIVE", "INSTALL", "DEVICE", "FIRMWARE");
    private static final Set<String> NO_LICENSE = Set.of("NOASSERTION", "NONE");
    /** Trivy's "built package from: NAME VERSION". */
    private static final Pattern TRIVY_SOURCE = Pattern.compile("built package from: (\\S+) (\\S+)");

    private SpdxReader() {}

    static Sbom read(JsonNode root, String file) {
        Map<String, String> extracted = new HashMap<>();
        for (JsonNode info : list(root.path("hasExtractedLicensingInfos"), file, "hasExtractedLicensingInfos")) {
            String id = text(info, "licenseId");
            String name = text(info, "name") != null ? text(info, "name") : text(info, "extractedText");
            if (id != null && name != null) {
                extracted.put(id, name);
            }
        }
        List<JsonNode> nodes = list(root.path("packages"), file, "packages");
        if (nodes.size() > SbomLimits.MAX_PACKAGES) {
            throw new WardenException(file + ": more than " + SbomLimits.MAX_PACKAGES + " packages; refusing to read");
        }
        Map<String, JsonNode> packagesBySpdxId = new LinkedHashMap<>();
        for (JsonNode p : nodes) {
            if (!p.isObject()) {
                throw new WardenException(file + ": a package is not a JSON object");
            }
            String spdxId = text(p, "SPDXID");
            if (spdxId != null) {
                packagesBySpdxId.putIfAbsent(spdxId, p);
            }
        }
        Map<String, String> parentOf = new HashMap<>();
        for (JsonNode r : list(root.path("relationships"), file, "relationships")) {
            String from = text(r, "spdxElementId");
            String to = text(r, "relatedSpdxElement");
            String type = text(r, "relationshipType");
            if ("CONTAINS".equals(type)) {
                parentOf.putIfAbsent(to, from);
            } else if ("CONTAINED_BY".equals(type)) {
                parentOf.putIfAbsent(from, to);
            }
        }

        ReadPackages found = new ReadPackages(file);
        ImageInfo image = null;
        Distro distro = null;
        Map<String, String> idBySpdxId = new HashMap<>();
        List<String> spdxIdsInOrder = new ArrayList<>();
        for (JsonNode p : nodes) {
            String spdxId = text(p, "SPDXID");
            String purpose = text(p, "primaryPackagePurpose");
            String purl = purl(p);
            List<PackageFacts.Fact> facts = annotations(p);
            PackageFacts.Read read = PackageFacts.read(facts);
            boolean os = "OPERATING-SYSTEM".equals(purpose) || "OPERATING_SYSTEM".equals(purpose) || spdxId != null && spdxId.startsWith("SPDXRef-OperatingSystem");
            boolean container = "CONTAINER".equals(purpose) || spdxId != null
                    && (spdxId.startsWith("SPDXRef-ContainerImage") || spdxId.equals(SpdxWriter.IMAGE_ID))
                    || purl != null && (purl.startsWith("pkg:oci/") || purl.startsWith("pkg:docker/"));
            if (os) {
                if (distro == null) {
                    distro = new Distro(lower(text(p, "name")), text(p, "versionInfo"), codename(facts), text(p, "description"));
                }
                continue;
            }
            if (container) {
                if (image == null) {
                    image = ImageFacts.read(facts, text(p, "name") != null ? text(p, "name") : file);
                }
                continue;
            }
            if (purl == null && !read.any() && purpose != null && NOT_PACKAGES.contains(purpose)) {
                continue;
            }
            trivyFacts(p, read);
            String id = found.add(new ReadPackages.Found(spdxId, purl, null, text(p, "name"), text(p, "versionInfo"),
                    licenses(p, extracted), checksums(p), read, null, null));
            if (spdxId != null) {
                idBySpdxId.put(spdxId, id);
                spdxIdsInOrder.add(spdxId);
            }
        }
        // nesting: only between two packages we kept (an image or OS "containing" packages is not nesting)
        List<Package> withParents = new ArrayList<>(found.packages().size());
        Map<String, String> parentById = new HashMap<>();
        for (String spdxId : spdxIdsInOrder) {
            String parent = parentOf.get(spdxId);
            if (parent != null && idBySpdxId.containsKey(parent) && !parent.equals(spdxId)) {
                parentById.put(idBySpdxId.get(spdxId), idBySpdxId.get(parent));
            }
        }
        for (Package p : found.packages()) {
            String parent = parentById.get(p.id());
            withParents.add(parent == null ? p : p.withParentId(parent));
        }
        if (image == null) {
            image = new ImageInfo(text(root, "name") != null ? text(root, "name") : file, null, null, null,
                    ImageInfo.ImageConfig.EMPTY, List.of(), Map.of());
        }
        return new Sbom(image, distro != null ? distro : found.distroFromPurls(), withParents, found.warnings())
                .withSelection(SelectionFacts.read(SelectionFacts.fromSpdxComment(text(root.path("creationInfo"), "comment")), file));
    }

    private static String purl(JsonNode p) {
        for (JsonNode ref : p.path("externalRefs")) {
            String category = text(ref, "referenceCategory");
            if ("purl".equals(text(ref, "referenceType"))
                    && (category == null || category.replace('_', '-').equals("PACKAGE-MANAGER"))) {
                return text(ref, "referenceLocator");
            }
        }
        return null;
    }

    private static List<String> licenses(JsonNode p, Map<String, String> extracted) {
        String expression = text(p, "licenseDeclared");
        if (expression == null || NO_LICENSE.contains(expression)) {
            expression = text(p, "licenseConcluded");
        }
        if (expression == null || NO_LICENSE.contains(expression)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : splitTopLevelAnd(expression)) {
            out.add(extracted.getOrDefault(part, part));
        }
        return out;
    }

    /**
     * "A AND (B OR C)" gives [A, B OR C]: the parts of a top-level AND, each without one level of
     * parentheses (the level a writer adds around compound parts). An expression with a top-level
     * OR, or with no top-level AND, stays whole and as written.
     */
    static List<String> splitTopLevelAnd(String expression) {
        String e = expression.strip();
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == ' ') {
                if (e.regionMatches(true, i, " OR ", 0, 4)) {
                    return List.of(e);
                }
                if (e.regionMatches(true, i, " AND ", 0, 5)) {
                    parts.add(e.substring(start, i).strip());
                    start = i + 5;
                    i += 4;
                }
            }
        }
        if (parts.isEmpty()) {
            return List.of(e);
        }
        parts.add(e.substring(start).strip());
        return parts.stream().map(SpdxReader::stripOneParenLevel).toList();
    }

    /** "(A OR B)" gives "A OR B"; "(A) OR (B)" stays (its first parenthesis closes early). */
    private static String stripOneParenLevel(String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return s;
        }
        int depth = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            depth += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
            if (depth == 0) {
                return s;
            }
        }
        return s.substring(1, s.length() - 1).strip();
    }

    private static Map<String, String> checksums(JsonNode p) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : p.path("checksums")) {
            String alg = text(c, "algorithm");
            String value = text(c, "checksumValue");
            if (alg != null && value != null) {
                out.put(PackageFacts.hashProperty(alg), value.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static List<PackageFacts.Fact> annotations(JsonNode p) {
        List<PackageFacts.Fact> facts = new ArrayList<>();
        for (JsonNode a : p.path("annotations")) {
            String comment = text(a, "comment");
            int eq = comment == null ? -1 : comment.indexOf('=');
            if (eq > 0 && comment.startsWith("warden:")) {
                facts.add(new PackageFacts.Fact(comment.substring(0, eq), comment.substring(eq + 1)));
            }
        }
        return facts;
    }

    /** Trivy's attribution texts ("LayerDiffID: sha256:...") and sourceInfo, used when Warden's facts are absent. */
    private static void trivyFacts(JsonNode p, PackageFacts.Read read) {
        if (read.locations.isEmpty()) {
            for (JsonNode t : p.path("attributionTexts")) {
                String text = t.asText("");
                if (text.startsWith("LayerDiffID: ")) {
                    read.locations.add(new Location(null, text.substring("LayerDiffID: ".length()).strip()));
                }
            }
        }
        String sourceInfo = text(p, "sourceInfo");
        if (read.sourceName == null && sourceInfo != null) {
            Matcher m = TRIVY_SOURCE.matcher(sourceInfo);
            if (m.matches()) {
                read.sourceName = m.group(1);
                read.sourceVersion = m.group(2);
            }
        }
    }

    private static String codename(List<PackageFacts.Fact> facts) {
        return facts.stream().filter(f -> f.name().equals(ImageFacts.CODENAME)).map(PackageFacts.Fact::value).findFirst().orElse(null);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
