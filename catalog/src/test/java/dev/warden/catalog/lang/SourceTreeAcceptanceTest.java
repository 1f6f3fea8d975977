package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.Catalog;
import dev.warden.core.Package;
import dev.warden.core.Sbom;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's acceptance against a peer: for each of Trivy's repository fixtures, {@code fs://} of the folder through
 * the whole catalogue lists every package Trivy's golden result lists and every package Trivy found vulnerable, with
 * the same version, from the same file.
 */
class SourceTreeAcceptanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"npm", "pip", "gomod", "pom", "gradle"})
    void listsWhatTrivyLists(String fixture) throws Exception {
        Path dir = Path.of(getClass().getClassLoader().getResource("trivy-repo/" + fixture).toURI());
        JsonNode golden = new ObjectMapper().readTree(dir.resolveSibling("golden").resolve(fixture + ".json.golden").toFile());
        Sbom sbom;
        try (ImageSource source = ImageSources.open("fs://" + dir, SourceOptions.defaults(tmp.resolve("cache")))) {
            sbom = Catalog.withDefaults(tmp).run(source.info(), source.files());
        }
        Set<String> expected = new TreeSet<>();
        Set<String> vulnerablePurls = new TreeSet<>();
        for (JsonNode result : golden.path("Results")) {
            String target = "/" + result.path("Target").asText();
            result.path("Packages").forEach(p -> expected.add(target + " " + p.path("Name").asText() + "@" + p.path("Version").asText()));
            result.path("Vulnerabilities").forEach(v -> {
                expected.add(target + " " + v.path("PkgName").asText() + "@" + v.path("InstalledVersion").asText());
                vulnerablePurls.add(v.path("PkgIdentifier").path("PURL").asText());
            });
        }
        Set<String> listed = sbom.packages().stream().map(SourceTreeAcceptanceTest::trivyName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(expected).as("packages of Trivy's golden result").isNotEmpty();
        assertThat(listed).as(fixture + ": warnings " + sbom.warnings()).containsAll(expected);
        // the same purls, so advisories and VEX statements written against Trivy's find Warden's packages
        assertThat(sbom.packages().stream().map(Package::purl).toList()).containsAll(vulnerablePurls);
    }

    /** The file, then the package as Trivy names it: group:artifact for Maven, the module path for Go. */
    private static String trivyName(Package p) {
        String name = switch (p.type()) {
            case "maven" -> p.namespace() + ":" + p.name();
            case "golang", "npm" -> p.namespace() == null ? p.name() : p.namespace() + "/" + p.name();
            default -> p.name();
        };
        return p.locations().getFirst().path() + " " + name + "@" + p.version();
    }
}
