package dev.warden.catalog.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.lang.Declared;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.Sbom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CycloneDX {@code dependencies} graph from the edges source-tree catalogers record ({@link Declared#DEPENDS_ON}). */
class CycloneDxDependenciesTest {
    private static Package pkg(String id, String name, String dependsOn) {
        return new Package(id, "maven", "org.example", name, "1.0", "pkg:maven/org.example/" + name + "@1.0", List.of(),
                List.of(new Location("/app/pom.xml", "")), null, "maven-pom", null,
                dependsOn == null ? Map.of() : Map.of(PackageProperties.DEPENDS_ON, dependsOn));
    }

    @Test
    void edgesBecomeAValidDependencyGraphNamingOnlyComponentsOfTheSbom() throws Exception {
        Sbom sbom = new Sbom(null, null, List.of(
                pkg("app", "app", "a b gone"),
                pkg("a", "a", "c a"),
                pkg("b", "b", null),
                pkg("c", "c", "")), List.of());
        byte[] bytes = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, sbom);
        SchemaValidation.assertValidCycloneDx16(bytes);
        JsonNode dependencies = new ObjectMapper().readTree(bytes).path("dependencies");
        List<String> edges = new ArrayList<>();
        dependencies.forEach(d -> d.path("dependsOn").forEach(to -> edges.add(d.path("ref").asText() + " -> " + to.asText())));
        assertThat(edges).as("unknown refs and self-edges left out").containsExactly("app -> a", "app -> b", "a -> c");
    }

    /** A jar inside a jar (a Spring Boot archive's BOOT-INF/lib) is an edge from the outer one; a non-Java child is not. */
    @Test
    void nestedJarsAreEdgesFromTheJarThatHoldsThem() throws Exception {
        Package boot = pkg("boot", "boot", null);
        Package lib = new Package("lib", "maven", "org.example", "lib", "1.0", "pkg:maven/org.example/lib@1.0", List.of(),
                List.of(new Location("/app/boot.jar!/BOOT-INF/lib/lib-1.0.jar", "")), null, "java-archive", "boot", Map.of());
        Package deeper = new Package("deeper", "maven", "org.example", "deeper", "1.0", "pkg:maven/org.example/deeper@1.0", List.of(),
                List.of(new Location("/app/boot.jar!/BOOT-INF/lib/lib-1.0.jar!/deeper.jar", "")), null, "java-archive", "lib", Map.of());
        Package npm = new Package("js", "npm", null, "left-pad", "1.0.0", "pkg:npm/left-pad@1.0.0", List.of(),
                List.of(new Location("/app/boot.jar!/static/package.json", "")), null, "npm", "boot", Map.of());
        byte[] bytes = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, new Sbom(null, null, List.of(boot, lib, deeper, npm), List.of()));
        SchemaValidation.assertValidCycloneDx16(bytes);
        List<String> edges = new ArrayList<>();
        new ObjectMapper().readTree(bytes).path("dependencies")
                .forEach(d -> d.path("dependsOn").forEach(to -> edges.add(d.path("ref").asText() + " -> " + to.asText())));
        assertThat(edges).containsExactly("boot -> lib", "lib -> deeper");
    }

    @Test
    void noEdgesNoGraph() throws Exception {
        byte[] bytes = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, new Sbom(null, null, List.of(pkg("b", "b", null)), List.of()));
        assertThat(new ObjectMapper().readTree(bytes).has("dependencies")).isFalse();
    }
}
