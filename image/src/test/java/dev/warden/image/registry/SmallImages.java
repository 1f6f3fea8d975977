package dev.warden.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A small OCI layout made by umoci for registry tests: tag {@value #AMD64} (linux/amd64, one layer with
 * /hello.txt), tag {@value #ARM64} (linux/arm64, one layer with /arch.txt), and tag {@value #MULTI}, an image
 * index naming both with their platforms (built here: umoci makes no indexes).
 */
record SmallImages(Path layout) {
    static final String AMD64 = "amd64";
    static final String ARM64 = "arm64";
    static final String MULTI = "multi";
    static final String HELLO = "hello from amd64\n";
    static final String ARCH = "arm64\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    static SmallImages build(Path dir) throws IOException {
        Path layout = dir.resolve("layout");
        TestImages.run(dir, "umoci", "init", "--layout", layout.toString());
        addImage(dir, layout, AMD64, "amd64", "hello.txt", HELLO);
        addImage(dir, layout, ARM64, "arm64", "arch.txt", ARCH);
        SmallImages images = new SmallImages(layout);
        images.addIndex();
        return images;
    }

    private static void addImage(Path dir, Path layout, String tag, String arch, String file, String content) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root-" + tag));
        Files.writeString(root.resolve(file), content);
        Path tar = dir.resolve(tag + ".tar");
        TestImages.run(dir, "tar", "--numeric-owner", "-C", root.toString(), "-cf", tar.toString(), ".");
        TestImages.run(dir, "umoci", "new", "--image", layout + ":" + tag);
        TestImages.run(dir, "umoci", "config", "--image", layout + ":" + tag, "--architecture", arch, "--os", "linux",
                "--config.env", "ARCH=" + arch);
        TestImages.run(dir, "umoci", "raw", "add-layer", "--image", layout + ":" + tag, tar.toString());
    }

    private void addIndex() throws IOException {
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (String tag : new String[] {AMD64, ARM64}) {
            ObjectNode d = manifests.addObject().put("mediaType", RegistryClient.OCI_MANIFEST)
                    .put("digest", manifestDigest(tag)).put("size", Files.size(blob(manifestDigest(tag))));
            d.putObject("platform").put("os", "linux").put("architecture", tag);
        }
        byte[] bytes = JSON.writeValueAsBytes(index);
        String digest = sha256(bytes);
        Files.write(blob(digest), bytes);
        ObjectNode layoutIndex = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ObjectNode entry = layoutIndex.withArray("manifests").addObject().put("mediaType", RegistryClient.OCI_INDEX)
                .put("digest", digest).put("size", bytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", MULTI);
        JSON.writeValue(layout.resolve("index.json").toFile(), layoutIndex);
    }

    /** Source options for registry tests: {@code platform} (null = default), blobs cached in {@code cache}, no docker config. */
    static dev.warden.image.SourceOptions options(Path cache, dev.warden.core.ImageInfo.Platform platform) {
        dev.warden.image.SourceOptions d = dev.warden.image.SourceOptions.defaults(cache);
        return new dev.warden.image.SourceOptions(platform, null, null, d.insecureRegistries(), cache, null, d.limits(),
                dev.warden.image.Progress.NONE);
    }

    /** The config digest of {@code tag}'s manifest. */
    String configDigest(String tag) throws IOException {
        return JSON.readTree(blob(manifestDigest(tag)).toFile()).path("config").path("digest").asText();
    }

    /** The digest index.json gives for {@code tag}. */
    String manifestDigest(String tag) throws IOException {
        for (JsonNode m : JSON.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return m.path("digest").asText();
            }
        }
        throw new AssertionError("no tag " + tag + " in " + layout);
    }

    Path blob(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }

    /** The first layer descriptor of the image tagged {@code tag}. */
    JsonNode layer(String tag) throws IOException {
        return JSON.readTree(blob(manifestDigest(tag)).toFile()).path("layers").path(0);
    }

    static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
