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

    /** Every runnable command (picocli's HelpCommand aside) by qualified name, its help laid out at width 80. */
    private static java.util.Map<String, String> everyCommandsHelp() {
        java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        java.util.Deque<picocli.CommandLine> pending = new java.util.ArrayDeque<>(List.of(Cli.commandLine(sink, sink)));
        java.util.Set<picocli.CommandLine> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Map<String, String> helps = new java.util.TreeMap<>();
        while (!pending.isEmpty()) {
            picocli.CommandLine cl = pending.pop();
            if (!seen.add(cl)) {
                continue;
            }
            pending.addAll(cl.getSubcommands().values());
            picocli.CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
            if (spec.userObject() instanceof picocli.CommandLine.HelpCommand || spec.parent() == null) {
                continue;
            }
            spec.usageMessage().width(80);
            helps.put(spec.qualifiedName(), cl.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF));
        }
        return helps;
    }

    /** Every runnable command's help, walked from picocli's model, ends with examples that write only under target/. */
    @Test
    void everyCommandsHelpHasExamples() {
        java.util.Map<String, String> helps = everyCommandsHelp();
        assertThat(helps).containsKeys("warden scan", "warden db update", "warden server token create", "warden vex propose",
                "warden image inspect", "warden verify-attestation", "warden key generate", "warden version");
        helps.forEach((name, help) -> {
            assertThat(help).as(name).contains("\nExamples:\n");
            String examples = help.substring(help.indexOf("\nExamples:\n"));
            assertThat(examples.lines().filter(l -> l.contains(" -o ")).toList()).as(name)
                    .allSatisfy(l -> assertThat(l).contains("-o target/"));
        });
    }

    /**
     * At width 80 no help line is wider, and none ends inside a token: picocli's line breaking would split
     * {@code sbom://FILE}, {@code HOST:PORT} or {@code ~/.cache/warden} after a {@code /}, {@code :} or {@code -}.
     */
    @Test
    void helpKeepsTokensWhole() {
        everyCommandsHelp().forEach((name, help) -> {
            List<String> lines = help.lines().toList();
            assertThat(lines).as(name).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
            for (int i = 1; i < lines.size(); i++) {
                String before = lines.get(i - 1).stripTrailing();
                String after = lines.get(i).strip();
                boolean split = before.length() > 1 && !after.isEmpty()
                        && "/:-".indexOf(before.charAt(before.length() - 1)) >= 0
                        && !Character.isWhitespace(before.charAt(before.length() - 2))
                        && !before.endsWith("...") && !(before.strip().matches(".*[A-Za-z)]{2}:") && !after.startsWith("/")) // "...", "(default:" or "Commands:"
                        && (Character.isLetterOrDigit(after.charAt(0)) || "~/.[$".indexOf(after.charAt(0)) >= 0);
                assertThat(split).as(name + ": a token split over\n" + before + "\n" + lines.get(i)).isFalse();
            }
        });
        String scan = everyCommandsHelp().get("warden scan");
        assertThat(scan).contains("sbom://FILE", "registry://HOST/REPO[:TAG|@DIGEST]", "~/.cache/warden",
                "[--platform=OS/ARCH[/VARIANT]]", "postgresql://USER:PASSWORD@HOST:PORT/DB");
        assertThat(everyCommandsHelp().get("warden serve")).contains("--listen=HOST:PORT");
    }

    /** Options in help fall under headings, as peers' help does; options and defaults stay as they were. */
    @Test
    void scanHelpGroupsItsOptions() {
        Run help = warden("scan", "--help");
        assertThat(help.exit()).isZero();
        String out = help.out().replace("\r\n", "\n");
        assertThat(out).contains("\nSource:\n", "\nRegistry:\n", "\nOutput:\n", "\nDatabase:\n", "\nOptions:\n");
        assertThat(out.substring(out.indexOf("\nRegistry:\n"), out.indexOf("\nOutput:\n"))).contains("--insecure-registry=HOST[:PORT]");
        assertThat(out.substring(out.indexOf("\nDatabase:\n"))).contains("--db=LOCATION");
    }

    /** A flag given a value says it takes none (picocli said "'1' is not a boolean"); =true/=false stay accepted. */
    @Test
    void aFlagGivenAValueSaysItTakesNone() throws Exception {
        Path root = java.nio.file.Files.createDirectories(shared.resolve("flags/etc"));
        java.nio.file.Files.writeString(root.resolve("os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        String source = "fs://" + shared.resolve("flags");
        for (String flag : List.of("--exit-code=1", "--show-suppressed=yes", "--quiet=x")) {
            Run run = warden("scan", source, "--offline", flag);
            assertThat(run.exit()).as(flag).isEqualTo(2);
            String name = flag.substring(0, flag.indexOf('='));
            assertThat(run.err().lines().findFirst()).as(flag).hasValueSatisfying(l -> assertThat(l)
                    .startsWith("warden: " + name + " takes no value, but was given '" + flag.substring(flag.indexOf('=') + 1) + "'")
                    .doesNotContain("boolean"));
        }
        Run explicit = warden("sbom", source, "--quiet=true", "--format", "json");
        assertThat(explicit.exit()).as(explicit.err()).isZero();
    }

    /** {@code db import --format} names the files' format, not a report's: it is an input option there. */
    @Test
    void dbImportFormatIsAnInputOption() {
        String help = everyCommandsHelp().get("warden db import");
        assertThat(help).contains("\nInput:\n", "\nDatabase:\n").doesNotContain("\nOutput:\n");
        assertThat(help.substring(help.indexOf("\nInput:\n"), help.indexOf("\nDatabase:\n"))).contains("--format=FORMAT", "--feed=NAME");
        assertThat(everyCommandsHelp().get("warden scan")).contains("\nOutput:\n");
        String scanOutput = everyCommandsHelp().get("warden scan");
        assertThat(scanOutput.substring(scanOutput.indexOf("\nOutput:\n"))).contains("--format=");
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
