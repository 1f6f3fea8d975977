package dev.warden.image.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real container images for tests, made by real tools and cached between runs under
 * {@code ~/.cache/warden-test} (override with the {@code WARDEN_TEST_CACHE} environment variable).
 * Each fixture is built in a temporary folder and renamed into place, so concurrent test JVMs never
 * see half a fixture. A missing tool fails the test with the Debian package to install.
 *
 * <p>The image: layer 1 is a {@code debootstrap --variant=minbase bookworm} root filesystem; layer 2
 * deletes {@code /etc/motd} (a {@code .wh.} whiteout), makes {@code /usr/share/doc} opaque (hiding
 * every package's docs) and adds {@code /usr/share/doc/warden/README}, {@code /etc/warden-release}
 * and a hardlink to it, {@code /etc/warden-hardlink}. The config sets user, env, entrypoint, cmd,
 * working dir, a label and an exposed port. Tag {@code base} is layer 1 alone, {@code latest} both.
 */
public final class TestImages {
    /** Bump when a recipe changes, so stale cached fixtures are rebuilt. */
    static final String RECIPE = "v1";
    public static final String TAG = "latest";
    public static final String BASE_TAG = "base";
    public static final String DOCKER_REPO_TAG = "warden/fixture:latest";
    public static final String RELEASE_CONTENT = "ID=warden\n";
    public static final String README_CONTENT = "warden fixture\n";
    public static final String USER = "nobody";
    public static final String LABEL_KEY = "org.example.name";
    public static final String LABEL_VALUE = "warden-fixture";
    public static final String EXPOSED_PORT = "8080/tcp";

    private TestImages() {}

    public static Path cacheRoot() {
        String override = System.getenv("WARDEN_TEST_CACHE");
        return override != null ? Path.of(override) : Path.of(System.getProperty("user.home"), ".cache", "warden-test");
    }

    /** A Debian bookworm minbase root filesystem made by debootstrap (needs root and deb.debian.org). */
    public static Path debootstrapRootfs() {
        return cached("debootstrap-bookworm", dir -> run(dir.getParent(), "debootstrap", "--variant=minbase",
                "bookworm", dir.toString(), "http://deb.debian.org/debian"));
    }

    /** The two-layer OCI image layout (gzip layers), tags {@value #BASE_TAG} and {@value #TAG}. */
    public static Path ociLayout() {
        Path rootfs = debootstrapRootfs();
        return cached("oci-bookworm-" + RECIPE, dir -> {
            Path work = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".work"));
            try {
                Path layout = dir;
                run(work, "umoci", "init", "--layout", layout.toString());
                run(work, "umoci", "new", "--image", layout + ":" + BASE_TAG);
                Path baseTar = work.resolve("base.tar");
                run(work, "tar", "--numeric-owner", "--xattrs", "-C", rootfs.toString(), "-cf", baseTar.toString(), ".");
                run(work, "umoci", "raw", "add-layer", "--image", layout + ":" + BASE_TAG,
                        "--history.created_by", "debootstrap --variant=minbase bookworm", baseTar.toString());
                Path l2 = work.resolve("l2");
                Files.createDirectories(l2.resolve("etc"));
                Files.createDirectories(l2.resolve("usr/share/doc/warden"));
                Files.writeString(l2.resolve("etc/.wh.motd"), "");
                Files.writeString(l2.resolve("usr/share/doc/.wh..wh..opq"), "");
                Files.writeString(l2.resolve("usr/share/doc/warden/README"), README_CONTENT);
                Files.writeString(l2.resolve("etc/warden-release"), RELEASE_CONTENT);
                Files.createLink(l2.resolve("etc/warden-hardlink"), l2.resolve("etc/warden-release"));
                Path l2Tar = work.resolve("l2.tar");
                run(work, "tar", "--numeric-owner", "-C", l2.toString(), "-cf", l2Tar.toString(), ".");
                run(work, "umoci", "raw", "add-layer", "--image", layout + ":" + BASE_TAG, "--tag", TAG,
                        "--history.created_by", "warden fixture: whiteouts and a hardlink", l2Tar.toString());
                run(work, "umoci", "config", "--image", layout + ":" + TAG, "--config.user", USER,
                        "--config.env", "FOO=bar", "--config.entrypoint", "/bin/sh", "--config.cmd", "-c",
                        "--config.cmd", "true", "--config.workingdir", "/tmp", "--config.label",
                        LABEL_KEY + "=" + LABEL_VALUE, "--config.exposedports", EXPOSED_PORT);
                run(work, "umoci", "gc", "--layout", layout.toString());
            } finally {
                deleteTree(work);
            }
        });
    }

    /** The {@value #TAG} image as a docker-save archive (uncompressed layers), tagged {@value #DOCKER_REPO_TAG}. */
    public static Path dockerArchive() {
        Path layout = ociLayout();
        return cachedFile("docker-archive-" + RECIPE + ".tar", file -> run(file.getParent(), "skopeo", "copy", "--quiet",
                "oci:" + layout + ":" + TAG, "docker-archive:" + file + ":" + DOCKER_REPO_TAG));
    }

    /** {@link #dockerArchive()} gzipped by the real gzip, as {@code docker save | gzip} makes it. */
    public static Path gzippedDockerArchive() {
        Path archive = dockerArchive();
        return cachedFile("docker-archive-" + RECIPE + ".tar.gz", file -> {
            Path plain = file.resolveSibling("docker-archive.tar");
            Files.copy(archive, plain);
            run(file.getParent(), "gzip", "-n", plain.toString());
            Files.move(file.resolveSibling("docker-archive.tar.gz"), file, StandardCopyOption.REPLACE_EXISTING);
        });
    }

    /** The {@value #TAG} image as an OCI archive (an OCI layout in a tar), blobs unchanged. */
    public static Path ociArchive() {
        Path layout = ociLayout();
        return cachedFile("oci-archive-" + RECIPE + ".tar", file -> run(file.getParent(), "skopeo", "copy", "--quiet",
                "oci:" + layout + ":" + TAG, "oci-archive:" + file + ":" + TAG));
    }

    /** The {@value #TAG} image as an OCI layout with zstd-compressed layers. */
    public static Path zstdLayout() {
        Path layout = ociLayout();
        return cached("oci-zstd-" + RECIPE, dir -> {
            Path plain = dir.resolveSibling(dir.getFileName() + ".dir");
            try {
                run(dir.getParent(), "skopeo", "copy", "--quiet", "--dest-decompress", "oci:" + layout + ":" + TAG, "dir:" + plain);
                run(dir.getParent(), "skopeo", "copy", "--quiet", "--dest-compress-format", "zstd", "dir:" + plain,
                        "oci:" + dir + ":" + TAG);
            } finally {
                deleteTree(plain);
            }
        });
    }

    @FunctionalInterface
    interface Builder {
        void build(Path target) throws IOException;
    }

    private static synchronized Path cached(String name, Builder builder) {
        LiveTests.require("the fixture image " + name + ", made by debootstrap, umoci and skopeo");
        Path target = cacheRoot().resolve(name);
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheRoot());
            Path temp = Files.createTempDirectory(cacheRoot(), name + ".tmp");
            Path inside = temp.resolve(name);
            try {
                builder.build(inside);
                publish(inside, target);
            } finally {
                deleteTree(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build test fixture " + name, e);
        }
    }

    private static synchronized Path cachedFile(String name, Builder builder) {
        LiveTests.require("the fixture image " + name + ", made by debootstrap, umoci and skopeo");
        Path target = cacheRoot().resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheRoot());
            Path temp = Files.createTempDirectory(cacheRoot(), name + ".tmp");
            try {
                builder.build(temp.resolve(name));
                publish(temp.resolve(name), target);
            } finally {
                deleteTree(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build test fixture " + name, e);
        }
    }

    /** Renames into place; if another JVM got there first, its copy is as good as ours. */
    private static void publish(Path built, Path target) throws IOException {
        try {
            Files.move(built, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            if (!Files.exists(target)) {
                throw e;
            }
        }
    }

    /** Runs a tool, failing with its output (and the package to install if it is missing). */
    public static void run(Path dir, String... command) throws IOException {
        LiveTests.require(command[0]);
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("test tool '" + command[0] + "' is missing: apt-get install -y "
                    + packageOf(command[0]) + " (see .ci/packages)", e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", cmd), e);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed with exit " + p.exitValue() + ":\n" + output);
        }
    }

    private static String packageOf(String tool) {
        return switch (tool) {
            case "zstd" -> "zstd";
            case "umoci" -> "umoci";
            case "skopeo" -> "skopeo";
            case "debootstrap" -> "debootstrap";
            default -> tool;
        };
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
