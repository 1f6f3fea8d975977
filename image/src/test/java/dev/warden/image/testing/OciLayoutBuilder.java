package dev.warden.image.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small OCI image layouts by code, with hooks to break any part of them: the hostile-image
 * corpus. Digests are computed honestly unless a hook changes the bytes afterwards.
 */
public final class OciLayoutBuilder {
    public static final String GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String TAR = "application/vnd.oci.image.layer.v1.tar";

    /** A layer: its blob as stored, media type, and the diff_id its config will list. */
    public record Layer(String mediaType, byte[] blob, String diffId) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Layer> layers = new ArrayList<>();
    private Consumer<ObjectNode> configHook = c -> {};
    private Consumer<ObjectNode> manifestHook = m -> {};
    private java.util.function.UnaryOperator<byte[]> configBytesHook = b -> b;
    private java.util.function.UnaryOperator<byte[]> manifestBytesHook = b -> b;
    private java.util.function.UnaryOperator<byte[]> layerBytesHook = b -> b;

    public static Layer gzip(byte[] tar) {
        return new Layer(GZIP, gzipBytes(tar), sha256(tar));
    }

    public static Layer zstd(byte[] tar) {
        return new Layer(ZSTD, Zstd.compress(tar), sha256(tar));
    }

    public static Layer uncompressed(byte[] tar) {
        return new Layer(TAR, tar, sha256(tar));
    }

    /** A gzip layer holding one file of {@code size} zero bytes, made without holding it in memory: a bomb. */
    public static Layer gzipZeros(String name, long size) {
        try {
            MessageDigest tarHash = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
                    java.security.DigestOutputStream hashed = new java.security.DigestOutputStream(gz, tarHash);
                    org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                            new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(hashed)) {
                tar.setBigNumberMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.BIGNUMBER_POSIX);
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
                entry.setSize(size);
                tar.putArchiveEntry(entry);
                byte[] zeros = new byte[1 << 20];
                for (long left = size; left > 0; left -= zeros.length) {
                    tar.write(zeros, 0, (int) Math.min(zeros.length, left));
                }
                tar.closeArchiveEntry();
                tar.finish();
            }
            return new Layer(GZIP, out.toByteArray(), "sha256:" + HexFormat.of().formatHex(tarHash.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public OciLayoutBuilder layer(Layer layer) {
        layers.add(layer);
        return this;
    }

    /** Edits the config JSON before it is written and digested. */
    public OciLayoutBuilder config(Consumer<ObjectNode> hook) {
        this.configHook = hook;
        return this;
    }

    /** Edits the manifest JSON before it is written and digested. */
    public OciLayoutBuilder manifest(Consumer<ObjectNode> hook) {
        this.manifestHook = hook;
        return this;
    }

    /** Replaces the stored config bytes after their digest was taken (a tampered blob). */
    public OciLayoutBuilder tamperConfig(java.util.function.UnaryOperator<byte[]> hook) {
        this.configBytesHook = hook;
        return this;
    }

    /** Replaces the stored manifest bytes after their digest was taken. */
    public OciLayoutBuilder tamperManifest(java.util.function.UnaryOperator<byte[]> hook) {
        this.manifestBytesHook = hook;
        return this;
    }

    /** Replaces every stored layer blob's bytes after their digest was taken. */
    public OciLayoutBuilder tamperLayers(java.util.function.UnaryOperator<byte[]> hook) {
        this.layerBytesHook = hook;
        return this;
    }

    public Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            ObjectNode config = JSON.createObjectNode();
            config.put("architecture", "amd64").put("os", "linux").put("created", "2024-01-01T00:00:00Z");
            config.putObject("config").putArray("Env").add("PATH=/usr/bin");
            ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
            ArrayNode diffIds = rootfs.putArray("diff_ids");
            layers.forEach(l -> diffIds.add(l.diffId()));
            configHook.accept(config);
            byte[] configBytes = JSON.writeValueAsBytes(config);
            String configDigest = blob(dir, configBytes, configBytesHook);

            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                    .put("digest", configDigest).put("size", configBytes.length);
            ArrayNode layerArray = manifest.putArray("layers");
            for (Layer l : layers) {
                layerArray.addObject().put("mediaType", l.mediaType()).put("digest", blob(dir, l.blob(), layerBytesHook))
                        .put("size", l.blob().length);
            }
            manifestHook.accept(manifest);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            String manifestDigest = blob(dir, manifestBytes, manifestBytesHook);

            ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
            index.putArray("manifests").addObject().put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                    .put("digest", manifestDigest).put("size", manifestBytes.length)
                    .putObject("annotations").put("org.opencontainers.image.ref.name", "latest");
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blob(Path dir, byte[] content, java.util.function.UnaryOperator<byte[]> tamper) throws IOException {
        String digest = sha256(content);
        Files.write(dir.resolve("blobs/sha256").resolve(digest.substring(7)), tamper.apply(content));
        return digest;
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzipBytes(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
