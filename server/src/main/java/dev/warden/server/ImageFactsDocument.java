package dev.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.ConfigurationFacts;
import dev.warden.core.ImageInfo;
import dev.warden.core.Sbom;
import dev.warden.core.SecretScan;
import dev.warden.core.WardenException;
import dev.warden.policy.BaseImage;
import dev.warden.policy.BaseTagState;
import dev.warden.policy.PolicyEngine;

/**
 * The image facts a push sends beside the SBOM: what the SBOM does not carry whole (the image's config, layers and
 * annotations; the secret scan's outcome, redacted; the configuration checks' file facts) and what the laptop found out about the base image, which the
 * server cannot ask for itself (the image's layers stay on the laptop).
 *
 * @param base    the detected base image, null when none was found
 * @param baseTag where the base's tag pointed when asked, null when not asked
 */
public record ImageFactsDocument(ImageInfo image, SecretScan secrets, BaseImage base, BaseTagState baseTag,
                                 ConfigurationFacts configuration) {

    /** Facts without configuration facts (as clients before them pushed): the configuration checks have no data. */
    public ImageFactsDocument(ImageInfo image, SecretScan secrets, BaseImage base, BaseTagState baseTag) {
        this(image, secrets, base, baseTag, ConfigurationFacts.NOT_SEEN);
    }

    public static ImageFactsDocument of(Sbom sbom, PolicyEngine.Context context) {
        return new ImageFactsDocument(sbom.image(), sbom.secrets(), context.base(), context.baseTag(), sbom.configuration());
    }

    public PolicyEngine.Context context() {
        return new PolicyEngine.Context(base, baseTag);
    }

    /** The SBOM as read back from CycloneDX, with the image and secrets these facts give. */
    public Sbom applyTo(Sbom sbom) {
        return new Sbom(image != null ? image : sbom.image(), sbom.distro(), sbom.packages(), sbom.warnings(), secrets, configuration,
                sbom.selection());
    }

    public static ImageFactsDocument read(JsonNode node, ObjectMapper json) {
        if (node == null || !node.isObject()) {
            throw new WardenException("push: 'facts' must be an object (image, secrets, base, baseTag)");
        }
        try {
            return json.treeToValue(node, ImageFactsDocument.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new WardenException("push: 'facts' cannot be read: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    public String write(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write image facts", e);
        }
    }
}
