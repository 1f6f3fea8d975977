package dev.warden.catalog.lang;

import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real tools (go, gcc, objcopy, cargo) for tests; a tool that fails fails the test with its output. */
final class Tools {
    private Tools() {}

    static String run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        LiveTests.require(command[0]);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test (see .ci/packages): " + e.getMessage(), e);
        }
        Path out = Files.createTempFile("tool-", ".out");
        try {
            // drained by a thread so a chatty tool never blocks on a full pipe
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    Files.write(out, p.getInputStream().readAllBytes());
                } catch (IOException ignored) {
                    // the exit code below reports the failure
                }
            });
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
            }
            drain.join();
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), command);
    }

    static boolean available(String tool) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
