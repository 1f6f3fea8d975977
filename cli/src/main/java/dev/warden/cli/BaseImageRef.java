package dev.warden.cli;

import dev.warden.core.ImageInfo;
import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import java.util.Optional;

/**
 * The base image an image was built from, as its OCI annotations name it ({@code org.opencontainers.image.base.name}
 * and {@code .base.digest}, in the manifest or, from some builders, the config labels), or as the user names it.
 *
 * @param reference the base's repository and tag
 * @param digest    the digest the image was built on, null when not recorded
 * @param from      where this came from, for the report
 */
record BaseImageRef(RegistryReference reference, String digest, String from) {
    static final String NAME = "org.opencontainers.image.base.name";
    static final String DIGEST = "org.opencontainers.image.base.digest";

    static Optional<BaseImageRef> of(ImageInfo image, String userGiven) {
        if (userGiven != null) {
            RegistryReference ref = RegistryReference.parse(strip(userGiven));
            return Optional.of(new BaseImageRef(ref, ref.digest(), "--base-image"));
        }
        if (image == null) {
            return Optional.empty();
        }
        String where = "manifest annotation " + NAME;
        String name = image.annotations().get(NAME);
        String digest = image.annotations().get(DIGEST);
        if ((name == null || name.isBlank()) && image.config() != null) {
            name = image.config().labels().get(NAME);
            digest = image.config().labels().get(DIGEST);
            where = "config label " + NAME;
        }
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        RegistryReference ref;
        try {
            ref = RegistryReference.parse(strip(name.trim()));
        } catch (WardenException e) {
            throw new WardenException("the image's " + where + " is not an image reference: " + e.getMessage());
        }
        return Optional.of(new BaseImageRef(ref, digest == null || digest.isBlank() ? ref.digest() : digest.trim(), where));
    }

    /** The tag to follow: the reference's own, else latest. */
    String tag() {
        return reference.tag() == null ? RegistryReference.DEFAULT_TAG : reference.tag();
    }

    /** {@code host/repo} */
    String repository() {
        return reference.registry() + "/" + reference.repository();
    }

    private static String strip(String text) {
        return text.startsWith("registry://") ? text.substring("registry://".length()) : text;
    }
}
