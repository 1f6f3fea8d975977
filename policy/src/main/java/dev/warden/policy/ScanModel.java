package dev.warden.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.warden.core.ImageInfo;
import dev.warden.core.Package;
import dev.warden.core.finding.Finding;
import dev.warden.core.finding.ScanResult;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scan result as custom CEL rules see it (documented in docs/policies.md). The declared types and the values
 * built here are kept side by side so a field cannot exist in one and not the other. Every field is present and
 * never null (an unknown string is {@code ""}, an unknown EPSS is {@code -1.0}), so rules need no null checks.
 * Declaring the fields as struct types makes a misspelt field a compile error instead of a silent false.
 */
final class ScanModel {

    static final String IMAGE = "image";
    static final String PACKAGES = "packages";
    static final String FINDINGS = "findings";
    static final String ALL_FINDINGS = "all_findings";

    private static final CelType STRINGS = ListType.create(SimpleType.STRING);
    private static final CelType STRING_MAP = MapType.create(SimpleType.STRING, SimpleType.STRING);

    static final StructType IMAGE_TYPE = struct("warden.Image", Map.of(
            "name", SimpleType.STRING, "digest", SimpleType.STRING, "user", SimpleType.STRING,
            "labels", STRING_MAP, "annotations", STRING_MAP, "os", SimpleType.STRING, "os_version", SimpleType.STRING,
            "platform", SimpleType.STRING, "base_name", SimpleType.STRING, "attestations", STRINGS));

    static final StructType PACKAGE_TYPE = struct("warden.Package", Map.of(
            "name", SimpleType.STRING, "version", SimpleType.STRING, "type", SimpleType.STRING,
            "purl", SimpleType.STRING, "licenses", STRINGS));

    static final StructType FINDING_TYPE = struct("warden.Finding", Map.ofEntries(
            Map.entry("id", SimpleType.STRING), Map.entry("aliases", STRINGS), Map.entry("severity", SimpleType.STRING),
            Map.entry("package", SimpleType.STRING), Map.entry("package_version", SimpleType.STRING),
            Map.entry("package_type", SimpleType.STRING), Map.entry("purl", SimpleType.STRING),
            Map.entry("fixable", SimpleType.BOOL), Map.entry("fixed_versions", STRINGS), Map.entry("kev", SimpleType.BOOL),
            Map.entry("epss", SimpleType.DOUBLE), Map.entry("suppressed", SimpleType.BOOL),
            Map.entry("published", SimpleType.STRING)));

    /** The variables a rule may use, with their types. */
    static final Map<String, CelType> VARIABLES = Map.of(
            IMAGE, IMAGE_TYPE,
            PACKAGES, ListType.create(PACKAGE_TYPE),
            FINDINGS, ListType.create(FINDING_TYPE),
            ALL_FINDINGS, ListType.create(FINDING_TYPE));

    static final CelTypeProvider TYPES = new CelTypeProvider() {
        private final ImmutableList<CelType> types = ImmutableList.of(IMAGE_TYPE, PACKAGE_TYPE, FINDING_TYPE);

        @Override
        public ImmutableCollection<CelType> types() {
            return types;
        }

        @Override
        public Optional<CelType> findType(String name) {
            return types.stream().filter(t -> t.name().equals(name)).findFirst();
        }
    };

    private ScanModel() {}

    /** The values of {@link #VARIABLES} for one scan; {@code base} is the detected base image, null when unknown. */
    static Map<String, Object> of(ScanResult scan, BaseImage base) {
        var all = scan.findings().stream().map(ScanModel::finding).toList();
        return Map.of(
                IMAGE, image(scan, base),
                PACKAGES, scan.sbom().packages().stream().map(ScanModel::pkg).toList(),
                FINDINGS, all.stream().filter(f -> !(Boolean) f.get("suppressed")).toList(),
                ALL_FINDINGS, all);
    }

    /** Whether the scan has the image config a rule about {@code image} needs (an SBOM or a bare filesystem has not). */
    static boolean hasImage(ScanResult scan) {
        return scan.sbom().image() != null && scan.sbom().image().config() != null;
    }

    /** One line naming an item of a list variable, for a violation. */
    @SuppressWarnings("unchecked")
    static String describe(String variable, Object item) {
        var fields = (Map<String, Object>) item;
        return variable.equals(PACKAGES)
                ? fields.get("name") + "@" + fields.get("version")
                : fields.get("id") + " in " + fields.get("package") + "@" + fields.get("package_version");
    }

    private static Map<String, Object> image(ScanResult scan, BaseImage base) {
        ImageInfo image = scan.sbom().image();
        ImageInfo.ImageConfig config = image == null || image.config() == null ? ImageInfo.ImageConfig.EMPTY : image.config();
        Map<String, String> annotations = image == null ? Map.of() : image.annotations();
        var distro = scan.sbom().distro();
        var values = new LinkedHashMap<String, Object>();
        values.put("name", image == null ? "" : text(image.reference()));
        values.put("digest", image == null ? "" : text(image.manifestDigest()));
        values.put("user", text(config.user()).strip());
        values.put("labels", config.labels());
        values.put("annotations", annotations);
        values.put("os", distro == null ? "" : text(distro.id()));
        values.put("os_version", distro == null ? "" : text(distro.versionId()));
        values.put("platform", image == null || image.platform() == null ? "" : image.platform().toString());
        values.put("base_name", base == null ? "" : text(base.name()));
        values.put("attestations", image == null ? List.of()
                : image.attestations().stream().map(ImageInfo.Attestation::predicateType).distinct().toList());
        return values;
    }

    private static Map<String, Object> pkg(Package p) {
        return Map.of("name", text(p.name()), "version", text(p.version()), "type", text(p.type()),
                "purl", text(p.purl()), "licenses", p.licenses());
    }

    private static Map<String, Object> finding(Finding f) {
        var values = new LinkedHashMap<String, Object>();
        values.put("id", f.id());
        values.put("aliases", f.aliases());
        values.put("severity", f.severity().level().id());
        values.put("package", text(f.pkg().name()));
        values.put("package_version", text(f.pkg().version()));
        values.put("package_type", text(f.pkg().type()));
        values.put("purl", text(f.pkg().purl()));
        values.put("fixable", f.fixable());
        values.put("fixed_versions", f.fixedVersions());
        values.put("kev", f.kev() != null);
        values.put("epss", f.epss() == null ? -1.0 : f.epss().score());
        values.put("suppressed", f.suppressed());
        values.put("published", f.published() == null ? "" : f.published().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        return values;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()), field -> Optional.ofNullable(fields.get(field)));
    }
}
