package dev.warden.server;

import dev.warden.image.testing.TarBuilder;
import dev.warden.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small images for watch tests, made by umoci in one OCI layout: every tag is a Debian 12 base layer (os-release and a
 * dpkg status with sope 5.8.0-1, which the shipped advisory snapshot has CVE-2025-53603 for) plus one small layer of
 * its own, so each tag is its own digest while the base layer is shared (the layer cache fetches it once).
 */
public final class WatchImages {
    public static final String BASE = "base";
    public static final String ADVISORY = "CVE-2025-53603";

    private final Path dir;
    private final Path layout;

    private WatchImages(Path dir, Path layout) {
        this.dir = dir;
        this.layout = layout;
    }

    /** A layout holding the base image only. */
    public static WatchImages create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path layout = dir.resolve("layout");
        TestImages.run(dir, "umoci", "init", "--layout", layout.toString());
        TestImages.run(dir, "umoci", "new", "--image", layout + ":" + BASE);
        Path base = dir.resolve("base.tar");
        Files.write(base, new TarBuilder()
                .file("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
                        + "VERSION_CODENAME=bookworm\nID=debian\n")
                .file("var/lib/dpkg/status", "Package: libsope1\nStatus: install ok installed\nPriority: optional\nSection: libs\n"
                        + "Architecture: amd64\nSource: sope\nVersion: 5.8.0-1\nDescription: SOPE libraries\n\n")
                .build());
        TestImages.run(dir, "umoci", "raw", "add-layer", "--image", layout + ":" + BASE, base.toString());
        return new WatchImages(dir, layout);
    }

    /** Adds tag {@code tag}: the base plus a layer holding /app/id with {@code content}. */
    public WatchImages add(String tag, String content) throws IOException {
        Path tar = dir.resolve("layer-" + tag + ".tar");
        Files.write(tar, new TarBuilder().file("app/id", content + "\n").build());
        TestImages.run(dir, "umoci", "raw", "add-layer", "--image", layout + ":" + BASE, "--tag", tag, tar.toString());
        return this;
    }

    public WatchImages add(List<String> tags, String salt) throws IOException {
        for (String tag : tags) {
            add(tag, salt + " " + tag);
        }
        return this;
    }

    /**
     * Adds tag {@code tag}: an image index of a linux/arm64 and a linux/ppc64le image, so that a watch reading
     * linux/amd64 finds no image for its platform there.
     */
    public WatchImages addWithoutAmd64(String tag) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var index = json.createObjectNode().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        var manifests = index.putArray("manifests");
        for (String arch : List.of("arm64", "ppc64le")) {
            String image = tag + "-" + arch + "-image";
            add(image, arch + " " + tag);
            TestImages.run(dir, "umoci", "config", "--image", layout + ":" + image, "--architecture", arch, "--os", "linux");
            String manifest = digest(image);
            var entry = manifests.addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                    .put("digest", manifest).put("size", Files.size(blob(manifest)));
            entry.putObject("platform").put("os", "linux").put("architecture", arch);
        }
        byte[] bytes = json.writeValueAsBytes(index);
        String digest = dev.warden.image.testing.OciLayoutBuilder.sha256(bytes);
        Files.write(blob(digest), bytes);
        var layoutIndex = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(layout.resolve("index.json").toFile());
        layoutIndex.withArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.index.v1+json").put("digest", digest)
                .put("size", bytes.length).putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        json.writeValue(layout.resolve("index.json").toFile(), layoutIndex);
        return this;
    }

    private Path blob(String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    public Path layout() {
        return layout;
    }

    /** The manifest digest of {@code tag} in the layout. */
    public String digest(String tag) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var m : json.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return m.path("digest").asText();
            }
        }
        throw new AssertionError("no tag " + tag + " in " + layout);
    }

    /** The digest of the base layer (compressed, as the registry serves it). */
    public String baseLayer() throws IOException {
        return layer(BASE, 0);
    }

    /** The digest of the layer {@code tag} does not share with the others. */
    public String ownLayer(String tag) throws IOException {
        return layer(tag, 1);
    }

    private String layer(String tag, int index) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String manifest = digest(tag);
        Path blob = layout.resolve("blobs").resolve("sha256").resolve(manifest.substring("sha256:".length()));
        return json.readTree(blob.toFile()).path("layers").get(index).path("digest").asText();
    }
}
