package dev.warden.cli;

import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real docker-registry, small images to push to it, and warden run as a user runs it: a JVM of its own, with an environment. */
final class SigningFixture implements AutoCloseable {
    record Run(int exit, String out, String err) {}

    final Path work;
    final RegistryServer registry;

    SigningFixture(Path work) {
        this.work = work;
        this.registry = RegistryServer.anonymous(work.resolve("registry"));
    }

    Path layout(String name, String content) {
        return new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("etc/" + name, content).build()))
                .write(work.resolve(name));
    }

    Run warden(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--cache-dir", work.resolve("cache").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove(Passphrase.ENV);
        pb.environment().put("WARDEN_HOME", work.resolve("home").toString());
        pb.environment().putAll(env);
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("warden timed out: " + args[0]);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        registry.close();
    }
}
