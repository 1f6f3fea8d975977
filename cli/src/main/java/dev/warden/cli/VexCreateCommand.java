package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import dev.warden.match.vex.OpenVexRules;
import dev.warden.match.vex.OpenVexWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden vex create}: one OpenVEX v0.2.0 statement, as a new document or appended to an existing one. */
@Command(name = "create", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  warden vex create --product pkg:deb/debian/zlib1g --vuln CVE-2023-45853 \\",
                  "      --status not_affected --justification vulnerable_code_not_present \\",
                  "      -o target/zlib.vex.json"},
        description = "Write an OpenVEX v0.2.0 statement: a new document (stdout or -o FILE) or appended to one (--append FILE).")
final class VexCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VexStatementOptions statement;

    @Option(names = "--alias", paramLabel = "ID", description = "Other id of the same vulnerability. Repeatable.")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--author", paramLabel = "NAME",
            description = "Document author (default: git's user.email, else $USER).")
    String author;

    /** How long {@code git config} may take to name the author before the command gives up on it. */
    private static final long GIT_TIMEOUT_SECONDS = 5;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write a new document to FILE.")
        Path output;

        @Option(names = "--append", paramLabel = "FILE", description = "Append to this OpenVEX v0.2.0 document (its version goes up by one).")
        Path append;
    }

    @Override
    public Integer call() throws IOException {
        VexStatus vexStatus = statement.vexStatus();
        statement.checkProducts();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VexStatement made = new VexStatement(statement.vulnerability.trim(), aliases, statement.products, statement.subcomponents, vexStatus,
                statement.justification, statement.impact, statement.action, now, "warden vex create");
        List<String> problems = OpenVexRules.problems(made);
        if (!problems.isEmpty()) {
            throw new WardenException("invalid OpenVEX statement: " + String.join("; ", problems));
        }
        OpenVexWriter writer = new OpenVexWriter(author != null && !author.isBlank() ? author.strip() : defaultAuthor(),
                VexOutput.tooling());
        if (target != null && target.append != null) {
            Path file = target.append;
            byte[] existing = Files.exists(file) ? readExisting(file) : null;
            byte[] doc = existing == null ? writer.write(List.of(made), now)
                    : writer.append(existing, file.toString(), List.of(made), now);
            VexOutput.emit(doc, file, spec);
        } else {
            VexOutput.emit(writer.write(List.of(made), now), target == null ? null : target.output, spec);
        }
        return 0;
    }

    /** Who wrote it, as peers find out: git's user.email, else the login name; a statement without an author helps no audit. */
    static String defaultAuthor() {
        try {
            Process git = new ProcessBuilder("git", "config", "--get", "user.email").redirectErrorStream(true).start();
            git.getOutputStream().close();
            String email = new String(git.getInputStream().readNBytes(1024), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (git.waitFor(GIT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS) && git.exitValue() == 0 && !email.isEmpty()) {
                return email;
            }
            git.destroy();
        } catch (IOException e) {
            // no git here: the login name it is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String user = System.getenv("USER");
        return user == null || user.isBlank() ? System.getProperty("user.name", "Unknown Author") : user;
    }

    private static byte[] readExisting(Path file) throws IOException {
        if (Files.size(file) > dev.warden.match.vex.VexLimits.MAX_DOCUMENT_BYTES) {
            throw new WardenException("VEX " + file + ": larger than " + dev.warden.match.vex.VexLimits.MAX_DOCUMENT_BYTES + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
