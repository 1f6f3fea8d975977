package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.warden.core.jar.JarCoordinates;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CycloneDX SBOM a build embeds in the archive it makes: Spring Boot 3.3+ with the CycloneDX plugin writes
 * {@code META-INF/sbom/application.cdx.json} and names it in the manifest ({@code Sbom-Location}). Its Maven
 * components name the jars packed beside it, by SHA-1 (the hash the plugin records of each dependency's file) and,
 * for a jar whose bytes differ, by "artifactId-version" file name when exactly one component has it.
 */
record EmbeddedSbom(Map<String, JarCoordinates> bySha1, Map<String, JarCoordinates> byFileName) {
    static final EmbeddedSbom EMPTY = new EmbeddedSbom(Map.of(), Map.of());
    /** The largest embedded SBOM read: Spring Boot's for a big application is ~1 MB; past this it is not one. */
    static final int MAX_BYTES = 16 << 20;
    /** Components kept from one SBOM (a large application packs ~500 jars). */
    static final int MAX_COMPONENTS = 50_000;
    /** Nesting of components inside components followed (CycloneDX allows any; builds write one or two). */
    static final int MAX_NESTING = 32;

    static boolean isSbomEntry(String entryName, String sbomLocation) {
        if (sbomLocation != null && entryName.equals(sbomLocation)) {
            return true;
        }
        String lower = entryName.toLowerCase(Locale.ROOT);
        return lower.startsWith("meta-inf/sbom/") && lower.endsWith(".json") && lower.indexOf('/', "meta-inf/sbom/".length()) < 0;
    }

    /** Reads one SBOM; not CycloneDX JSON gives {@link #EMPTY}. */
    static EmbeddedSbom read(byte[] json, String where) throws IOException {
        JsonNode root = Json.read(new java.io.ByteArrayInputStream(json), MAX_BYTES, where);
        if (root == null || !"CycloneDX".equals(root.path("bomFormat").asText())) {
            return EMPTY;
        }
        Map<String, JarCoordinates> bySha1 = new HashMap<>();
        Map<String, JarCoordinates> byName = new HashMap<>();
        Map<String, Integer> nameCounts = new HashMap<>();
        collect(root.path("components"), 0, bySha1, byName, nameCounts);
        nameCounts.forEach((name, count) -> {
            if (count > 1) {
                byName.remove(name);
            }
        });
        return new EmbeddedSbom(Map.copyOf(bySha1), Map.copyOf(byName));
    }

    boolean isEmpty() {
        return bySha1.isEmpty() && byFileName.isEmpty();
    }

    private static void collect(JsonNode components, int depth, Map<String, JarCoordinates> bySha1, Map<String, JarCoordinates> byName,
            Map<String, Integer> nameCounts) {
        if (!components.isArray() || depth > MAX_NESTING) {
            return;
        }
        for (JsonNode c : components) {
            if (bySha1.size() + byName.size() >= 2 * MAX_COMPONENTS) {
                return;
            }
            JarCoordinates gav = coordinates(c.path("purl").asText(null));
            if (gav != null) {
                for (JsonNode hash : c.path("hashes")) {
                    String content = hash.path("content").asText("").toLowerCase(Locale.ROOT);
                    if ("SHA-1".equalsIgnoreCase(hash.path("alg").asText()) && content.matches("[0-9a-f]{40}")) {
                        bySha1.put(content, gav);
                    }
                }
                String name = gav.artifactId() + "-" + gav.version();
                nameCounts.merge(name, 1, Integer::sum);
                byName.put(name, gav);
            }
            collect(c.path("components"), depth + 1, bySha1, byName, nameCounts);
        }
    }

    private static JarCoordinates coordinates(String purl) {
        if (purl == null || !purl.startsWith("pkg:maven/")) {
            return null;
        }
        try {
            PackageURL p = new PackageURL(purl);
            if (p.getNamespace() == null || p.getVersion() == null) {
                return null;
            }
            return new JarCoordinates(p.getNamespace(), p.getName(), p.getVersion());
        } catch (MalformedPackageURLException | IllegalArgumentException e) {
            return null;
        }
    }
}
