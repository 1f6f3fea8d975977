package dev.warden.match.version;

import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an ecosystem's own implementation once over a whole batch of pairs: a script reads
 * {@code A<TAB>B} lines from a file and prints {@code <}, {@code =}, {@code >} or {@code invalid} per line.
 * A missing tool fails the test with the Debian package to install (CI installs .ci/packages).
 */
final class ReferenceTool {

    /** A batch of a few thousand pairs takes seconds; a hang must not stall the build. */
    private static final long TIMEOUT_SECONDS = 300;

    private ReferenceTool() {}

    /**
     * @param dir     a temporary folder for the pairs file
     * @param command the command line; the literal {@code PAIRS} is replaced by the pairs file's path
     * @param hint    what to install when the tool is missing
     */
    static List<String> run(Path dir, List<RandomVersions.Pair> pairs, String hint, String... command) throws IOException, InterruptedException {
        LiveTests.require(command[0]);
        Path file = dir.resolve("pairs-" + System.nanoTime() + ".tsv");
        StringBuilder sb = new StringBuilder();
        for (RandomVersions.Pair p : pairs) {
            if (p.a().contains("\t") || p.a().contains("\n") || p.b().contains("\t") || p.b().contains("\n")) {
                throw new IllegalArgumentException("generated version holds a tab or newline: " + p);
            }
            sb.append(p.a()).append('\t').append(p.b()).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        for (String part : command) {
            cmd.add(part.replace("PAIRS", file.toString()));
        }
        Path errFile = dir.resolve("stderr-" + System.nanoTime() + ".txt");
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("reference implementation missing: cannot run " + cmd.get(0) + " (" + hint + ")", e);
        }
        process.getOutputStream().close();
        String out;
        try (var stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("reference implementation timed out: " + cmd);
        }
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("reference implementation failed (" + hint + "): " + cmd + " exit " + process.exitValue()
                    + ": " + err);
        }
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() != pairs.size()) {
            throw new AssertionError("reference implementation answered " + lines.size() + " lines for " + pairs.size()
                    + " pairs: " + cmd + " " + err);
        }
        return lines;
    }
}
