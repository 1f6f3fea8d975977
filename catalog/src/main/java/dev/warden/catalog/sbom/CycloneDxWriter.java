package dev.warden.catalog.sbom;

import dev.warden.catalog.lang.Declared;
import dev.warden.core.Distro;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * CycloneDX 1.6 JSON: the model of cyclonedx-core-java ({@link #toBom}, which the VDR extends), written as that library's
 * generator writes it by {@link CycloneDxStream}. The image is the metadata
 * component (container, or file for a root filesystem), the distro an operating-system component,
 * every package a library component whose bom-ref is its id; nested jars are nested components.
 * Facts without a CycloneDX field are {@code warden:} properties (see {@link PackageFacts}).
 */
public final class CycloneDxWriter implements SbomWriter {
    static final String IMAGE_REF = "warden:image";
    static final String OS_REF = "warden:os";
    /** Purl types whose namespace is the distro vendor, not a group. */
    static final Set<String> OS_TYPES = Set.of("deb", "rpm", "apk", "alpm");

    private final Tool tool;

    public CycloneDxWriter(Tool tool) {
        this.tool = tool;
    }

    /** The document {@link #toBom} describes, streamed ({@link CycloneDxStream}: the library's bytes, not its set-up). */
    @Override
    public void write(Sbom sbom, OutputStream out) throws IOException {
        String json = CycloneDxStream.write(sbom, tool, "urn:uuid:" + UUID.randomUUID(), Instant.now());
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /** What the library's generator makes of {@link #toBom}: the reference {@link CycloneDxStream} is tested against. */
    String writeThroughLibrary(Sbom sbom, String serialNumber, Instant timestamp) throws GeneratorException {
        return BomGeneratorFactory.createJson(Version.VERSION_16, toBom(sbom, serialNumber, timestamp)).toJsonString(true);
    }

    /** The SBOM as a CycloneDX model; the report module adds {@code vulnerabilities} to it (VDR). Bom-refs are the package ids. */
    public Bom toBom(Sbom sbom) {
        return toBom(sbom, "urn:uuid:" + UUID.randomUUID(), Instant.now());
    }

    Bom toBom(Sbom sbom, String serialNumber, Instant timestamp) {
        Bom bom = new Bom();
        bom.setSerialNumber(serialNumber);
        bom.setVersion(1);
        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(timestamp));
        Component toolComponent = new Component();
        toolComponent.setType(Component.Type.APPLICATION);
        toolComponent.setName(tool.name());
        toolComponent.setVersion(tool.version());
        OrganizationalEntity vendor = new OrganizationalEntity();
        vendor.setName(tool.vendor());
        toolComponent.setSupplier(vendor);
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(toolComponent));
        metadata.setToolChoice(tools);
        if (sbom.image() != null) {
            metadata.setComponent(imageComponent(sbom.image()));
        }
        if (sbom.selection().partial()) { // left out of the cataloguing: a reader of the file must know it is not whole
            metadata.setProperties(properties(SelectionFacts.of(sbom.selection())));
        }
        bom.setMetadata(metadata);

        List<Component> components = new ArrayList<>();
        if (sbom.distro() != null) {
            components.add(osComponent(sbom.distro()));
        }
        PackageTree tree = new PackageTree(sbom.packages(), "");
        for (Package p : tree.roots()) {
            addComponent(p, tree, components, 0);
        }
        bom.setComponents(components);
        List<Dependency> graph = dependencies(sbom.packages());
        if (!graph.isEmpty()) {
            bom.setDependencies(graph);
        }
        return bom;
    }

    /**
     * The {@code dependencies} graph where catalogers recorded edges ({@link Declared#DEPENDS_ON}: Maven projects,
     * go.mod, uv.lock, npm locks, dpkg's Depends) and where a Java archive holds others (a Spring Boot or WAR archive's
     * libraries, a shaded jar's nested ones: the outer one needs them to run); an edge to a package not in this SBOM is
     * left out, so every ref names a component.
     */
    static List<Dependency> dependencies(List<Package> packages) {
        Map<String, Package> byId = new HashMap<>();
        packages.forEach(p -> byId.put(p.id(), p));
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        for (Package p : packages) {
            String declared = p.properties().get(PackageProperties.DEPENDS_ON);
            if (declared != null && !declared.isBlank()) {
                edges.computeIfAbsent(p.id(), k -> new LinkedHashSet<>()).addAll(List.of(declared.strip().split("\\s+")));
            }
            Package parent = p.parentId() == null ? null : byId.get(p.parentId());
            if (parent != null && "maven".equals(parent.type()) && "maven".equals(p.type())) {
                edges.computeIfAbsent(parent.id(), k -> new LinkedHashSet<>()).add(p.id());
            }
        }
        List<Dependency> graph = new ArrayList<>();
        edges.forEach((from, to) -> {
            Dependency node = new Dependency(from);
            for (String ref : to) {
                if (byId.containsKey(ref) && !ref.equals(from)) {
                    node.addDependency(new Dependency(ref));
                }
            }
            graph.add(node);
        });
        return graph;
    }

    private static Component imageComponent(ImageInfo info) {
        Component c = new Component();
        // a docker-save archive has no manifest: its digest is the image ID (the config's), as `docker images` shows it
        String digestOf = info.manifestDigest() != null ? info.manifestDigest() : info.configDigest();
        c.setType(digestOf == null ? Component.Type.FILE : Component.Type.CONTAINER);
        c.setBomRef(IMAGE_REF);
        c.setName(ImageFacts.name(info));
        if (digestOf != null) {
            c.setVersion(digestOf);
            String[] digest = digestOf.split(":", 2);
            if (digest.length == 2 && digest[0].equals("sha256")) {
                c.addHash(new Hash(Hash.Algorithm.SHA_256, digest[1]));
            }
        }
        c.setPurl(ImageFacts.ociPurl(info));
        c.setProperties(properties(ImageFacts.of(info)));
        return c;
    }

    private static Component osComponent(Distro distro) {
        Component c = new Component();
        c.setType(Component.Type.OPERATING_SYSTEM);
        c.setBomRef(OS_REF);
        c.setName(distro.id());
        c.setVersion(distro.versionId());
        c.setDescription(distro.prettyName());
        List<Property> props = properties(ImageFacts.of(distro));
        if (!props.isEmpty()) {
            c.setProperties(props);
        }
        return c;
    }

    private static void addComponent(Package p, PackageTree tree, List<Component> siblings, int depth) {
        Component c = component(p, tree.ref(p));
        siblings.add(c);
        List<Package> children = tree.children(p);
        if (children.isEmpty()) {
            return;
        }
        // past the depth our own reader accepts, nest no further: the packages stay, as siblings
        List<Component> target = depth + 1 < SbomLimits.MAX_NESTING_DEPTH ? new ArrayList<>() : siblings;
        for (Package child : children) {
            addComponent(child, tree, target, depth + 1);
        }
        if (target != siblings) {
            c.setComponents(target);
        }
    }

    private static Component component(Package p, String ref) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(ref);
        if (p.namespace() != null && !p.namespace().isBlank() && !OS_TYPES.contains(p.type())) {
            c.setGroup(p.namespace());
        }
        c.setName(p.name());
        c.setVersion(p.version());
        c.setPurl(p.purl());
        LicenseChoice licenses = licenses(p.licenses());
        if (licenses != null) {
            c.setLicenses(licenses);
        }
        for (PackageFacts.Hash h : PackageFacts.hashes(p)) {
            c.addHash(new Hash(cycloneDxAlgorithm(h.algorithm()), h.value()));
        }
        List<Property> props = properties(PackageFacts.of(p));
        if (!props.isEmpty()) {
            c.setProperties(props);
        }
        return c;
    }

    /**
     * CycloneDX wants either a list of licences (SPDX id or free-text name) or one expression. A
     * single compound SPDX expression is written as the expression; anything else as one licence per
     * entry, ids where the SPDX list knows them, so every entry survives a round trip as written.
     */
    static LicenseChoice licenses(List<String> texts) {
        List<String> present = texts.stream().filter(t -> t != null && !t.isBlank()).toList();
        if (present.isEmpty()) {
            return null;
        }
        LicenseChoice choice = new LicenseChoice();
        if (present.size() == 1 && Licenses.kind(present.get(0)) == Licenses.Kind.EXPRESSION) {
            choice.setExpression(new Expression(Licenses.canonicalExpression(present.get(0)).orElseThrow()));
            return choice;
        }
        for (String text : present) {
            License l = new License();
            Licenses.spdxId(text).ifPresentOrElse(l::setId, () -> l.setName(text));
            choice.addLicense(l);
        }
        return choice;
    }

    static String cycloneDxAlgorithm(String spdxAlgorithm) {
        return switch (spdxAlgorithm) {
            case "SHA1" -> "SHA-1";
            case "SHA256" -> "SHA-256";
            case "SHA512" -> "SHA-512";
            default -> spdxAlgorithm;
        };
    }

    private static List<Property> properties(List<PackageFacts.Fact> facts) {
        return facts.stream().map(f -> new Property(f.name(), f.value())).toList();
    }
}
