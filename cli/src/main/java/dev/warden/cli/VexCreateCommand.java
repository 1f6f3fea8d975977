package dev.warden.cli;

import dev.warden.core.WardenException;
import dev.warden.core.vex.VexStatement;
import dev.warden.core.vex.VexStatus;
import dev.warden.match.vex.OpenVexJustification;
import dev.warden.match.vex.OpenVexRules;
import dev.warden.match.vex.OpenVexWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code warden vex create}: one OpenVEX v0.2.0 statement, as a new document or appended to an existing one. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Write an OpenVEX v0.2.0 statement: a new document (stdout or -o FILE) or appended to one (--append FILE).")
final class VexCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--product", required = true, paramLabel = "PURL|DIGEST",
            description = "What the statement is about: the image (pkg:oci/NAME@sha256:...?repository_url=..., "
                    + "pkg:docker/..., sha256:...) or a package purl (no version = all versions). Repeatable.")
    List<String> products = new ArrayList<>();

    @Option(names = "--subcomponent", paramLabel = "PURL",
            description = "Limit the statement to this package inside the product(s). Repeatable.")
    List<String> subcomponents = new ArrayList<>();

    @Option(names = "--vuln", required = true, paramLabel = "ID", description = "Vulnerability id: CVE-..., GHSA-...")
    String vulnerability;

    @Option(names = "--alias", paramLabel = "ID", description = "Other id of the same vulnerability. Repeatable.")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--status", required = true, paramLabel = "STATUS", completionCandidates = Statuses.class,
            description = "not_affected, affected, fixed or under_investigation.")
    String status;

    @Option(names = "--justification", paramLabel = "WHY", completionCandidates = Justifications.class,
            description = "For not_affected: ${COMPLETION-CANDIDATES}.")
    String justification;

    @Option(names = "--impact", paramLabel = "TEXT", description = "Impact statement (not_affected: why, in words).")
    String impact;

    @Option(names = "--action", paramLabel = "TEXT", description = "Action statement (required for affected: what to do).")
    String action;

    @Option(names = "--author", paramLabel = "NAME",
            description = "Document author (default: git's user.email, else $USER).")
    String author;

    /** A product is a purl or an image digest: anything else would match nothing and suppress nothing, silently. */
    private static final java.util.regex.Pattern DIGEST = java.util.regex.Pattern.compile("sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})");

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

    static final class Statuses implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return VexStatus.vexStatuses().stream().map(VexStatus::id).iterator();
        }
    }

    static final class Justifications implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return OpenVexJustification.ALL.iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        VexStatus vexStatus = VexStatus.vexStatuses().stream()
                .filter(s -> s.id().equals(status.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new WardenException("--status '" + status + "': use not_affected, affected, fixed or under_investigation"));
        for (String product : products) {
            String p = product.strip();
            if (!p.startsWith("pkg:") && !DIGEST.matcher(p).matches()) {
                throw new WardenException("--product '" + product + "' is neither a purl (pkg:deb/debian/zlib1g, pkg:oci/app@sha256:...) "
                        + "nor an image digest (sha256:<64 hex>)");
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VexStatement statement = new VexStatement(vulnerability.trim(), aliases, products, subcomponents, vexStatus,
                justification, impact, action, now, "warden vex create");
        List<String> problems = OpenVexRules.problems(statement);
        if (!problems.isEmpty()) {
            throw new WardenException("invalid OpenVEX statement: " + String.join("; ", problems));
        }
        OpenVexWriter writer = new OpenVexWriter(author != null && !author.isBlank() ? author.strip() : defaultAuthor(),
                VexOutput.tooling());
        if (target != null && target.append != null) {
            Path file = target.append;
            byte[] existing = Files.exists(file) ? readExisting(file) : null;
            byte[] doc = existing == null ? writer.write(List.of(statement), now)
                    : writer.append(existing, file.toString(), List.of(statement), now);
            VexOutput.emit(doc, file, spec);
        } else {
            VexOutput.emit(writer.write(List.of(statement), now), target == null ? null : target.output, spec);
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
