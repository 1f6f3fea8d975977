package dev.warden.server.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.catalog.sbom.SbomFormat;
import dev.warden.catalog.sbom.Tool;
import dev.warden.core.Sbom;
import dev.warden.policy.PolicyEngine;
import dev.warden.server.ImageFactsDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * What {@code warden push} sends: the repository and tags, the SBOM as CycloneDX JSON, and the image facts (config,
 * layer digests, annotations, the redacted secret scan, the base image as the laptop found it). Never layer contents.
 */
public final class PushBody {
    private PushBody() {}

    public static byte[] write(Sbom sbom, PolicyEngine.Context context, String repository, List<String> tags, ObjectMapper json)
            throws IOException {
        ByteArrayOutputStream cdx = new ByteArrayOutputStream();
        SbomFormat.CYCLONEDX_JSON.writer(Tool.warden()).write(sbom, cdx);
        ObjectNode body = json.createObjectNode();
        body.put("repository", repository);
        body.set("tags", json.valueToTree(tags));
        body.set("sbom", json.readTree(cdx.toByteArray()));
        body.set("facts", json.readTree(ImageFactsDocument.of(sbom, context).write(json)));
        return json.writeValueAsBytes(body);
    }
}
