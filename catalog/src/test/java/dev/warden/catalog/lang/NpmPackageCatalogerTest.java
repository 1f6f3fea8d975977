package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("live") // this machine's global node_modules against npm ls -g
class NpmPackageCatalogerTest {
    /** The issue's accuracy check: every package {@code npm ls -g --all} lists is found, with its version. */
    @Test
    void everyGloballyInstalledNpmPackage() throws Exception {
        String root = run("npm", "root", "-g").trim();
        JsonNode tree = new ObjectMapper().readTree(run("npm", "ls", "-g", "--all", "--json"));
        Set<String> expected = new TreeSet<>();
        collect(tree.get("dependencies"), expected);
        assertThat(expected).as("npm ls -g --all lists packages").isNotEmpty();

        HostFiles.Result result = HostFiles.run(new NpmPackageCataloger(), Path.of(root));
        Set<String> found = result.packages().stream()
                .map(p -> (p.namespace() == null ? "" : p.namespace() + "/") + p.name() + "@" + p.version())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(found).containsAll(expected);
        assertThat(result.packages()).allSatisfy(p -> assertThat(p.purl()).startsWith("pkg:npm/"));
        // licence as npm's own package.json states it (a plain SPDX id)
        String npmLicense = new ObjectMapper().readTree(Path.of(root, "npm", "package.json").toFile()).get("license").asText();
        Package npm = result.packages().stream().filter(p -> p.name().equals("npm") && p.namespace() == null).findFirst().orElseThrow();
        assertThat(npm.licenses()).containsExactly(npmLicense);
        System.out.printf("npm -g: npm ls %d, warden %d%n", expected.size(), found.size());
    }

    private static void collect(JsonNode deps, Set<String> out) {
        if (deps == null) {
            return;
        }
        deps.properties().forEach(e -> {
            if (e.getValue().hasNonNull("version")) {
                out.add(e.getKey() + "@" + e.getValue().get("version").asText());
            }
            collect(e.getValue().get("dependencies"), out);
        });
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (Node.js with npm, as on this machine kind): " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
