package dev.warden.catalog.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * SPDX 2.3 JSON, written directly with Jackson. java-spdx-library would bring ~11 MB in 20 jars
 * (SPDX 3 model, gson, jsoup, org.json...) and needs its licence list loaded offline, for a document
 * whose shape is a few fixed objects; the official 2.3 JSON schema checks what we write (tests).
 *
 * <p>The image is a CONTAINER package described by the document; the distro an OPERATING-SYSTEM
 * package; each package a LIBRARY with its purl as a PACKAGE-MANAGER external reference. Nesting is
 * CONTAINS. Licences become one {@code licenseDeclared} expression (entries joined with AND); a name
 * that is no SPDX expression becomes a {@code LicenseRef-} with its text in hasExtractedLicensingInfos.
 * Facts without an SPDX field are annotations whose comment is {@code warden:NAME=VALUE}.
 */
public final class SpdxWriter implements SbomWriter {
    static final String IMAGE_ID = "SPDXRef-Image";
    static final String OS_ID = "SPDXRef-OperatingSystem";
    static final String NOASSERTION = "NOASSERTION";
    /** A LicenseRef of this document (not one qualified by DocumentRef-, which another document defines). */
    private static final Pattern LOCAL_LICENSE_REF = Pattern.compile("(?<![:A-Za-z0-9.-])(LicenseRef-[A-Za-z0-9.-]+)");

    private final Tool tool;

    public SpdxWriter(Tool tool) {
        this.tool = tool;
    }

    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(CloseShieldOutputStream.wrap(out), new Document(sbom, tool, mapper).build());
        out.write('\n');
    }

    /** One document being written: the ids and licence references handed out so far. */
    private static final class Document {
        private final Sbom sbom;
        private final ObjectMapper mapper;
        private final String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        private final String annotator;
        private final Set<String> spdxIds = new HashSet<>();
        private final Map<String, String> licenseRefs = new LinkedHashMap<>();
        private final ArrayNode relationships;

        Document(Sbom sbom, Tool tool, ObjectMapper mapper) {
            this.sbom = sbom;
            this.mapper = mapper;
            this.annotator = "Tool: " + tool.name() + "-" + tool.version();
            this.relationships = mapper.createArrayNode();
        }

        ObjectNode build() {
            ObjectNode doc = mapper.createObjectNode();
            doc.put("spdxVersion", "SPDX-2.3");
            doc.put("dataLicense", "CC0-1.0");
            doc.put("SPDXID", "SPDXRef-DOCUMENT");
            String name = sbom.image() != null && sbom.image().reference() != null ? sbom.image().reference() : "sbom";
            doc.put("name", name);
            doc.put("documentNamespace", "https://warden.dev/spdx/"
                    + name.replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + UUID.randomUUID());
            ObjectNode creation = doc.putObject("creationInfo");
            creation.put("created", created);
            creation.putArray("creators").add(annotator);
            if (sbom.selection().partial()) { // left out of the cataloguing: a reader of the file must know it is not whole
                creation.put("comment", SelectionFacts.spdxComment(sbom.selection()));
            }

            ArrayNode packages = doc.putArray("packages");
            String container = "SPDXRef-DOCUMENT";
            if (sbom.image() != null) {
                packages.add(imagePackage(sbom.image()));
                relate("SPDXRef-DOCUMENT", "DESCRIBES", IMAGE_ID);
                container = IMAGE_ID;
            }
            if (sbom.distro() != null) {
                packages.add(osPackage(sbom.distro()));
                relate(container, container.equals(IMAGE_ID) ? "CONTAINS" : "DESCRIBES", OS_ID);
            }
            PackageTree tree = new PackageTree(sbom.packages(), "");
            Map<Package, String> ids = new LinkedHashMap<>();
            for (Package p : sbom.packages()) {
                ids.put(p, uniqueId("SPDXRef-Package-" + tree.ref(p).replaceAll("[^A-Za-z0-9.-]+", "-")));
            }
            for (Package p : tree.roots()) {
                relate(container, container.equals(IMAGE_ID) ? "CONTAINS" : "DESCRIBES", ids.get(p));
                addPackage(p, tree, ids, packages);
            }
            if (!licenseRefs.isEmpty()) {
                ArrayNode extracted = doc.putArray("hasExtractedLicensingInfos");
                licenseRefs.forEach((text, ref) -> {
                    ObjectNode info = extracted.addObject();
                    info.put("licenseId", ref);
                    info.put("name", text);
                    info.put("extractedText", text);
                });
            }
            doc.set("relationships", relationships);
            return doc;
        }

        private void addPackage(Package p, PackageTree tree, Map<Package, String> ids, ArrayNode packages) {
            // iterative: nesting depth is attacker-influenced (jars in jars)
            List<Package> pending = new ArrayList<>(List.of(p));
            while (!pending.isEmpty()) {
                Package current = pending.remove(pending.size() - 1);
                packages.add(libraryPackage(current, ids.get(current)));
                for (Package child : tree.children(current)) {
                    relate(ids.get(current), "CONTAINS", ids.get(child));
                    pending.add(child);
                }
            }
        }

        private ObjectNode imagePackage(ImageInfo info) {
            spdxIds.add(IMAGE_ID);
            // a docker-save archive has no manifest: its digest is the image ID (the config's)
            String digest = info.manifestDigest() != null ? info.manifestDigest() : info.configDigest();
            ObjectNode p = basePackage(IMAGE_ID, ImageFacts.name(info), digest);
            p.put("primaryPackagePurpose", digest == null ? "OTHER" : "CONTAINER");
            if (digest != null && digest.startsWith("sha256:")) {
                checksum(p, "SHA256", digest.substring("sha256:".length()));
            }
            purl(p, ImageFacts.ociPurl(info));
            annotate(p, ImageFacts.of(info));
            return p;
        }

        private ObjectNode osPackage(Distro distro) {
            spdxIds.add(OS_ID);
            ObjectNode p = basePackage(OS_ID, distro.id(), distro.versionId());
            // the 2.3 JSON schema spells it with an underscore (the spec text with a hyphen); readers accept both
            p.put("primaryPackagePurpose", "OPERATING_SYSTEM");
            if (distro.prettyName() != null) {
                p.put("description", distro.prettyName());
            }
            annotate(p, ImageFacts.of(distro));
            return p;
        }

        private ObjectNode libraryPackage(Package pkg, String spdxId) {
            ObjectNode p = basePackage(spdxId, pkg.name(), pkg.version());
            p.put("primaryPackagePurpose", "LIBRARY");
            p.put("licenseConcluded", NOASSERTION);
            p.put("licenseDeclared", licenseExpression(pkg.licenses()));
            p.put("copyrightText", NOASSERTION);
            if (pkg.source() != null) {
                p.put("sourceInfo", "built from source package " + pkg.source().name()
                        + (pkg.source().version() == null ? "" : " " + pkg.source().version()));
            }
            for (PackageFacts.Hash h : PackageFacts.hashes(pkg)) {
                checksum(p, h.algorithm(), h.value());
            }
            purl(p, pkg.purl());
            List<PackageFacts.Fact> facts = new ArrayList<>();
            if (pkg.id() != null) {
                facts.add(new PackageFacts.Fact(PackageFacts.ID, pkg.id()));
            }
            facts.addAll(PackageFacts.of(pkg));
            annotate(p, facts);
            return p;
        }

        private ObjectNode basePackage(String spdxId, String name, String version) {
            ObjectNode p = mapper.createObjectNode();
            p.put("SPDXID", spdxId);
            p.put("name", name == null || name.isBlank() ? "unknown" : name);
            if (version != null && !version.isBlank()) {
                p.put("versionInfo", version);
            }
            p.put("downloadLocation", NOASSERTION);
            p.put("filesAnalyzed", false);
            return p;
        }

        /**
         * Entries joined with AND (a package's licences all apply); compound entries in parentheses;
         * free text as a LicenseRef. NOASSERTION when there is none.
         */
        String licenseExpression(List<String> licenses) {
            List<String> parts = new ArrayList<>();
            for (String text : licenses) {
                if (text == null || text.isBlank()) {
                    continue;
                }
                String expression = Licenses.canonicalExpression(text).orElse(null);
                if (expression == null) {
                    parts.add(licenseRefs.computeIfAbsent(text.strip(), this::newLicenseRef));
                } else {
                    defineLicenseRefs(expression);
                    parts.add(expression);
                }
            }
            if (parts.size() > 1) {
                // one level of parentheses around each compound part; readers take exactly that level off
                parts.replaceAll(part -> part.contains(" ") ? "(" + part + ")" : part);
            }
            return parts.isEmpty() ? NOASSERTION : String.join(" AND ", parts);
        }

        /**
         * SPDX wants every LicenseRef an expression uses defined in the document. Catalogers already
         * write unknown licences as LicenseRef-NAME; define those under their own id as name, so a
         * reader that maps refs back to names gets the same string.
         */
        private void defineLicenseRefs(String expression) {
            Matcher m = LOCAL_LICENSE_REF.matcher(expression);
            while (m.find()) {
                if (!licenseRefs.containsValue(m.group(1))) {
                    licenseRefs.put(m.group(1), m.group(1));
                }
            }
        }

        private String newLicenseRef(String text) {
            String base = Licenses.licenseRef(text);
            String ref = base;
            for (int n = 2; licenseRefs.containsValue(ref); n++) {
                ref = base + "-" + n;
            }
            return ref;
        }

        private String uniqueId(String base) {
            String id = base;
            for (int n = 2; !spdxIds.add(id); n++) {
                id = base + "-" + n;
            }
            return id;
        }

        private void relate(String from, String type, String to) {
            ObjectNode r = relationships.addObject();
            r.put("spdxElementId", from);
            r.put("relationshipType", type);
            r.put("relatedSpdxElement", to);
        }

        private static void checksum(ObjectNode p, String algorithm, String value) {
            ObjectNode c = (p.has("checksums") ? (ArrayNode) p.get("checksums") : p.putArray("checksums")).addObject();
            c.put("algorithm", algorithm);
            c.put("checksumValue", value);
        }

        private static void purl(ObjectNode p, String purl) {
            if (purl == null || purl.isBlank()) {
                return;
            }
            ObjectNode ref = p.putArray("externalRefs").addObject();
            ref.put("referenceCategory", "PACKAGE-MANAGER");
            ref.put("referenceType", "purl");
            ref.put("referenceLocator", purl);
        }

        private void annotate(ObjectNode p, List<PackageFacts.Fact> facts) {
            if (facts.isEmpty()) {
                return;
            }
            ArrayNode annotations = p.putArray("annotations");
            for (PackageFacts.Fact f : facts) {
                ObjectNode a = annotations.addObject();
                a.put("annotationDate", created);
                a.put("annotationType", "OTHER");
                a.put("annotator", annotator);
                a.put("comment", f.name() + "=" + f.value());
            }
        }
    }
}
