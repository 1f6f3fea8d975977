package dev.warden.image;

import dev.warden.core.WardenException;
import java.util.Map;

/** The layer media types Warden reads, and how each is compressed. */
final class LayerMediaTypes {
    enum Compression { NONE, GZIP, ZSTD }

    static final String OCI_TAR = "application/vnd.oci.image.layer.v1.tar";
    static final String OCI_TAR_GZIP = OCI_TAR + "+gzip";
    static final String OCI_TAR_ZSTD = OCI_TAR + "+zstd";
    static final String DOCKER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    static final String DOCKER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    private static final Map<String, Compression> KNOWN = Map.ofEntries(
            Map.entry(OCI_TAR, Compression.NONE),
            Map.entry(OCI_TAR_GZIP, Compression.GZIP),
            Map.entry(OCI_TAR_ZSTD, Compression.ZSTD),
            Map.entry("application/vnd.oci.image.layer.nondistributable.v1.tar", Compression.NONE),
            Map.entry("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", Compression.GZIP),
            Map.entry("application/vnd.oci.image.layer.nondistributable.v1.tar+zstd", Compression.ZSTD),
            Map.entry(DOCKER_TAR, Compression.NONE),
            Map.entry(DOCKER_TAR_GZIP, Compression.GZIP),
            Map.entry("application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", Compression.GZIP));

    private LayerMediaTypes() {}

    static Compression compression(String mediaType, String what) {
        Compression c = mediaType == null ? null : KNOWN.get(mediaType);
        if (c == null) {
            throw new WardenException(what + ": unknown layer media type '" + Digests.abbreviate(mediaType) + "'");
        }
        return c;
    }

    /** Media type for a layer whose container gives none (docker-save), from its first bytes. */
    static String sniff(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return DOCKER_TAR_GZIP;
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return OCI_TAR_ZSTD;
        }
        return DOCKER_TAR;
    }
}
