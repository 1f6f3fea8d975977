package dev.warden.catalog.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.LicenseNames;
import dev.warden.core.Distro;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.jar.JarIndex;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs one cataloger over a fixture folder the way a catalog run does (start, {@code wants}, {@code accept} each file,
 * {@code finish}) and checks what it found: the test of a new cataloger is a fixture folder and one statement, as with
 * Syft's {@code pkgtest.CatalogTester}.
 *
 * <pre>{@code
 * CatalogerTester.fromResource("source-locks/bundler")
 *         .expectPackages("pkg:gem/json@2.6.1", ...)      // exactly these, in any order
 *         .expectRelationships("pkg:gem/irb@1.4.1 -> pkg:gem/reline@0.3.0")
 *         .expectNoWarnings()
 *         .test(new GemfileLockCataloger());
 * }</pre>
 * The folder is the image's root ({@code fixture/app/x.lock} is {@code /app/x.lock}). Packages are compared by purl,
 * or by any description of them ({@link #describedBy}); relationships are the {@link PackageProperties#DEPENDS_ON}
 * edges, written {@code FROM -> TO} with the same description.
 */
public final class CatalogerTester {
    private final Path fixture;
    private Distro distro;
    private Function<Package, String> describe = Package::purl;
    private List<String> packages;
    private List<String> relationships;
    private List<String> warningsSaying;
    private boolean noWarnings;

    private CatalogerTester(Path fixture) {
        this.fixture = fixture;
    }

    /** A fixture folder anywhere (a {@code @TempDir} written by the test, a real tree). */
    public static CatalogerTester fromDirectory(Path fixture) {
        return new CatalogerTester(fixture);
    }

    /** A fixture folder under the test resources ({@code src/test/resources/NAME}). */
    public static CatalogerTester fromResource(String name) {
        URL url = CatalogerTester.class.getClassLoader().getResource(name);
        Objects.requireNonNull(url, () -> "no test resource " + name);
        try {
            return new CatalogerTester(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** The distro the catalogers are told the image has (OS catalogers put it in their purls). */
    public CatalogerTester withDistro(Distro distro) {
        this.distro = distro;
        return this;
    }

    /** How a package is written in {@link #expectPackages} and {@link #expectRelationships}; its purl by default. */
    public CatalogerTester describedBy(Function<Package, String> describe) {
        this.describe = describe;
        return this;
    }

    /** Exactly these packages, in any order. */
    public CatalogerTester expectPackages(String... described) {
        this.packages = Arrays.asList(described);
        return this;
    }

    /** Exactly these dependency edges ({@code FROM -> TO}), in any order. */
    public CatalogerTester expectRelationships(String... edges) {
        this.relationships = Arrays.asList(edges);
        return this;
    }

    /** One warning containing each of these, in this order, and no other warning. */
    public CatalogerTester expectWarnings(String... saying) {
        this.warningsSaying = Arrays.asList(saying);
        return this;
    }

    public CatalogerTester expectNoWarnings() {
        this.noWarnings = true;
        return this;
    }

    /** Runs {@code cataloger} over the fixture, checks what was asked, and gives the result for further checks. */
    public Result test(Cataloger cataloger) throws IOException {
        Result result = run(cataloger);
        List<String> found = result.packages().stream().map(describe).toList();
        if (packages != null) {
            assertThat(found).as("packages %s found in %s", cataloger.name(), fixture)
                    .containsExactlyInAnyOrderElementsOf(packages);
        }
        if (relationships != null) {
            assertThat(edges(result.packages())).as("relationships %s found in %s", cataloger.name(), fixture)
                    .containsExactlyInAnyOrderElementsOf(relationships);
        }
        if (noWarnings) {
            assertThat(result.warnings()).as("warnings of %s", cataloger.name()).isEmpty();
        }
        if (warningsSaying != null) {
            assertThat(result.warnings()).as("warnings of %s", cataloger.name()).hasSameSizeAs(warningsSaying);
            for (int i = 0; i < warningsSaying.size(); i++) {
                assertThat(result.warnings().get(i)).contains(warningsSaying.get(i));
            }
        }
        return result;
    }

    /** What one cataloger found in a fixture. */
    public record Result(List<Package> packages, List<String> warnings) {}

    private Result run(Cataloger cataloger) throws IOException {
        FixtureTree tree = FixtureTree.of(fixture);
        List<String> warnings = new ArrayList<>();
        List<Package> found = new ArrayList<>();
        Cataloger.Session session = cataloger.start(new CatalogContext(() -> distro, warnings::add,
                Path.of(System.getProperty("java.io.tmpdir")), new LicenseNames(), JarIndex.NONE));
        tree.read(session::wants, session::accept);
        session.finish(tree, found::add);
        return new Result(List.copyOf(found), List.copyOf(warnings));
    }

    private List<String> edges(List<Package> found) {
        Map<String, Package> byId = new HashMap<>();
        found.forEach(p -> byId.put(p.id(), p));
        List<String> edges = new ArrayList<>();
        for (Package p : found) {
            String dependsOn = p.properties().get(PackageProperties.DEPENDS_ON);
            if (dependsOn == null || dependsOn.isBlank()) {
                continue;
            }
            for (String id : dependsOn.trim().split(" +")) {
                Package to = byId.get(id);
                edges.add(describe.apply(p) + " -> " + (to == null ? "(missing id " + id + ")" : describe.apply(to)));
            }
        }
        return edges;
    }
}
