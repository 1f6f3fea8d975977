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

    @Test
    void noEdgesNoGraph() throws Exception {
        byte[] bytes = SbomWritersTest.write(SbomFormat.CYCLONEDX_JSON, new Sbom(null, null, List.of(pkg("b", "b", null)), List.of()));
        assertThat(new ObjectMapper().readTree(bytes).has("dependencies")).isFalse();
    }
}
