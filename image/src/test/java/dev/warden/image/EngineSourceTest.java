package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.core.ImageInfo;
import dev.warden.core.WardenException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.image.registry.testing.RegistryServer;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.PodmanEngine;
import dev.warden.image.testing.TarBuilder;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker:// against a real engine: Debian's podman serving the Docker API (vfs storage), and engines that fail. */
@Tag("live") // podman
class EngineSourceTest {
    private static final String REF = "docker://" + TestImages.DOCKER_REPO_TAG;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path engineDir;
    private static PodmanEngine engine;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startEngine() throws IOException {
        engine = PodmanEngine.start(engineDir);
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private SourceOptions options() {
        return SourceOptions.defaults(tmp.resolve("cache"));
    }

    @Test
    void readsTheImageTheEngineHoldsAsTheArchiveItWasLoadedFrom() throws IOException {
        try (ImageSource fromEngine = EngineSource.open(TestImages.DOCKER_REPO_TAG, REF, options(), engine.env());
             ImageSource fromArchive = ImageSources.open("archive://" + TestImages.dockerArchive(), options())) {
            ImageInfo e = fromEngine.info();
            ImageInfo a = fromArchive.info();
            assertThat(e.reference()).isEqualTo(REF);
            assertThat(e.configDigest()).isEqualTo(a.configDigest()).startsWith("sha256:");
            assertThat(e.config()).isEqualTo(a.config());
            assertThat(e.layers()).isNotEmpty();
            assertThat(e.layers()).extracting(ImageInfo.LayerInfo::diffId)
                    .containsExactlyElementsOf(a.layers().stream().map(ImageInfo.LayerInfo::diffId).toList());
            assertThat(fromEngine.files().entries()).isEqualTo(fromArchive.files().entries());
            // the contents come through the stream too, every layer's digest checked on the way
            assertThat(read(fromEngine.files(), "/etc/warden-release")).isEqualTo(TestImages.RELEASE_CONTENT);
            assertThat(read(fromEngine.files(), "/usr/lib/os-release")).contains("bookworm")
                    .isEqualTo(read(fromArchive.files(), "/usr/lib/os-release"));
            long largestLayer = e.layers().stream().mapToLong(ImageInfo.LayerInfo::size).max().orElseThrow();
            assertThat(bytesUnder(tmp)).as("no layer written to disk (the layer cache keeps entries and small files only)")
                    .isLessThan(largestLayer / 4);
        }
    }

    @Test
    void theExportsFirstPassReportsTheBytesReadWithoutATotal() throws IOException {
        java.util.List<String> tasks = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        Progress progress = new Progress() {
            @Override
            public void start(String task, long total) {
                tasks.add(task + " " + total);
            }

            @Override
            public void advance(long amount) {
                read.addAndGet(amount);
            }

            @Override
            public void done() {}
        };
        SourceOptions d = options();
        SourceOptions reporting = new SourceOptions(d.platform(), null, null, d.insecureRegistries(), d.cacheDir(), null, d.limits(), progress);
        try (ImageSource image = EngineSource.open(TestImages.DOCKER_REPO_TAG, REF, reporting, engine.env())) {
            assertThat(tasks.getFirst()).isEqualTo(StreamedTar.INDEX_TASK + " -1"); // the engine sends no Content-Length
            long layers = image.info().layers().stream().mapToLong(ImageInfo.LayerInfo::size).sum();
            assertThat(read.get()).as("the whole export was read once to index it").isGreaterThan(layers);
        }
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String read(FileSystemView files, String path) throws IOException {
        StringBuilder out = new StringBuilder();
        files.read(entry -> entry.path().equals(path), (entry, in) -> out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        return out.toString();
    }

    @Test
    void anImagePulledFromARegistryHasTheRegistrysManifestDigest(@TempDir Path work) throws Exception {
        byte[] tar = new TarBuilder().dir("etc").file("etc/hello.txt", "pulled through a registry\n").build();
        Path layout = new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(tar)).write(work.resolve("layout"));
        try (RegistryServer registry = RegistryServer.anonymous(work.resolve("registry"));
             PodmanEngine pulling = PodmanEngine.startEmpty(work.resolve("engine"))) {
            registry.push(layout, "latest", "warden/engine-digest:1");
            String name = registry.host() + "/warden/engine-digest:1";
            String registryDigest = JSON.readTree(output(work, "skopeo", "inspect", "--tls-verify=false", "docker://" + name))
                    .path("Digest").asText();
            assertThat(registryDigest).startsWith("sha256:");
            pulling.pull(name);
            try (ImageSource image = EngineSource.open(name, "docker://" + name, options(), pulling.env());
                 ImageSource fromRegistry = ImageSources.open("registry://" + name, options())) {
                ImageInfo info = image.info();
                assertThat(info.manifestDigest()).as("the registry's manifest digest, from the engine's RepoDigests")
                        .isEqualTo(registryDigest).isEqualTo(fromRegistry.info().manifestDigest());
                assertThat(info.repoDigests()).contains(registry.host() + "/warden/engine-digest@" + registryDigest);
                assertThat(info.configDigest()).as("the image id").isEqualTo(fromRegistry.info().configDigest());
                // asked by digest, the same
                try (ImageSource byDigest = EngineSource.open(registry.host() + "/warden/engine-digest@" + registryDigest,
                        "docker://x", options(), pulling.env())) {
                    assertThat(byDigest.info().manifestDigest()).isEqualTo(registryDigest);
                }
            }
        }
    }

    private static String output(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
        return out;
    }

    @Test
    void aBareNameTheEngineHoldsIsReadFromTheEngineOtherwiseFromTheRegistry() throws IOException {
        try (ImageSource bare = ImageSources.open(SourceRef.parse(TestImages.DOCKER_REPO_TAG), options(), engine.env());
             ImageSource fromArchive = ImageSources.open("archive://" + TestImages.dockerArchive(), options())) {
            assertThat(bare.info().reference()).isEqualTo(TestImages.DOCKER_REPO_TAG);
            assertThat(bare.info().configDigest()).isEqualTo(fromArchive.info().configDigest());
        }
        // not held: the registry is asked (nobody listens on port 1), not the engine
        assertThatThrownBy(() -> ImageSources.open(SourceRef.parse("127.0.0.1:1/warden/nope:1"), options(), engine.env()))
                .isInstanceOf(WardenException.class).hasMessageNotContaining("container engine").hasMessageContaining("127.0.0.1:1");
        // registry:// never asks the engine
        assertThatThrownBy(() -> ImageSources.open(SourceRef.parse("registry://" + "127.0.0.1:1/" + TestImages.DOCKER_REPO_TAG), options(),
                engine.env())).isInstanceOf(WardenException.class).hasMessageNotContaining("container engine");
    }

    @Test
    void anImageTheEngineDoesNotHoldIsOneLine() {
        assertThatThrownBy(() -> EngineSource.open("warden/nope:1", "docker://warden/nope:1", options(), engine.env()))
                .isInstanceOf(WardenException.class)
                .hasMessage("docker://warden/nope:1: the container engine at " + engine.socket() + " holds no image 'warden/nope:1'");
    }

    @Test
    void aMissingSocketARefusedConnectionAndATcpHostAreOneLineEach() throws IOException {
        Path missing = tmp.resolve("none.sock");
        assertThatThrownBy(() -> EngineSource.open("a:1", "docker://a:1", options(), Map.of("DOCKER_HOST", "unix://" + missing)))
                .isInstanceOf(WardenException.class).hasMessage("docker://a:1: no container engine socket at " + missing + " (DOCKER_HOST)");
        Path dead = tmp.resolve("dead.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dead));
        } // closed: the socket file stays, nobody listens
        assertThatThrownBy(() -> EngineSource.open("a:1", "docker://a:1", options(), Map.of("DOCKER_HOST", "unix://" + dead)))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("docker://a:1: cannot reach the container engine at " + dead);
        assertThatThrownBy(() -> EngineSource.open("a:1", "docker://a:1", options(), Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")))
                .isInstanceOf(WardenException.class).hasMessageContaining("is not a unix socket");
        assertThatThrownBy(() -> EngineSource.open("a b?c", "docker://a b?c", options(), engine.env()))
                .isInstanceOf(WardenException.class).hasMessage("docker://a b?c: not an image name, tag, digest or id");
    }

    @Test
    void anEngineThatDropsTheConnectionMidStreamIsOneLine() throws Exception {
        Path socket = tmp.resolve("dropping.sock");
        byte[] head;
        try (InputStream in = Files.newInputStream(TestImages.dockerArchive())) {
            head = in.readNBytes(256 << 10);
        }
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread fake = Thread.ofVirtual().start(() -> serveThenDrop(server, head));
            assertThatThrownBy(() -> EngineSource.open("warden/fixture:latest", REF, options(), Map.of("DOCKER_HOST", "unix://" + socket)))
                    .isInstanceOf(WardenException.class)
                    .hasMessageStartingWith(REF + ": the container engine at " + socket + " broke off the image export");
            fake.interrupt();
        }
    }

    /** Answers the inspect request, then sends a quarter MiB of the export and closes the connection. */
    private static void serveThenDrop(ServerSocketChannel server, byte[] head) {
        try {
            while (true) {
                try (SocketChannel client = server.accept()) {
                    String request = readHead(client);
                    var out = Channels.newOutputStream(client);
                    if (request.contains("/json ")) {
                        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.write((Integer.toHexString(head.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(head);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the test closed the server
        }
    }

    private static String readHead(SocketChannel client) throws IOException {
        StringBuilder head = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString().endsWith("\r\n\r\n") && client.read(one.clear()) > 0) {
            head.append((char) one.get(0));
        }
        return head.toString();
    }
}
