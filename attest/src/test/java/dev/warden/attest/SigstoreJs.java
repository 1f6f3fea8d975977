package dev.warden.attest;

import dev.warden.image.testing.LiveTests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Sigstore project's JavaScript libraries from npm (versions pinned in interop/package.json), installed once into
 * {@code target/sigstore-js} beside the two small scripts that drive them.
 */
final class SigstoreJs {
    private static final List<String> FILES = List.of("package.json", "verify-bundle.js", "sign-and-attach.js");
    private final Path dir;

    private SigstoreJs(Path dir) {
        this.dir = dir;
    }

    static SigstoreJs install() throws IOException, InterruptedException {
        LiveTests.require("npm and registry.npmjs.org (sigstore-js)");
        Path dir = Path.of("target", "sigstore-js").toAbsolutePath();
        Files.createDirectories(dir);
        for (String file : FILES) {
            try (InputStream in = SigstoreJs.class.getClassLoader().getResourceAsStream("interop/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(dir.resolve("node_modules/@sigstore/verify"))) {
            Result r = run(dir, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
            if (r.exit() != 0) {
                throw new AssertionError("npm install failed:\n" + r.output());
            }
        }
        return new SigstoreJs(dir);
    }

    record Result(int exit, String output) {}

    Result node(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", dir.resolve(script).toString()));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), out.strip());
    }
}
