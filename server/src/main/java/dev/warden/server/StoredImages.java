package dev.warden.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.catalog.sbom.SbomReader;
import dev.warden.core.Sbom;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** A stored image read back for judging: its SBOM with the facts the push sent, and the policy context they give. */
final class StoredImages {
    /** What judging an image needs. */
    record Judgeable(String digest, Sbom sbom, PolicyEngine.Context context) {}

    private final ImageStore images;
    private final ObjectMapper json;

    StoredImages(ImageStore images, ObjectMapper json) {
        this.images = images;
        this.json = json;
    }

    /** Empty when the image is not stored (deleted meanwhile). */
    Optional<Judgeable> load(String digest) {
        Optional<byte[]> cdx = images.sbom(digest);
        Optional<String> facts = images.facts(digest);
        if (cdx.isEmpty() || facts.isEmpty()) {
            return Optional.empty();
        }
        try {
            ImageFactsDocument document = json.readValue(facts.get(), ImageFactsDocument.class);
            Sbom sbom = document.applyTo(new SbomReader().read(cdx.get(), "stored SBOM of " + digest));
            return Optional.of(new Judgeable(digest, sbom, document.context()));
        } catch (IOException e) {
            throw new UncheckedIOException("the stored facts of " + digest + " cannot be read", e);
        }
    }
}
