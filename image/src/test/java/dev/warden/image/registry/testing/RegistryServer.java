package dev.warden.image.registry.testing;

import dev.warden.image.testing.LiveTests;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) run by a test: listening on a random free loopback port
 * (never 5000), storing in a folder of the test, anonymous or with htpasswd or token authentication. Its access
 * log is kept so tests can count requests. Images are pushed with {@code skopeo copy}.
 */
public final class RegistryServer implements AutoCloseable {
    /** The registry starts in well under a second; this much is a hung or broken start. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final int port;
    private final Path log;
    private final String pushCredentials;

    private RegistryServer(Process process, int port, Path log, String pushCredentials) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.pushCredentials = pushCredentials;
    }

    /** A registry anyone may push to and pull from. */
    public static RegistryServer anonymous(Path workDir) {
        return start(workDir, "", null);
    }

    /** A registry that wants basic auth checked against a bcrypt htpasswd file made by {@code htpasswd -Bbn}. */
    public static RegistryServer htpasswd(Path workDir, String user, String password) {
        Path file = workDir.resolve("htpasswd");
        try {
            Files.createDirectories(workDir);
            String line = runForOutput(workDir, "htpasswd", "-Bbn", user, password).strip();
            Files.writeString(file, line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String auth = "auth:\n  htpasswd:\n    realm: warden-test\n    path: " + file + "\n";
        return start(workDir, auth, user + ":" + password);
    }

    /** A registry that wants bearer tokens from {@code tokens}; pushes use {@code user}:{@code password}. */
    public static RegistryServer token(Path workDir, TokenServer tokens, String user, String password) {
        String auth = "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE
                + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: " + tokens.certificate() + "\n";
        return start(workDir, auth, user + ":" + password);
    }

    private static RegistryServer start(Path workDir, String authConfig, String pushCredentials) {
        try {
            Files.createDirectories(workDir);
            AssertionError last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freeLoopbackPort();
                Path config = workDir.resolve("registry-" + port + ".yml");
                Files.writeString(config, """
                        version: 0.1
                        log:
                          level: warn
                          accesslog:
                            disabled: false
                        storage:
                          filesystem:
                            rootdirectory: %s
                          delete:
                            enabled: true
                        http:
                          addr: 127.0.0.1:%d
                        %s""".formatted(workDir.resolve("storage"), port, authConfig));
                Path log = workDir.resolve("registry-" + port + ".log");
                Process process;
                LiveTests.require("docker-registry");
                try {
                    process = new ProcessBuilder("docker-registry", "serve", config.toString())
                            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                } catch (IOException e) {
                    throw new AssertionError("test tool 'docker-registry' is missing: apt-get install -y docker-registry (see .ci/packages)", e);
                }
                RegistryServer server = new RegistryServer(process, port, log, pushCredentials);
                try {
                    server.awaitReady();
                    return server;
                } catch (AssertionError e) {
                    server.close();
                    last = e; // most likely the port was taken between probing and binding: try another
                }
            }
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (socket.getLocalPort() != 5000) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("docker-registry exited with " + process.exitValue() + ":\n" + logText());
                }
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200 || r.statusCode() == 401) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("docker-registry did not start within " + START_TIMEOUT + ":\n" + logText());
    }

    /** 127.0.0.1:PORT */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Pushes {@code tag} of an OCI layout to {@code repoAndTag} (e.g. "test/app:v1") with skopeo. */
    public void push(Path ociLayout, String tag, String repoAndTag) {
        skopeoCopy(false, ociLayout, tag, repoAndTag);
    }

    /** Pushes an index (multi-platform image) and every image it names, like {@code skopeo copy --all}. */
    public void pushAll(Path ociLayout, String tag, String repoAndTag) {
        skopeoCopy(true, ociLayout, tag, repoAndTag);
    }

    private void skopeoCopy(boolean all, Path ociLayout, String tag, String repoAndTag) {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--dest-tls-verify=false"));
        if (all) {
            command.add("--all");
        }
        if (pushCredentials != null) {
            command.add("--dest-creds=" + pushCredentials);
        } else {
            command.add("--dest-no-creds");
        }
        command.add("oci:" + ociLayout + ":" + tag);
        command.add("docker://" + host() + "/" + repoAndTag);
        try {
            TestImages.run(ociLayout.getParent(), command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Requests so far whose request line has {@code method} and contains {@code pathPart}, from the access log.
     * Waits briefly for the log to catch up with requests just answered.
     */
    public long requests(String method, String pathPart) {
        long count = countInLog(method, pathPart);
        for (int i = 0; i < 10; i++) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long again = countInLog(method, pathPart);
            if (again == count) {
                return count;
            }
            count = again;
        }
        return count;
    }

    private long countInLog(String method, String pathPart) {
        return logText().lines().filter(l -> l.contains("\"" + method + " ") && l.contains(pathPart)
                && l.contains(" HTTP/1.1\"")).count();
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String runForOutput(Path dir, String... command) throws IOException {
        LiveTests.require(command[0]);
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("test tool '" + command[0] + "' is missing: apt-get install -y "
                    + (command[0].equals("htpasswd") ? "apache2-utils" : command[0]) + " (see .ci/packages)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
