package dev.warden.pipeline;

import dev.warden.core.ImageInfo;
import dev.warden.core.ImageInfo.LayerInfo;
import dev.warden.core.WardenException;
import dev.warden.core.finding.ScanResult;
import dev.warden.image.ImageSource;
import dev.warden.image.ImageSources;
import dev.warden.image.Provenance;
import dev.warden.image.SourceOptions;
import dev.warden.image.SourceRef;
import dev.warden.image.registry.RegistryReference;
import dev.warden.image.registry.RegistryTags;
import dev.warden.image.registry.RetryPolicy;
import dev.warden.policy.BaseImage;
import dev.warden.policy.BaseTagState;
import dev.warden.policy.PolicyEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds an image's base image and asks its registry where the base's tag points now, for the commands that judge
 * policies. The base comes, in this order, from the image's OCI annotations ({@code org.opencontainers.image.base.name}
 * / {@code .base.digest}, or config labels of those names), from a SLSA provenance attestation's image materials,
 * else from matching the image's leading layers against the
 * candidates the user names. One instance serves one command run: candidates read once are remembered.
 */
public final class BaseImages {
    /** Each candidate costs a manifest and a config read (a registry round trip or two); a longer list is a mistake. */
    static final int MAX_CANDIDATES = 64;
    /**
     * Asking where a tag points is worth one retry, not the 15 s a pull rides out: when the registry does not answer
     * the policy has no data, which is a verdict too.
     */
    static final RetryPolicy LOOKUP_RETRY = new RetryPolicy(2, Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final ImageAccess access;
    private final boolean offline;
    private final PrintWriter err;
    private final Map<String, Optional<List<String>>> candidateLayers = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();
    private final Map<String, BaseTagState> tags = new HashMap<>();
    private SourceOptions options;

    /** {@code err} gets one warning per candidate that cannot be read; {@code offline}: never ask a registry. */
    BaseImages(ImageAccess access, boolean offline, PrintWriter err) {
        this.access = access;
        this.offline = offline;
        this.err = err;
    }

    /** The policy engine's context for {@code scan}: the detected base and what its tag points to now. */
    public PolicyEngine.Context context(ScanResult scan, List<String> candidates) {
        Optional<BaseImage> base = detect(scan.sbom().image(), candidates);
        return new PolicyEngine.Context(base.orElse(null),
                base.map(this::currentTag).orElse(BaseTagState.unavailable("no base image known")));
    }

    /**
     * The base image: annotations first, then provenance, then the candidate whose layers (by diff_id, every one of
     * them) are the longest prefix of the image's layers.
     */
    public Optional<BaseImage> detect(ImageInfo image, List<String> candidates) {
        Optional<BaseImage> annotated = BaseImage.fromAnnotations(image);
        if (annotated.isPresent() || image == null) {
            return annotated;
        }
        Optional<BaseImage> provenance = fromProvenance(image);
        if (provenance.isPresent() || image.layers().isEmpty() || candidates.isEmpty()) {
            return provenance;
        }
        if (candidates.size() > MAX_CANDIDATES) {
            throw new WardenException(candidates.size() + " --base-image candidates: at most " + MAX_CANDIDATES);
        }
        List<String> imageLayers = image.layers().stream().map(LayerInfo::diffId).toList();
        List<String> usable = new ArrayList<>();
        List<List<String>> layers = new ArrayList<>();
        for (String candidate : candidates) {
            read(candidate).ifPresent(l -> {
                usable.add(candidate);
                layers.add(l);
            });
        }
        int best = BaseImage.longestLayerPrefix(imageLayers, layers);
        if (best < 0) {
            return Optional.empty();
        }
        String chosen = usable.get(best);
        int n = layers.get(best).size();
        return Optional.of(new BaseImage(name(chosen), digests.get(chosen), BaseImage.Method.LAYER_MATCH,
                "--base-image " + chosen + ": its layers are the first " + n + " of the image's " + imageLayers.size() + " layers"));
    }

    /**
     * The image a SLSA provenance attestation says the build started from: its image materials ({@code pkg:docker/...},
     * {@code docker-image://...}) without the Dockerfile frontend; with several (multi-stage builds), the last one, as
     * BuildKit lists the final stage's base last. The statement is read only now, from the source reopened, at most
     * {@link dev.warden.image.AttestationFinder#MAX_STATEMENT_BYTES}; a statement that cannot be read is one warning.
     */
    private Optional<BaseImage> fromProvenance(ImageInfo image) {
        List<ImageInfo.Attestation> provenance = image.attestations().stream()
                .filter(a -> a.predicateType().startsWith("https://slsa.dev/provenance/")).toList();
        if (provenance.isEmpty()) {
            return Optional.empty();
        }
        try (ImageSource source = ImageSources.open(image.reference(), options())) {
            for (ImageInfo.Attestation a : provenance) {
                Optional<byte[]> statement = source.readAttestation(a);
                if (statement.isEmpty()) {
                    continue;
                }
                List<Provenance.Material> images = Provenance.images(statement.get(), image.reference() + ": attestation " + a.digest());
                if (!images.isEmpty()) {
                    Provenance.Material m = images.getLast();
                    return Optional.of(new BaseImage(m.name(), m.digest(), BaseImage.Method.PROVENANCE, a.predicateType() + " attestation "
                            + a.digest() + " (" + a.foundBy() + "): " + (images.size() == 1 ? "its only image material"
                            : "the last of its " + images.size() + " image materials")));
                }
            }
        } catch (IOException | UncheckedIOException | WardenException e) {
            err.println("warden: warning: the provenance attestation of " + image.reference() + " cannot be read, skipped: " + e.getMessage());
            err.flush();
        }
        return Optional.empty();
    }

    /** A candidate's diff_ids, read from its manifest and config only (no layer is downloaded); empty after a warning. */
    private Optional<List<String>> read(String candidate) {
        return candidateLayers.computeIfAbsent(candidate, c -> {
            try (ImageSource source = ImageSources.open(c, options())) {
                ImageInfo info = source.info();
                digests.put(c, info.manifestDigest());
                return Optional.of(info.layers().stream().map(LayerInfo::diffId).toList());
            } catch (IOException | UncheckedIOException | WardenException e) {
                err.println("warden: warning: --base-image " + c + " cannot be read, skipped: " + e.getMessage());
                err.flush();
                return Optional.empty();
            }
        });
    }

    /**
     * Where the base's tag points now in its registry; unavailable (with the reason) when offline, when the base is
     * not a registry image or has no tag, or when the registry does not answer.
     */
    public BaseTagState currentTag(BaseImage base) {
        if (offline) {
            return BaseTagState.unavailable("--offline: the registry was not asked");
        }
        Optional<RegistryReference> ref = registryReference(base.name());
        if (ref.isEmpty()) {
            return BaseTagState.unavailable(base.name() + " is not in a registry");
        }
        if (ref.get().tag() == null) {
            return BaseTagState.unavailable(base.name() + " is named by digest only: no tag to follow");
        }
        String tag = ref.get().registry() + "/" + ref.get().repository() + ":" + ref.get().tag();
        return tags.computeIfAbsent(tag, t -> {
            try {
                return BaseTagState.resolved(t, RegistryTags.resolve(ref.get(), options(), LOOKUP_RETRY).digests());
            } catch (IOException | UncheckedIOException | WardenException e) {
                return BaseTagState.unavailable("asking its registry failed: " + e.getMessage());
            }
        });
    }

    private SourceOptions options() {
        if (options == null) {
            options = access.options(false);
        }
        return options;
    }

    /** A registry candidate is named by its reference without the digest (the digest is reported on its own). */
    private static String name(String candidate) {
        return registryReference(candidate)
                .map(r -> r.registry() + "/" + r.repository() + (r.tag() != null ? ":" + r.tag() : ""))
                .orElse(candidate);
    }

    /**
     * The registry reference a SOURCE or annotation value names: a registry source's, none for other sources, and
     * for anything else Docker's short form ({@code debian:12}), which annotations and provenance may use.
     */
    static Optional<RegistryReference> registryReference(String text) {
        try {
            return SourceRef.parseWithoutFiles(text) instanceof SourceRef.Registry registry ? Optional.of(registry.reference()) : Optional.empty();
        } catch (WardenException notASource) {
            if (text == null || text.contains("://")) {
                return Optional.empty();
            }
            try {
                return Optional.of(RegistryReference.parse(text));
            } catch (WardenException e) {
                return Optional.empty();
            }
        }
    }
}
