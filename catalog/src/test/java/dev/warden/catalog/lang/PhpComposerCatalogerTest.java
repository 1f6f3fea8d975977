package dev.warden.catalog.lang;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhpComposerCatalogerTest {
    @TempDir
    Path dir;

    /**
     * A project installed by the real Composer (Debian's {@code composer}) from local path repositories, so no
     * network is needed: what Warden reads equals what {@code composer show} lists, with the licences
     * {@code composer licenses} reports. Composer wrote a composer.lock beside vendor/, so the lock speaks for it
     * (issue 17's rule) and the installed.json reader leaves the tree to it.
     */
    @Tag("live") // composer install, composer show
    @Test
    void projectInstalledByComposerMatchesComposerShow() throws Exception {
        Path pkgs = dir.resolve("pkgs");
        write(pkgs.resolve("log/composer.json"), "{\"name\":\"acme/log\",\"version\":\"1.2.3\",\"license\":\"MIT\"}");
        write(pkgs.resolve("http/composer.json"), "{\"name\":\"acme/http-client\",\"version\":\"2.0.0-beta1\","
                + "\"license\":[\"Apache-2.0\",\"MIT\"],\"require\":{\"acme/log\":\"^1.0\"}}");
        write(pkgs.resolve("tester/composer.json"), "{\"name\":\"acme/tester\",\"version\":\"9.6.0\",\"license\":\"BSD-3-Clause\"}");
        Path app = dir.resolve("app");
        write(app.resolve("composer.json"), "{\"name\":\"acme/app\",\"repositories\":[{\"packagist.org\":false},"
                + "{\"type\":\"path\",\"url\":\"" + pkgs + "/*\",\"options\":{\"symlink\":false}}],"
                + "\"require\":{\"acme/http-client\":\"2.0.0-beta1\"},\"require-dev\":{\"acme/tester\":\"^9\"},"
                + "\"minimum-stability\":\"beta\"}");
        composer(app, "install", "--no-interaction", "--no-plugins");

        Map<String, String> shown = new TreeMap<>();
        new ObjectMapper().readTree(composer(app, "show", "--format=json")).get("installed")
                .forEach(p -> shown.put(p.get("name").asText(), p.get("version").asText()));
        JsonNode licensed = new ObjectMapper().readTree(composer(app, "licenses", "--format=json")).get("dependencies");

        assertThat(HostFiles.run(new PhpComposerCataloger(), app).packages()).isEmpty();
        HostFiles.Result result = HostFiles.run(new ComposerLockCataloger(), app);
        assertThat(result.warnings()).isEmpty();
        Map<String, String> found = new TreeMap<>();
        for (Package p : result.packages()) {
            String name = p.namespace() + "/" + p.name();
            found.put(name, p.version());
            assertThat(p.purl()).isEqualTo("pkg:composer/" + name + "@" + p.version());
            if (licensed.has(name)) { // composer licenses leaves out dev packages
                List<String> expected = new ArrayList<>();
                licensed.get(name).get("license").forEach(l -> expected.add(l.asText()));
                assertThat(p.licenses()).as(name).hasSize(1);
                assertThat(p.licenses().getFirst().split(" OR ")).as(name).containsExactlyElementsOf(expected);
            }
        }
        assertThat(found).isEqualTo(shown).hasSize(3);
        assertThat(result.packages()).filteredOn(p -> p.name().equals("tester"))
                .singleElement().satisfies(p -> assertThat(p.properties()).containsEntry(PackageProperties.DEV, "true"));
        System.out.printf("composer: composer show %d, warden %d%n", shown.size(), found.size());
    }

    /** Composer 1 wrote a plain array; hand-written here after its schema since Composer 2 cannot write it. */
    @Test
    void composerOneArrayFormat() throws IOException {
        write(dir.resolve("vendor/composer/installed.json"), """
                [
                  {"name": "monolog/monolog", "version": "1.27.1", "version_normalized": "1.27.1.0", "license": ["MIT"], "type": "library"},
                  {"name": "symfony/polyfill-mbstring", "version": "v1.19.0", "license": "MIT"}
                ]
                """);
        HostFiles.Result result = HostFiles.run(new PhpComposerCataloger(), dir);
        assertThat(result.warnings()).isEmpty();
        assertThat(result.packages()).extracting(Package::purl, Package::licenses).containsExactlyInAnyOrder(
                Tuple.tuple("pkg:composer/monolog/monolog@1.27.1", List.of("MIT")),
                Tuple.tuple("pkg:composer/symfony/polyfill-mbstring@v1.19.0", List.of("MIT")));
    }

    /** Malformed, huge, wrong-shape files and nameless entries: one warning each naming the file; the scan goes on. */
    @Test
    void malformedHugeAndWrongShapeFilesGiveOneWarningEach() throws IOException {
        Path broken = write(dir.resolve("a/vendor/composer/installed.json"), "{\"packages\": [ {\"name\": ");
        Path shape = write(dir.resolve("b/vendor/composer/installed.json"), "{\"packages\": {\"x\": 1}}");
        Path nameless = write(dir.resolve("c/vendor/composer/installed.json"),
                "{\"packages\": [{\"version\": \"1.0\"}, {\"name\": \"novendor\", \"version\": \"1\"}, {\"name\": \"ok/pkg\", \"version\": \"3.0\"}]}");
        Path huge = dir.resolve("d/vendor/composer/installed.json");
        Files.createDirectories(huge.getParent());
        try (var out = Files.newOutputStream(huge)) {
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            out.write("{\"packages\": [".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i <= LangLimits.MAX_LOCKFILE_BYTES >> 20; i++) {
                out.write(spaces);
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
        }
        HostFiles.Result result = HostFiles.run(new PhpComposerCataloger(), dir);
        assertThat(result.packages()).extracting(Package::purl).containsExactly("pkg:composer/ok/pkg@3.0");
        assertThat(result.warnings()).hasSize(4);
        for (Path bad : List.of(broken, shape, nameless, huge)) {
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith(bad.toString()));
        }
    }

    private String composer(Path project, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("composer"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("COMPOSER_HOME", dir.resolve("composer-home").toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("composer is needed for this test (Debian package composer, in .ci/packages): " + e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("composer " + String.join(" ", args)).isZero();
        return out;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
