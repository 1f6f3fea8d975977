package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.testing.CatalogerTester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cargo.lock cataloger against {@code cargo metadata}, on a workspace of path crates the real cargo locked,
 * frozen with the tool's output (test resources frozen/cargo-workspace, made by its make.sh): the default build
 * compares the packages with the frozen output, the live build also asks today's cargo whether the
 * frozen output is still what it says.
 */
class CargoMetadataFrozenTest {
    private static final Path FIXTURE = Path.of("src/test/resources/frozen/cargo-workspace").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void packagesAndEdgesAreWhatCargoMetadataSaid() throws Exception {
        JsonNode metadata = JSON.readTree(FIXTURE.resolve("cargo-metadata.json").toFile());
        Map<String, String> purlById = new HashMap<>();
        metadata.get("packages").forEach(p -> purlById.put(p.get("id").asText(),
                "pkg:cargo/" + p.get("name").asText() + "@" + p.get("version").asText()));
        List<String> edges = new ArrayList<>();
        metadata.get("resolve").get("nodes").forEach(n -> n.get("dependencies")
                .forEach(d -> edges.add(purlById.get(n.get("id").asText()) + " -> " + purlById.get(d.asText()))));
        assertThat(purlById).as("the frozen workspace: app, util, helper").hasSize(3);
        // the lock's dependency lists (app -> util, helper; util -> helper) are not reported as edges yet: the
        // cataloger gives packages only, as CatalogerTester's empty relationship list below says
        assertThat(edges).hasSize(3);

        CatalogerTester.Result result = CatalogerTester.fromDirectory(FIXTURE.resolve("app"))
                .expectPackages(purlById.values().toArray(String[]::new))
                .expectRelationships()
                .expectNoWarnings()
                .test(new CargoLockCataloger());
        assertThat(result.packages()).allSatisfy(p -> assertThat(p.properties()).containsEntry("warden:cargo-source", "local"));
    }

    @Test
    @Tag("live") // runs cargo
    void theFrozenOutputIsStillWhatCargoMetadataSays(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("cargo-workspace");
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(FIXTURE.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        String today = Tools.run(copy.resolve("app"), "cargo", "metadata", "--offline", "--locked", "--format-version", "1")
                .replace(copy.toString(), ".");
        assertThat(JSON.readTree(today)).as("cargo metadata on the frozen workspace; if it changed, run make.sh again")
                .isEqualTo(JSON.readTree(FIXTURE.resolve("cargo-metadata.json").toFile()));
    }
}
