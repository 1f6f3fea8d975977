package dev.warden.policy;

import dev.warden.core.ImageInfo;

import java.util.List;
import java.util.Optional;

/**
 * The base image an image was built on, and how Warden found it.
 *
 * @param name   where the base lives as the finder named it: a registry reference ({@code docker.io/library/debian:12})
 *               from annotations or a registry candidate, or the SOURCE of a local candidate ({@code oci-dir://...})
 * @param digest the manifest digest the image was built on, null when not known
 * @param method which of the three ways found it
 * @param detail what exactly said so (which annotation or label; which candidate and how many layers matched)
 */
public record BaseImage(String name, String digest, Method method, String detail) {
    /** OCI image-spec annotations (annotations.md) naming the base; some builders write them as config labels. */
    public static final String NAME_ANNOTATION = "org.opencontainers.image.base.name";
    public static final String DIGEST_ANNOTATION = "org.opencontainers.image.base.digest";

    /** In the order Warden tries them: what the image says first, then what it can be proven to contain. */
    public enum Method {
        ANNOTATION("annotation"),
        PROVENANCE("provenance"),
        LAYER_MATCH("layer match");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** The manifest's base annotations, else config labels of the same names; empty when neither names a base. */
    public static Optional<BaseImage> fromAnnotations(ImageInfo image) {
        if (image == null) {
            return Optional.empty();
        }
        String name = image.annotations().get(NAME_ANNOTATION);
        String digest = image.annotations().get(DIGEST_ANNOTATION);
        String where = "manifest annotation " + NAME_ANNOTATION;
        if (blank(name) && image.config() != null) {
            name = image.config().labels().get(NAME_ANNOTATION);
            digest = image.config().labels().get(DIGEST_ANNOTATION);
            where = "config label " + NAME_ANNOTATION;
        }
        if (blank(name)) {
            return Optional.empty();
        }
        return Optional.of(new BaseImage(name.trim(), blank(digest) ? null : digest.trim(), Method.ANNOTATION, where));
    }

    /**
     * Which candidate's layers are the longest leading run of the image's layers. Every layer of a candidate must
     * match, in order, by diff_id (the uncompressed digest: the same layer compressed differently still matches);
     * a candidate with no layers, or more than the image, never matches. Ties go to the candidate named first.
     *
     * @return the index in {@code candidates} of the best match, or -1
     */
    public static int longestLayerPrefix(List<String> imageDiffIds, List<List<String>> candidates) {
        int best = -1;
        int bestLength = 0;
        for (int i = 0; i < candidates.size(); i++) {
            List<String> layers = candidates.get(i);
            if (layers.isEmpty() || layers.size() > imageDiffIds.size() || layers.size() <= bestLength) {
                continue;
            }
            if (layers.stream().anyMatch(java.util.Objects::isNull) || !imageDiffIds.subList(0, layers.size()).equals(layers)) {
                continue;
            }
            best = i;
            bestLength = layers.size();
        }
        return best;
    }

    /** {@code name@digest}, or the name alone. */
    public String display() {
        return digest == null || name.endsWith("@" + digest) ? name : name + "@" + digest;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
