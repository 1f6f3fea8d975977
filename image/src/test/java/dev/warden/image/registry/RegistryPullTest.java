package dev.warden.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.Platform;
import dev.warden.core.WardenException;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.Progress;
import dev.warden.image.SourceOptions;
import dev.warden.image.registry.testing.RegistryServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real docker-registry (anonymous access) that skopeo pushed a small umoci-made image to. */
@Tag("live") // a real docker-registry (RegistryServer), skopeo
class RegistryPullTest {
    @TempDir
    static Path work;
    @TempDir
    Path cache;

    static RegistryServer registry;
    static SmallImages images;

    @BeforeAll
    static void pushImages() throws IOException {
        images = SmallImages.build(Files.createDirectories(work.resolve("images")));
        registry = RegistryServer.anonymous(work.resolve("registry"));
        registry.push(images.layout(), SmallImages.AMD64, "small/app:v1");
        registry.pushAll(images.layout(), SmallImages.MULTI, "small/multi:v1");
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private SourceOptions options(Platform platform) {
        return SmallImages.options(cache, platform);
    }

    private RegistryClient client(String reference) {
        return RegistryClient.create(RegistryReference.parse(reference), options(null), RetryPolicy.DEFAULT, Clock.systemUTC());
    }

    @Test
    void manifestByTagIsTheOnePushedAndVerified() throws IOException {
        try (RegistryClient client = client(registry.host() + "/small/app:v1")) {
            RegistryClient.Manifest manifest = client.manifest("v1", null, -1, 1 << 20);
            assertThat(manifest.digest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
            assertThat(manifest.content()).isEqualTo(Files.readAllBytes(images.blob(manifest.digest())));
            assertThat(manifest.mediaType()).isEqualTo(RegistryClient.OCI_MANIFEST);
            assertThat(manifest.isIndex()).isFalse();
        }
    }

    @Test
    void manifestLargerThanTheLimitIsRefused() throws IOException {
        try (RegistryClient client = client(registry.host() + "/small/app:v1")) {
            assertThatThrownBy(() -> client.manifest("v1", null, -1, 100))
                    .isInstanceOf(WardenException.class).hasMessageContaining("larger than the limit of 100");
        }
    }

    @Test
    void indexIsRecognised() throws IOException {
        try (RegistryClient client = client(registry.host() + "/small/multi:v1")) {
            RegistryClient.Manifest index = client.manifest("v1", null, -1, 1 << 20);
            assertThat(index.isIndex()).isTrue();
            assertThat(index.digest()).isEqualTo(images.manifestDigest(SmallImages.MULTI));
        }
    }

    @Test
    void blobIsDownloadedOnceThenReadFromTheCache() throws IOException {
        JsonNode layer = images.layer(SmallImages.AMD64);
        String digest = layer.path("digest").asText();
        byte[] expected = Files.readAllBytes(images.blob(digest));
        AtomicLong progressed = new AtomicLong();
        Progress progress = new Progress() {
            @Override
            public void start(String task, long total) {
                assertThat(total).isEqualTo(expected.length);
            }

            @Override
            public void advance(long amount) {
                progressed.addAndGet(amount);
            }

            @Override
            public void done() {}
        };
        long before = registry.requests("GET", "/blobs/" + digest);
        try (RegistryClient client = client(registry.host() + "/small/app:v1")) {
            RegistryBlobStore store = new RegistryBlobStore(client, cache, progress, RetryPolicy.DEFAULT, 1 << 20);
            try (InputStream in = store.open(digest, layer.path("size").asLong())) {
                assertThat(in.readAllBytes()).isEqualTo(expected);
            }
            try (InputStream in = store.open(digest, layer.path("size").asLong())) {
                assertThat(in.readAllBytes()).isEqualTo(expected);
            }
            assertThat(store.downloads()).isEqualTo(1);
            assertThat(progressed.get()).isEqualTo(expected.length);
            assertThat(store.cachePath(digest)).hasBinaryContent(expected);
        }
        // A new client on the same cache (a second warden run) does not download either.
        try (RegistryClient client = client(registry.host() + "/small/app:v1")) {
            RegistryBlobStore store = new RegistryBlobStore(client, cache, Progress.NONE, RetryPolicy.DEFAULT, 1 << 20);
            try (InputStream in = store.open(digest, layer.path("size").asLong())) {
                assertThat(in.readAllBytes()).isEqualTo(expected);
            }
            assertThat(store.downloads()).isZero();
        }
        assertThat(registry.requests("GET", "/blobs/" + digest) - before).as("GETs of the blob at the registry").isEqualTo(1);
        // a run whose bound the cache is over removes the blobs it does not use; the next run downloads them again
        Path cached = cache.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        assertThat(cached).exists();
        String config = images.configDigest(SmallImages.AMD64);
        try (RegistryClient client = client(registry.host() + "/small/app:v1")) {
            RegistryBlobStore store = new RegistryBlobStore(client, cache, Progress.NONE, RetryPolicy.DEFAULT, 1 << 20, 1);
            try (InputStream in = store.open(config, -1)) {
                in.readAllBytes();
            }
            assertThat(cached).as("evicted: the cache was over its bound of 1 byte").doesNotExist();
            assertThat(cache.resolve("blobs/sha256").resolve(config.substring("sha256:".length()))).as("in use: kept").exists();
        }
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(p -> p.toString().endsWith(".partial"))).as("no temporary files left").isEmpty();
        }
    }

    @Test
    void imageReadFromTheRegistryEqualsTheOciLayout() throws IOException {
        ImageInfo fromLayout;
        try (ImageSource image = ImageSources.open("oci-dir://" + images.layout() + ":" + SmallImages.AMD64, options(null))) {
            fromLayout = image.info();
        }
        try (ImageSource image = ImageSources.open("registry://" + registry.host() + "/small/app:v1", options(null))) {
            ImageInfo info = image.info();
            assertThat(info.reference()).isEqualTo(registry.host() + "/small/app:v1");
            assertThat(info.manifestDigest()).isEqualTo(fromLayout.manifestDigest());
            assertThat(info.configDigest()).isEqualTo(fromLayout.configDigest());
            assertThat(info.platform()).isEqualTo(fromLayout.platform());
            assertThat(info.config()).isEqualTo(fromLayout.config());
            assertThat(info.layers()).isEqualTo(fromLayout.layers());
            Map<String, String> contents = new HashMap<>();
            image.files().read(e -> true, (entry, in) -> contents.put(entry.path(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            assertThat(contents).containsEntry("/hello.txt", SmallImages.HELLO);
        }
    }

    @Test
    void bareReferenceWithoutSchemeWorks() throws IOException {
        try (ImageSource image = ImageSources.open(registry.host() + "/small/app:v1", options(null))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.AMD64));
        }
    }

    @Test
    void platformIsChosenFromTheIndex() throws IOException {
        String ref = registry.host() + "/small/multi:v1";
        try (ImageSource image = RegistrySource.open(ref, options(null))) {
            assertThat(image.info().manifestDigest()).as("default linux/amd64").isEqualTo(images.manifestDigest(SmallImages.AMD64));
        }
        try (ImageSource image = RegistrySource.open(ref, options(Platform.parse("linux/arm64")))) {
            assertThat(image.info().manifestDigest()).isEqualTo(images.manifestDigest(SmallImages.ARM64));
            assertThat(image.info().platform()).hasToString("linux/arm64");
            assertThat(image.info().config().env()).contains("ARCH=arm64");
        }
        assertThatThrownBy(() -> RegistrySource.open(ref, options(Platform.parse("linux/s390x"))))
                .isInstanceOf(WardenException.class).hasMessageContaining("linux/s390x");
    }

    @Test
    void digestReferencePinsTheManifest() throws IOException {
        String digest = images.manifestDigest(SmallImages.ARM64);
        try (ImageSource image = RegistrySource.open(registry.host() + "/small/multi@" + digest, options(null))) {
            assertThat(image.info().manifestDigest()).isEqualTo(digest);
        }
        String missing = "sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> RegistrySource.open(registry.host() + "/small/multi@" + missing, options(null)))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining("manifest unknown").hasMessageContaining("small/multi@" + missing);
    }

    @Test
    void unknownTagAndRepositoryNameTheReference() {
        assertThatThrownBy(() -> RegistrySource.open(registry.host() + "/small/app:nope", options(null)))
                .isInstanceOf(WardenException.class)
                .hasMessage(registry.host() + "/small/app:nope: manifest unknown at " + registry.host()
                        + " (MANIFEST_UNKNOWN: manifest unknown)");
        assertThatThrownBy(() -> RegistrySource.open(registry.host() + "/nothing/here:v1", options(null)))
                .isInstanceOf(WardenException.class).hasMessageContaining("nothing/here:v1: manifest unknown");
    }

    @Test
    void closedPortIsAClearError() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RetryPolicy fast = new RetryPolicy(2, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(10));
        assertThatThrownBy(() -> RegistrySource.open("127.0.0.1:" + port + "/x/y:1", options(null), fast))
                .isInstanceOf(WardenException.class)
                .hasMessageStartingWith("127.0.0.1:" + port + "/x/y:1: cannot connect to 127.0.0.1:" + port);
    }
}
