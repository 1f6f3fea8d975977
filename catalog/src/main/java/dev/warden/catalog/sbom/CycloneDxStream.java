package dev.warden.catalog.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.cyclonedx.model.Dependency;

/**
 * The CycloneDX 1.6 JSON document {@link CycloneDxWriter#toBom} describes, written field by field with Jackson's
 * streaming generator: the same bytes cyclonedx-core-java's generator makes of that model (its field order, its
 * pretty printer, its date format; {@code CycloneDxStreamTest} compares the two on real and made-up SBOMs), without
 * setting up its data binding. A second image's {@code warden sbom} in a fresh JVM spent a fifth of its main thread
 * writing the document through the library (and as much again on the thread that prepares it); this is a few
 * hundred calls.
 *
 * <p>Only the parts Warden's SBOMs have are written; the library stays the writer of the VDR ({@code report}), which
 * adds vulnerabilities to the model.
 */
final class CycloneDxStream {
    private static final JsonFactory JSON = new JsonFactory();

    private CycloneDxStream() {}

    /** The document as text, ending without a line break, as the library's {@code toJsonString(true)} gives it. */
    static String write(Sbom sbom, Tool tool, String serialNumber, Instant timestamp) throws IOException {
        StringWriter text = new StringWriter(8192);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            // the library's printer: two spaces, " : ", one array element a line
            g.setPrettyPrinter(new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE));
            g.writeStartObject();
            g.writeStringField("bomFormat", "CycloneDX");
            g.writeStringField("specVersion", "1.6");
            g.writeStringField("serialNumber", serialNumber);
            g.writeNumberField("version", 1);
            metadata(g, sbom, tool, timestamp);
            g.writeArrayFieldStart("components");
            if (sbom.distro() != null) {
                os(g, sbom.distro());
            }
            PackageTree tree = new PackageTree(sbom.packages(), "");
            for (Package p : tree.roots()) {
                component(g, p, tree, 0);
            }
            g.writeEndArray();
            dependencies(g, CycloneDxWriter.dependencies(sbom.packages()));
            g.writeEndObject();
        }
        return text.toString();
    }

    private static void metadata(JsonGenerator g, Sbom sbom, Tool tool, Instant timestamp) throws IOException {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        g.writeObjectFieldStart("tools");
        g.writeArrayFieldStart("components");
        g.writeStartObject();
        g.writeStringField("type", "application");
        g.writeObjectFieldStart("supplier");
        text(g, "name", tool.vendor());
        g.writeEndObject();
        text(g, "name", tool.name());
        text(g, "version", tool.version());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        if (sbom.image() != null) {
            g.writeFieldName("component");
            image(g, sbom.image());
        }
        if (sbom.selection().partial()) {
            properties(g, SelectionFacts.of(sbom.selection()));
        }
        g.writeEndObject();
    }

    private static void image(JsonGenerator g, ImageInfo info) throws IOException {
        String digestOf = info.manifestDigest() != null ? info.manifestDigest() : info.configDigest();
        g.writeStartObject();
        g.writeStringField("type", digestOf == null ? "file" : "container");
        text(g, "bom-ref", CycloneDxWriter.IMAGE_REF);
        text(g, "name", ImageFacts.name(info));
        if (digestOf != null) {
            text(g, "version", digestOf);
            String[] digest = digestOf.split(":", 2);
            if (digest.length == 2 && digest[0].equals("sha256")) {
                g.writeArrayFieldStart("hashes");
                hash(g, "SHA-256", digest[1]);
                g.writeEndArray();
            }
        }
        text(g, "purl", ImageFacts.ociPurl(info));
        properties(g, ImageFacts.of(info));
        g.writeEndObject();
    }

    private static void os(JsonGenerator g, Distro distro) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "operating-system");
        text(g, "bom-ref", CycloneDxWriter.OS_REF);
        text(g, "name", distro.id());
        text(g, "version", distro.versionId());
        text(g, "description", distro.prettyName());
        properties(g, ImageFacts.of(distro));
        g.writeEndObject();
    }

    private static void component(JsonGenerator g, Package p, PackageTree tree, int depth) throws IOException {
        List<Package> children = tree.children(p);
        boolean nested = !children.isEmpty() && depth + 1 < SbomLimits.MAX_NESTING_DEPTH;
        g.writeStartObject();
        g.writeStringField("type", "library");
        text(g, "bom-ref", tree.ref(p));
        if (p.namespace() != null && !p.namespace().isBlank() && !CycloneDxWriter.OS_TYPES.contains(p.type())) {
            text(g, "group", p.namespace());
        }
        text(g, "name", p.name());
        text(g, "version", p.version());
        List<PackageFacts.Hash> hashes = PackageFacts.hashes(p);
        if (!hashes.isEmpty()) {
            g.writeArrayFieldStart("hashes");
            for (PackageFacts.Hash h : hashes) {
                hash(g, CycloneDxWriter.cycloneDxAlgorithm(h.algorithm()), h.value());
            }
            g.writeEndArray();
        }
        licenses(g, p.licenses());
        text(g, "purl", p.purl());
        properties(g, PackageFacts.of(p));
        if (nested) {
            g.writeArrayFieldStart("components");
            for (Package child : children) {
                component(g, child, tree, depth + 1);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        if (!nested) {
            // past the depth the library's reader accepts, nest no further: the packages stay, as siblings
            for (Package child : children) {
                component(g, child, tree, depth + 1);
            }
        }
    }

    /** As {@link CycloneDxWriter#licenses}: one compound expression, or one entry per licence (an SPDX id where known). */
    private static void licenses(JsonGenerator g, List<String> texts) throws IOException {
        List<String> present = texts.stream().filter(t -> t != null && !t.isBlank()).toList();
        if (present.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("licenses");
        if (present.size() == 1 && Licenses.kind(present.get(0)) == Licenses.Kind.EXPRESSION) {
            g.writeStartObject();
            g.writeStringField("expression", Licenses.canonicalExpression(present.get(0)).orElseThrow());
            g.writeEndObject();
        } else {
            for (String text : present) {
                g.writeStartObject();
                g.writeObjectFieldStart("license");
                String id = Licenses.spdxId(text).orElse(null);
                if (id != null) {
                    text(g, "id", id);
                } else {
                    text(g, "name", text);
                }
                g.writeEndObject();
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static void hash(JsonGenerator g, String algorithm, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("alg", algorithm);
        g.writeStringField("content", value);
        g.writeEndObject();
    }

    private static void properties(JsonGenerator g, List<PackageFacts.Fact> facts) throws IOException {
        if (facts.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("properties");
        for (PackageFacts.Fact f : facts) {
            g.writeStartObject();
            text(g, "name", f.name());
            text(g, "value", f.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void dependencies(JsonGenerator g, List<Dependency> graph) throws IOException {
        if (graph.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("dependencies");
        for (Dependency d : graph) {
            g.writeStartObject();
            g.writeStringField("ref", d.getRef());
            g.writeArrayFieldStart("dependsOn"); // written empty too, as the library does, for an edge whose targets all left
            if (d.getDependencies() != null) {
                for (Dependency on : d.getDependencies()) {
                    g.writeString(on.getRef());
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * A text field as the library's {@code TrimStringSerializer} writes every string of its model that no serializer of
     * its own writes: trimmed, line breaks and tabs made spaces, runs of spaces made one; left out when null. Most
     * strings have nothing to change, and are written without the regular expression.
     */
    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, plain(value) ? value
                    : value.trim().replace("\r\n", " ").replace("\n", " ").replace("\t", " ").replace("\r", " ").replaceAll(" +", " "));
        }
    }

    /** Whether the library's trimming leaves {@code s} as it is. */
    private static boolean plain(String s) {
        if (s.isEmpty()) {
            return true;
        }
        if (s.charAt(0) <= ' ' || s.charAt(s.length() - 1) <= ' ') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t' || c == ' ' && s.charAt(i + 1) == ' ') {
                return false;
            }
        }
        return true;
    }
}
