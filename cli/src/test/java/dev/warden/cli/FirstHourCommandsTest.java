package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.InProcessWarden.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15's "commands behave like their peers": what needs no advisory database. */
class FirstHourCommandsTest {

    @TempDir
    Path shared;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Run warden(String... args) {
        List<String> all = new ArrayList<>(List.of("--home", shared.resolve("home").toString()));
        all.addAll(List.of(args));
        return new InProcessWarden(shared.resolve("cache")).run(all.toArray(String[]::new));
    }

    @Test
    void vexCreateChecksTheProductAndFindsTheAuthor() throws Exception {
        Run bare = warden("vex", "create", "--product", "zlib1g", "--vuln", "CVE-2023-45853", "--status", "fixed");
        assertThat(bare.exit()).isEqualTo(2);
        assertThat(bare.err()).contains("--product 'zlib1g' is neither a purl").contains("nor an image digest");
        Run missing = warden("vex", "create", "--vuln", "CVE-2023-45853", "--status", "fixed");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--product");
        Run made = warden("vex", "create", "--product", "sha256:" + "a".repeat(64), "--vuln", "CVE-2023-45853", "--status", "fixed");
        assertThat(made.exit()).as(made.err()).isZero();
        // what git says, else the login name: asked here the way a person would
        Process git = new ProcessBuilder("git", "config", "--get", "user.email").start();
        String email = new String(git.getInputStream().readAllBytes()).strip();
        String expected = git.waitFor() == 0 && !email.isEmpty() ? email
                : System.getenv("USER") != null ? System.getenv("USER") : System.getProperty("user.name");
        assertThat(JSON.readTree(made.out()).path("author").asText()).isEqualTo(expected);
    }


    /** The main commands' help ends with examples that write under target/, never into the checkout's root. */
    @Test
    void helpShowsExamples() {
        for (String command : List.of("scan", "sbom", "compare", "policy")) {
            Run help = warden(command, "--help");
            assertThat(help.exit()).isZero();
            String examples = help.out().substring(help.out().indexOf("\nExamples:\n") + 1);
            assertThat(examples).as(command).startsWith("Examples:").contains("  warden " + command + " ");
            assertThat(examples.lines().filter(l -> l.contains(" -o ")).toList()).allSatisfy(l -> assertThat(l).contains("-o target/"));
        }
    }

    @Test
    void formatNamesAsPeersWriteThem() throws Exception {
        Path root = java.nio.file.Files.createDirectories(shared.resolve("root/etc"));
        java.nio.file.Files.writeString(root.resolve("os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        for (String name : List.of("cyclonedx", "CycloneDX-JSON")) {
            Run sbom = warden("sbom", "fs://" + shared.resolve("root"), "--format", name);
            assertThat(sbom.exit()).as(sbom.err()).isZero();
            assertThat(JSON.readTree(sbom.out()).path("bomFormat").asText()).isEqualTo("CycloneDX");
        }
    }
}
