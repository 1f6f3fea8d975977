package dev.warden.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real container engine for docker:// tests: Debian's podman with vfs storage (no kernel overlay needed) holding
 * {@link TestImages#dockerArchive()} (as {@value TestImages#DOCKER_REPO_TAG}), serving the Docker-compatible API on a
 * unix socket of its own. The storage is made once under the test cache; podman needs root.
 */
public final class PodmanEngine implements AutoCloseable {
    /** podman system service answers within a second or two; under a loaded CI machine give it more. */
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Process service;
    private final Path socket;
    private final Path storage;

    private PodmanEngine(Process service, Path socket, Path storage) {
        this.service = service;
        this.socket = socket;
        this.storage = storage;
    }

    /** Starts the engine with its socket under {@code dir}. */
    public static PodmanEngine start(Path dir) throws IOException {
        LiveTests.require("podman");
        return serve(storage(), dir);
    }

    /** Starts an engine holding no image, its storage and socket under {@code dir}: {@link #pull} fills it. */
    public static PodmanEngine startEmpty(Path dir) throws IOException {
        LiveTests.require("podman");
        return serve(Files.createDirectories(dir.resolve("storage")), dir);
    }

    /** {@code podman pull} of {@code reference} from a registry on loopback, over plain HTTP. */
    public void pull(String reference) throws IOException {
        List<String> pull = new ArrayList<>(podman(storage));
        pull.addAll(List.of("pull", "--quiet", "--tls-verify=false", reference));
        TestImages.run(storage, pull.toArray(String[]::new));
    }

    private static PodmanEngine serve(Path storage, Path dir) throws IOException {
        Path socket = dir.resolve("engine.sock");
        List<String> command = new ArrayList<>(podman(storage));
        command.addAll(List.of("system", "service", "--time", "0", "unix://" + socket));
        Process service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("podman-service.log").toFile()).start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!Files.exists(socket)) {
            if (!service.isAlive() || System.currentTimeMillis() > deadline) {
                service.destroyForcibly();
                throw new AssertionError("podman system service did not start: " + Files.readString(dir.resolve("podman-service.log")));
            }
            sleep(100);
        }
        return new PodmanEngine(service, socket, storage);
    }

    public Path socket() {
        return socket;
    }

    /** The environment that points a client at this engine. */
    public Map<String, String> env() {
        return Map.of("DOCKER_HOST", "unix://" + socket);
    }

    @Override
    public void close() {
        service.destroy();
        try {
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.destroyForcibly();
        }
    }

    /** The vfs storage holding the fixture image, loaded once (with a run root of its own). */
    private static synchronized Path storage() {
        Path archive = TestImages.dockerArchive();
        Path storage = TestImages.cacheRoot().resolve("podman-vfs-" + archive.getFileName().toString().replace(".tar", ""));
        Path loaded = storage.resolve("loaded");
        if (Files.exists(loaded)) {
            return storage;
        }
        try {
            Files.createDirectories(storage);
            List<String> load = new ArrayList<>(podman(storage));
            load.addAll(List.of("load", "--quiet", "--input", archive.toString()));
            TestImages.run(storage, load.toArray(String[]::new));
            Files.writeString(loaded, TestImages.DOCKER_REPO_TAG + "\n");
            return storage;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the fixture into podman", e);
        }
    }

    /**
     * podman refuses a run root longer than 50 characters, and records the one the storage was made with: a short
     * path derived from the storage's, the same on every run.
     */
    private static List<String> podman(Path storage) {
        String runRoot = "/tmp/warden-podman-" + Integer.toHexString(storage.toAbsolutePath().toString().hashCode());
        return List.of("podman", "--root", storage.resolve("root").toString(), "--runroot", runRoot, "--storage-driver", "vfs");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
