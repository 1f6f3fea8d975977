package dev.warden.core;

import java.util.List;
import java.util.Map;

/**
 * What an image says about itself: where it came from, its digest, platform, config and layers.
 * For a root filesystem or an SBOM most fields are empty.
 */
public record ImageInfo(
        String reference,
        String manifestDigest,
        String configDigest,
        Platform platform,
        ImageConfig config,
        List<LayerInfo> layers,
        Map<String, String> annotations) {

    public ImageInfo {
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
    }

    public record Platform(String os, String architecture, String variant) {
        public static Platform parse(String text) {
            String[] parts = text.split("/");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new WardenException("invalid platform '" + text + "': expected OS/ARCH[/VARIANT], e.g. linux/amd64");
            }
            return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        }

        @Override
        public String toString() {
            return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
        }
    }

    /** The runtime part of the image config plus its history. */
    public record ImageConfig(
            String user,
            List<String> env,
            List<String> entrypoint,
            List<String> cmd,
            String workingDir,
            Map<String, String> labels,
            List<String> exposedPorts,
            String created,
            List<HistoryEntry> history) {
        public static final ImageConfig EMPTY = new ImageConfig("", List.of(), List.of(), List.of(), "", Map.of(), List.of(), "", List.of());

        public ImageConfig {
            env = List.copyOf(env);
            entrypoint = List.copyOf(entrypoint);
            cmd = List.copyOf(cmd);
            labels = Map.copyOf(labels);
            exposedPorts = List.copyOf(exposedPorts);
            history = List.copyOf(history);
        }
    }

    public record HistoryEntry(String created, String createdBy, String comment, boolean emptyLayer) {}

    /**
     * One layer. {@code digest} names the blob as stored (compressed); {@code diffId} the
     * uncompressed tar, which is how packages and files are attributed to layers.
     * {@code entryCount} is -1 until the layer has been read.
     */
    public record LayerInfo(String digest, String diffId, String mediaType, long size, long entryCount) {}
}
