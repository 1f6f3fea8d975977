package dev.warden.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.core.WardenException;
import dev.warden.image.FileSystemView;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.SourceOptions;
import dev.warden.image.testing.OciLayoutBuilder;
import dev.warden.image.testing.TarBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Images as an attacker builds them, read the way every command reads them ({@code oci-dir://}: index, manifest,
 * config, then every layer streamed through the whiteout-aware view and every file's content read). The fuzzed bytes
 * are a layer's tar (stored plain, gzip or zstd, with a matching diff id), a layer's compressed stream as is, the
 * manifest blob (under its own digest) or index.json. Each input is read or refused with a WardenException; anything
 * else is a finding. Regression mode replays src/test/resources/dev/warden/image/fuzz/ImageFuzzTestInputs/.
 */
class ImageFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void tarLayer(byte[] input) {
        read(dir -> new OciLayoutBuilder().layer(OciLayoutBuilder.uncompressed(input)).write(dir));
    }

    @FuzzTest(maxDuration = "30s")
    void gzipTarLayer(byte[] input) {
        read(dir -> new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(input)).write(dir));
    }

    @FuzzTest(maxDuration = "30s")
    void zstdTarLayer(byte[] input) {
        read(dir -> new OciLayoutBuilder().layer(OciLayoutBuilder.zstd(input)).write(dir));
    }

    @FuzzTest(maxDuration = "30s")
    void gzipStream(byte[] input) {
        read(dir -> new OciLayoutBuilder().layer(new OciLayoutBuilder.Layer(OciLayoutBuilder.GZIP, input,
                OciLayoutBuilder.sha256(input))).write(dir));
    }

    @FuzzTest(maxDuration = "30s")
    void manifest(byte[] input) {
        read(dir -> {
            new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("etc/os-release", "ID=debian\n").build())).write(dir);
            String digest = OciLayoutBuilder.sha256(input);
            Files.write(dir.resolve("blobs/sha256").resolve(digest.substring(7)), input);
            Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":" + input.length + "}]}",
                    StandardCharsets.UTF_8);
        });
    }

    @FuzzTest(maxDuration = "30s")
    void index(byte[] input) {
        read(dir -> {
            new OciLayoutBuilder().layer(OciLayoutBuilder.gzip(new TarBuilder().file("etc/os-release", "ID=debian\n").build())).write(dir);
            Files.write(dir.resolve("index.json"), input);
        });
    }

    private interface Layout {
        void write(Path dir) throws IOException;
    }

    private static void read(Layout layout) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("warden-fuzz-");
            Path dir = tmp.resolve("oci");
            layout.write(dir);
            try (ImageSource image = ImageSources.open("oci-dir://" + dir, SourceOptions.defaults(tmp.resolve("cache")))) {
                image.info();
                FileSystemView files = image.files();
                files.read(entry -> true, (entry, content) -> content.transferTo(OutputStream.nullOutputStream()));
            }
        } catch (WardenException e) {
            // refused with a user-facing line: what hostile input should get
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try (Stream<Path> walk = Files.walk(tmp)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp folder left behind is not a finding
                }
            }
        }
    }
}
