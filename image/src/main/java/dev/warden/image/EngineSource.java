package dev.warden.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code docker://NAME[:TAG|@DIGEST]}: an image held by a Docker-compatible engine (Docker, Podman's Docker API),
 * asked for over its unix socket. The engine exports the image as a docker-save archive ({@code GET /images/NAME/get}),
 * which the archive reader reads as it streams ({@link StreamedTar}): nothing is written to disk, and the config's and
 * every layer's digests are checked as for an archive file.
 */
public final class EngineSource {
    /** The Docker Engine API version asked for: Docker 20.10+ and Podman 3+ serve it. */
    static final String API_VERSION = "v1.41";
    /** Connecting to a local socket is immediate; a busy engine still answers in seconds. */
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);
    /** An engine may compute an export for a while before its first byte (Podman builds the tar from its storage). */
    static final Timeout READ_TIMEOUT = Timeout.ofMinutes(5);
    /** An error body or an inspect answer is a few KiB; more is not read. */
    static final int MAX_ANSWER_BYTES = 1 << 20;
    /** Repo digests kept of an inspect answer: one per repository the image was pulled from or pushed to. */
    static final int MAX_REPO_DIGESTS = 64;
    /** Image names, tags, digests and ids: nothing that could change the request's path or query. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,511}");

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineSource() {}

    /** The sockets looked at, in order, when DOCKER_HOST is not set: Docker's, rootful Podman's, then rootless ones. */
    static List<Path> defaultSockets(Map<String, String> env) {
        List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"), Path.of("/run/podman/podman.sock")));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(Path.of(runtime, "podman", "podman.sock"));
            sockets.add(Path.of(runtime, "docker.sock"));
        }
        return sockets;
    }

    /** The engine's socket: {@code DOCKER_HOST=unix:///PATH}, else the first default socket that exists. */
    static Path socket(Map<String, String> env, String reference) {
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            if (!host.startsWith("unix://")) {
                throw new WardenException(reference + ": DOCKER_HOST=" + host + " is not a unix socket (unix:///PATH); "
                        + "only an engine's local socket is supported");
            }
            Path socket = Path.of(URI.create(host).getPath());
            if (!Files.exists(socket)) {
                throw new WardenException(reference + ": no container engine socket at " + socket + " (DOCKER_HOST)");
            }
            return socket;
        }
        List<Path> candidates = defaultSockets(env);
        return candidates.stream().filter(Files::exists).findFirst().orElseThrow(() -> new WardenException(reference
                + ": no container engine socket (looked at " + String.join(", ", candidates.stream().map(Path::toString).toList())
                + "); start the engine or set DOCKER_HOST=unix:///PATH"));
    }

    /** Opens {@code name} from the engine {@code env} points to; {@code reference} names it in the image and in messages. */
    public static ImageSource open(String name, String reference, SourceOptions options, Map<String, String> env) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new WardenException(reference + ": not an image name, tag, digest or id");
        }
        Engine engine = new Engine(socket(env, reference), reference);
        try {
            Inspected inspected = engine.require(name);
            return export(engine, name, reference, options, inspected);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * A bare {@code HOST/REPO:TAG} SOURCE names an image the local engine may hold, as {@code docker run} would use
     * it: that image when an engine answers on its socket and holds it; empty when there is no socket, the engine
     * does not answer or does not hold it (the caller then asks the registry).
     */
    public static Optional<ImageSource> openIfHeld(String name, String reference, SourceOptions options, Map<String, String> env)
            throws IOException {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path socket;
        try {
            socket = socket(env, reference);
        } catch (WardenException noEngine) {
            return Optional.empty();
        }
        Engine engine = new Engine(socket, reference);
        try {
            Optional<Inspected> held = engine.holds(name);
            if (held.isEmpty()) {
                engine.close();
                return Optional.empty();
            }
            return Optional.of(export(engine, name, reference, options, held.get()));
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    private static ImageSource export(Engine engine, String name, String reference, SourceOptions options, Inspected inspected)
            throws IOException {
        StreamedTar tar = StreamedTar.index(() -> engine.export(name), reference, options.progress());
        ImageSource image = ArchiveSource.open(new EngineStorage(tar, engine), null, reference, options);
        try {
            String configDigest = image.info().configDigest();
            if (inspected.id() != null && !inspected.id().equals(configDigest)
                    && changedWhileRead(inspected.id(), configDigest, engine.require(name).id())) {
                // the inspect answer (and so its repo digests) is of another image than the export: the tag moved between
                throw new WardenException(reference + ": the image changed while it was read (the engine named image "
                        + Digests.abbreviate(inspected.id()) + ", its export holds " + Digests.abbreviate(configDigest) + "); run again");
            }
            String registryDigest = registryManifestDigest(name, inspected.repoDigests());
            if (registryDigest != null && image instanceof ManifestImage m) {
                m.nameByEngine(registryDigest, inspected.repoDigests());
            }
            return image;
        } catch (IOException | RuntimeException e) {
            image.close();
            throw e;
        }
    }

    /**
     * Whether the image a name stands for changed between the inspect answer and the export, given the engine's image id
     * before the export ({@code idBefore}), the export's config digest, and the id the engine gives after it
     * ({@code idAfter}, asked for only when the first differs from the config digest). Docker's legacy store and Podman
     * name an image by its config's digest, so an id equal to it is the same image; Docker's containerd image store
     * names it by its manifest or index digest, never the config's, so a different id alone proves nothing: the image
     * changed only when the engine's id for the name changed while the export was read.
     */
    static boolean changedWhileRead(String idBefore, String configDigest, String idAfter) {
        if (idBefore == null || idBefore.equals(configDigest)) {
            return false;
        }
        return !idBefore.equals(idAfter);
    }

    /**
     * What an engine's inspect answer says of an image: its id (the config's digest, as {@code docker images --no-trunc}
     * shows it; null when the answer has none) and its {@code RepoDigests}, {@code REPOSITORY@sha256:HEX} each: the
     * registry manifests the engine pulled it by or pushed it as, which its export, a docker-save archive without
     * manifests, cannot give.
     */
    record Inspected(String id, List<String> repoDigests) {
        Inspected {
            repoDigests = List.copyOf(repoDigests);
        }

        static Inspected read(byte[] answer, String reference) {
            JsonNode root;
            try {
                root = JSON.readTree(answer);
            } catch (IOException e) {
                throw new WardenException(reference + ": the container engine's image inspect answer is not JSON", e);
            }
            String id = root.path("Id").asText("");
            List<String> digests = new ArrayList<>();
            for (JsonNode d : root.path("RepoDigests")) {
                String text = d.asText("");
                int at = text.lastIndexOf('@');
                if (at > 0 && Digests.isValid(text.substring(at + 1)) && digests.size() < MAX_REPO_DIGESTS && !digests.contains(text)) {
                    digests.add(text);
                }
            }
            // Docker and Podman's compat API give "sha256:HEX"; an engine giving the bare hex means the same
            String normalised = id.matches("[0-9a-f]{64}") ? "sha256:" + id : id;
            return new Inspected(Digests.isValid(normalised) ? normalised : null, digests);
        }
    }

    /**
     * The registry manifest digest of the image {@code name} names, from its repo digests: the one of {@code name}'s own
     * repository (Docker writes {@code debian@sha256:...}, Podman {@code docker.io/library/debian@sha256:...}: both are
     * compared as full names), the digest {@code name} asks for when it names one, else the first; null when the engine
     * knows none (an image built or loaded here and never pushed or pulled).
     */
    static String registryManifestDigest(String name, List<String> repoDigests) {
        if (repoDigests.isEmpty()) {
            return null;
        }
        int at = name.lastIndexOf('@');
        if (at > 0 && Digests.isValid(name.substring(at + 1))) {
            String asked = name.substring(at + 1);
            if (repoDigests.stream().anyMatch(d -> d.endsWith("@" + asked))) {
                return asked;
            }
        }
        String repository = repository(at > 0 ? name.substring(0, at) : name);
        for (String d : repoDigests) {
            int sep = d.lastIndexOf('@');
            if (repository != null && repository.equals(repository(d.substring(0, sep)))) {
                return d.substring(sep + 1);
            }
        }
        String first = repoDigests.getFirst();
        return first.substring(first.lastIndexOf('@') + 1);
    }

    /** {@code HOST/REPO} of an image name, Docker Hub's short names spelled out; null when it is not a name (an id). */
    private static String repository(String name) {
        try {
            RegistryReference r = RegistryReference.parse(name);
            return r.registry() + "/" + r.repository();
        } catch (WardenException e) {
            return null;
        }
    }

    /** The archive, which also closes the engine's client when closed. */
    private record EngineStorage(StreamedTar tar, Engine engine) implements LayoutStorage {
        @Override
        public InputStream open(String name) throws IOException {
            return tar.open(name);
        }

        @Override
        public long size(String name) throws IOException {
            return tar.size(name);
        }

        @Override
        public String describe() {
            return tar.describe();
        }

        @Override
        public void close() throws IOException {
            try {
                tar.close();
            } finally {
                engine.close();
            }
        }
    }

    /** The engine's API over its socket: only the two requests an export needs. */
    private static final class Engine implements AutoCloseable {
        private final Path socket;
        private final String reference;
        private final CloseableHttpClient http;

        Engine(Path socket, String reference) {
            this.socket = socket;
            this.reference = reference;
            this.http = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(CONNECT_TIMEOUT)
                                    .setSocketTimeout(READ_TIMEOUT).build())
                            .build())
                    .setDefaultRequestConfig(RequestConfig.custom().setUnixDomainSocket(socket)
                            .setResponseTimeout(READ_TIMEOUT).build())
                    .disableAutomaticRetries()
                    .disableRedirectHandling()
                    .build();
        }

        /** What the engine says of the image; fails with one line when it does not hold it. */
        Inspected require(String name) throws IOException {
            try (ClassicHttpResponse response = get("/images/" + name + "/json")) {
                if (response.getCode() != 200) {
                    throw refused(response, name);
                }
                return inspected(response);
            }
        }

        /** What the engine says of the image, when it answers and holds it; an engine that cannot be reached holds nothing. */
        Optional<Inspected> holds(String name) throws IOException {
            try (ClassicHttpResponse response = get("/images/" + name + "/json")) {
                return response.getCode() == 200 ? Optional.of(inspected(response)) : Optional.empty();
            } catch (WardenException unreachable) {
                return Optional.empty();
            }
        }

        private Inspected inspected(ClassicHttpResponse response) throws IOException {
            if (response.getEntity() == null) {
                return new Inspected(null, List.of());
            }
            try (InputStream in = response.getEntity().getContent()) {
                byte[] answer = in.readNBytes(MAX_ANSWER_BYTES + 1);
                if (answer.length > MAX_ANSWER_BYTES) {
                    throw new WardenException(reference + ": the container engine's image inspect answer is larger than "
                            + MAX_ANSWER_BYTES + " bytes");
                }
                return Inspected.read(answer, reference);
            }
        }

        /** The image as a docker-save archive, streamed; a connection lost mid-stream is one line naming the engine. */
        InputStream export(String name) throws IOException {
            ClassicHttpResponse response = get("/images/" + name + "/get");
            if (response.getCode() != 200 || response.getEntity() == null) {
                try (response) {
                    throw refused(response, name);
                }
            }
            return new FilterInputStream(response.getEntity().getContent()) {
                @Override
                public int read() throws IOException {
                    try {
                        return super.read();
                    } catch (IOException e) {
                        throw lost(e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        throw lost(e);
                    }
                }

                @Override
                public void close() throws IOException {
                    response.close(); // discards the rest instead of reading a whole image to reuse the connection
                }
            };
        }

        private ClassicHttpResponse get(String path) {
            try {
                return http.executeOpen(null, new HttpGet("http://localhost/" + API_VERSION + path), null);
            } catch (IOException e) {
                throw new WardenException(reference + ": cannot reach the container engine at " + socket + ": " + message(e), e);
            }
        }

        private WardenException refused(ClassicHttpResponse response, String name) throws IOException {
            if (response.getCode() == 404) {
                return new WardenException(reference + ": the container engine at " + socket + " holds no image '" + name + "'");
            }
            String detail = "";
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    detail = JSON.readTree(in.readNBytes(MAX_ANSWER_BYTES)).path("message").asText("");
                } catch (JsonProcessingException e) {
                    detail = ""; // not the engine's JSON error: the status says enough
                }
            }
            return new WardenException(reference + ": the container engine at " + socket + " answered " + response.getCode()
                    + (detail.isEmpty() ? "" : ": " + Digests.abbreviate(detail.replaceAll("\\p{Cntrl}", "?"))));
        }

        private WardenException lost(IOException e) {
            return new WardenException(reference + ": the container engine at " + socket + " broke off the image export: "
                    + message(e), e);
        }

        private static String message(IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }
}
