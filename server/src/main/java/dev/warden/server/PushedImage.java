package dev.warden.server;

import dev.warden.core.Sbom;
import dev.warden.policy.PolicyEngine;
import java.util.List;

/**
 * An image as a push delivers it, read and checked: its identity, where it is tagged, the SBOM (as sent, CycloneDX
 * JSON, and as read), and what the laptop learnt about its base image.
 *
 * @param digest     the manifest digest, or for a root filesystem or an SBOM without one a digest of its packages
 * @param digestKind {@code manifest} or {@code content}
 * @param cycloneDx  the SBOM bytes as sent
 * @param factsJson  the image facts as stored (JSON)
 */
public record PushedImage(String digest, String digestKind, String repository, List<String> tags, Sbom sbom, byte[] cycloneDx,
                          String factsJson, PolicyEngine.Context context) {
    public PushedImage {
        tags = List.copyOf(tags);
    }
}
