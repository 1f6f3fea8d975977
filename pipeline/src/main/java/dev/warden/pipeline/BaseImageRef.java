package dev.warden.pipeline;

import dev.warden.core.WardenException;
import dev.warden.image.registry.RegistryReference;
import dev.warden.policy.BaseImage;

/**
 * A detected base image as a registry repository and tag, for looking up its newer digests and tags.
 *
 * @param reference the base's repository and tag
 * @param digest    the digest the image was built on, null when not recorded
 * @param from      how it was found, for the report
 */
public record BaseImageRef(RegistryReference reference, String digest, String from) {

    public static BaseImageRef of(BaseImage base) {
        RegistryReference ref = BaseImages.registryReference(base.name()).orElseThrow(() -> new WardenException(
                "the base image " + base.name() + " (" + base.detail() + ") is not an image reference in a registry"));
        return new BaseImageRef(ref, base.digest() != null ? base.digest() : ref.digest(), base.method().id() + ": " + base.detail());
    }

    /** The tag to follow: the reference's own, else latest. */
    public String tag() {
        return reference.tag() == null ? RegistryReference.DEFAULT_TAG : reference.tag();
    }

    /** {@code host/repo} */
    public String repository() {
        return reference.registry() + "/" + reference.repository();
    }
}
