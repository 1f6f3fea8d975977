package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs {@code warden sbom} in-process on the real debootstrap root filesystem (fs://), in every
 * format, and reads each written SBOM back through {@code sbom://}.
 */
@Tag("live") // a debootstrap root against dpkg-query (TestImages)
class SbomCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Run warden(String... args) {
        return new InProcessWarden(tmp.resolve("cache")).run(args);
    }

    private static String rootfs() {
        return "fs://" + TestImages.debootstrapRootfs();
    }

    /** name=version of every installed package, as dpkg itself lists them: the reference. */
    private static TreeSet<String> dpkgQuery(Path rootfs) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"), "-W", "-f", "${Package}=${Version}\\n")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("dpkg-query: " + out).isZero();
        return new TreeSet<>(out.lines().toList());
    }

    private static TreeSet<String> debNameVersions(JsonNode wardenJson) {
        TreeSet<String> out = new TreeSet<>();
        wardenJson.path("packages").forEach(p -> {
            if (p.path("type").asText().equals("deb")) {
                out.add(p.path("name").asText() + "=" + p.path("version").asText());
            }
        });
        return out;
    }

    /** What a round trip must keep, per package: purl, name, version, licences, locations, source, parent. */
    private static TreeSet<String> packageFacts(JsonNode wardenJson) {
        TreeSet<String> out = new TreeSet<>();
        wardenJson.path("packages").forEach(p -> out.add(String.join(" | ", p.path("purl").asText(), p.path("name").asText(),
                p.path("version").asText(), p.path("licenses").toString(), p.path("locations").toString(),
                p.path("source").toString(), p.path("parentId").asText())));
        return out;
    }

    @Test
    void jsonOfTheDebootstrapRootfsListsExactlyWhatDpkgQueryLists() throws Exception {
        Run run = warden("sbom", rootfs(), "--format", "json", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode sbom = JSON.readTree(run.out());
        assertThat(sbom.path("schema").asText()).isEqualTo("warden-sbom/1");
        assertThat(sbom.path("distro").path("id").asText()).isEqualTo("debian");
        assertThat(debNameVersions(sbom)).containsExactlyElementsOf(dpkgQuery(TestImages.debootstrapRootfs()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cyclonedx-json", "spdx-json", "json"})
    void eachFormatWrittenWithDashOReadsBackAsTheSamePackages(String format) throws Exception {
        Run direct = warden("sbom", rootfs(), "--format", "json", "--quiet");
        assertThat(direct.exit()).as(direct.err()).isZero();
        JsonNode original = JSON.readTree(direct.out());

        Path file = tmp.resolve("image." + format);
        Run written = warden("sbom", rootfs(), "--format", format, "-o", file.toString(), "--quiet");
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.out()).as("-o writes nothing to stdout").isEmpty();
        byte[] bytes = Files.readAllBytes(file);
        if (format.equals("cyclonedx-json")) {
            assertThat(new JsonParser().validate(bytes, Version.VERSION_16)).isEmpty();
        }
        try (var dir = Files.list(tmp)) {
            assertThat(dir.map(p -> p.getFileName().toString())).as("no temporary file left").noneMatch(n -> n.endsWith(".tmp"));
        }

        Run back = warden("sbom", "sbom://" + file, "--format", "json", "--quiet");
        assertThat(back.exit()).as(back.err()).isZero();
        JsonNode read = JSON.readTree(back.out());
        assertThat(read.path("packages").size()).isEqualTo(original.path("packages").size());
        assertThat(packageFacts(read)).containsExactlyElementsOf(packageFacts(original));
        assertThat(read.path("distro").path("versionId").asText()).isEqualTo(original.path("distro").path("versionId").asText());
    }

    @Test
    void tableGoesToStdoutWithOneLinePerPackage() throws Exception {
        Run run = warden("sbom", rootfs(), "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).matches("TYPE +NAME +VERSION +LICENCES");
        assertThat(lines).hasSize(1 + dpkgQuery(TestImages.debootstrapRootfs()).size());
        assertThat(lines).anyMatch(l -> l.matches("deb +bash +5\\.2\\.15-2\\+b\\d+ +GPL-3\\.0-or-later.*"));
    }

    @Test
    void malformedSbomFileIsExitTwoWithOneLineAndNoStackTrace() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.cdx.json"), "{\"bomFormat\":\"CycloneDX\",\"components\":[{\"name\":");
        Run run = warden("sbom", "sbom://" + bad, "--format", "cyclonedx-json");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("warden: " + bad + ": not valid JSON");
    }

    @Test
    void missingSbomFileAndUnknownFormatAreExitTwo() {
        Run missing = warden("sbom", "sbom://" + tmp.resolve("nope.json"));
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines().toList()).singleElement().asString().contains("no such SBOM file");

        Run format = warden("sbom", rootfs(), "--format", "xml");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err().lines().toList()).singleElement().asString()
                .isEqualTo("warden: unknown SBOM format 'xml': expected one of cyclonedx-json, spdx-json, json, table");
    }

    @Test
    void trivySbomIsASourceToo() throws Exception {
        Path trivy = Files.writeString(tmp.resolve("trivy.json"), """
                {"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"container","name":"centos:7"}},
                 "components":[{"type":"operating-system","name":"centos","version":"7.6.1810"},
                  {"type":"library","name":"bash","version":"4.2.46-31.el7","licenses":[{"license":{"name":"GPLv3+"}}],
                   "purl":"pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810"}]}""");
        Run run = warden("sbom", "sbom://" + trivy);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly("TYPE  NAME  VERSION        LICENCES", "rpm   bash  4.2.46-31.el7  GPLv3+");
    }
}
