package dev.warden.core;

import java.util.List;
import java.util.Map;

/**
 * What an image says about itself: where it came from, its digest, platform, config and layers, and the
 * supply-chain attestations stored beside it. For a root filesystem or an SBOM most fields are empty.
 *
 * @param attestations      attestations found for this image's manifest (empty unless {@code attestationState} is
 *                          {@link AttestationState#SEARCHED})
 * @param attestationState  whether the source could carry attestations and whether they were read
 * @param repoDigests       {@code REPOSITORY@sha256:HEX} names a container engine gives the image (its
 *                          {@code RepoDigests}: the registry manifests it was pulled by or pushed as), as Syft and Trivy
 *                          report them; empty for every other source, whose manifest digest is the one read
 */
public record ImageInfo(
        String reference,
        String manifestDigest,
        String configDigest,
        Platform platform,
        ImageConfig config,
        List<LayerInfo> layers,
        Map<String, String> annotations,
        List<Attestation> attestations,
        AttestationState attestationState,
        List<String> repoDigests) {

    public ImageInfo {
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
        attestations = attestations == null ? List.of() : List.copyOf(attestations);
        attestationState = attestationState == null ? AttestationState.NOT_CARRIED : attestationState;
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    }

    /** An image read from where it is stored (no engine's repo digests). */
    public ImageInfo(String reference, String manifestDigest, String configDigest, Platform platform, ImageConfig config,
            List<LayerInfo> layers, Map<String, String> annotations, List<Attestation> attestations,
            AttestationState attestationState) {
        this(reference, manifestDigest, configDigest, platform, config, layers, annotations, attestations, attestationState,
                List.of());
    }

    /** An image whose source cannot carry attestations (a root filesystem, an SBOM, a docker-save archive). */
    public ImageInfo(String reference, String manifestDigest, String configDigest, Platform platform, ImageConfig config,
            List<LayerInfo> layers, Map<String, String> annotations) {
        this(reference, manifestDigest, configDigest, platform, config, layers, annotations, List.of(),
                AttestationState.NOT_CARRIED);
    }

    /** The same image with the attestations its source holds. */
    public ImageInfo withAttestations(List<Attestation> found, AttestationState state) {
        return new ImageInfo(reference, manifestDigest, configDigest, platform, config, layers, annotations, found, state,
                repoDigests);
    }

    /**
     * The same image as a container engine names it: {@code manifestDigest} the registry manifest digest its repo digest
     * gives (an engine's export carries no manifest of its own), {@code repoDigests} all of them.
     */
    public ImageInfo withRepoDigests(String registryManifestDigest, List<String> digests) {
        return new ImageInfo(reference, registryManifestDigest, configDigest, platform, config, layers, annotations,
                attestations, attestationState, digests);
    }

    /** The same image with {@code more} annotations (names its index or archive gives it); the image's own win. */
    public ImageInfo withAnnotations(Map<String, String> more) {
        Map<String, String> merged = new java.util.HashMap<>(more);
        merged.putAll(annotations);
        return new ImageInfo(reference, manifestDigest, configDigest, platform, config, layers, merged, attestations,
                attestationState, repoDigests);
    }

    /** The same image with other layers (entry counts filled in), attestations kept. */
    public ImageInfo withLayers(List<LayerInfo> counted) {
        return new ImageInfo(reference, manifestDigest, configDigest, platform, config, counted, annotations,
                attestations, attestationState, repoDigests);
    }

    /**
     * One in-toto attestation about the image.
     *
     * @param predicateType what it attests ({@code https://spdx.dev/Document}, {@code https://slsa.dev/provenance/v1}...)
     * @param digest        the blob holding the statement (an in-toto statement or a DSSE envelope around one)
     * @param mediaType     that blob's media type
     * @param foundBy       where it was found: {@code attestation-manifest} (BuildKit, in the image index),
     *                      {@code referrers} (OCI referrers API), {@code referrers-tag} (the sha256-HEX tag schema),
     *                      {@code layout-subject} (an OCI layout manifest whose subject is the image), or
     *                      {@code cosign} (the sha256-HEX.att tag)
     */
    public record Attestation(String predicateType, String digest, String mediaType, String foundBy) {}

    /** Whether attestations could be stored with the source, and whether Warden could read them. */
    public enum AttestationState {
        /** The source can carry attestations (a registry, an OCI layout) and they were looked for: the list is complete. */
        SEARCHED,
        /** The source cannot carry attestations: a root filesystem, an SBOM, a docker-save archive. */
        NOT_CARRIED,
        /** The source could carry them but reading them failed (a warning says why): their absence proves nothing. */
        UNREADABLE
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

    /**
     * The runtime part of the image config plus its history.
     *
     * @param healthcheck the {@code Healthcheck.Test} of Docker's config ({@code ["CMD-SHELL", "curl -f ..."]},
     *                    {@code ["NONE"]} when a Dockerfile turned an inherited one off); empty when the config declares
     *                    none (the OCI image spec has no such field, so OCI-only builders never write one)
     */
    public record ImageConfig(
            String user,
            List<String> env,
            List<String> entrypoint,
            List<String> cmd,
            String workingDir,
            Map<String, String> labels,
            List<String> exposedPorts,
            String created,
            List<HistoryEntry> history,
            List<String> healthcheck) {
        /** No config known: a root filesystem or an SBOM carries none. */
        public static final ImageConfig EMPTY = new ImageConfig("", List.of(), List.of(), List.of(), "", Map.of(), List.of(), "", List.of());

        public ImageConfig {
            env = List.copyOf(env);
            entrypoint = List.copyOf(entrypoint);
            cmd = List.copyOf(cmd);
            labels = Map.copyOf(labels);
            exposedPorts = List.copyOf(exposedPorts);
            history = List.copyOf(history);
            healthcheck = healthcheck == null ? List.of() : List.copyOf(healthcheck);
        }

        /** A config that declares no health check. */
        public ImageConfig(String user, List<String> env, List<String> entrypoint, List<String> cmd, String workingDir,
                Map<String, String> labels, List<String> exposedPorts, String created, List<HistoryEntry> history) {
            this(user, env, entrypoint, cmd, workingDir, labels, exposedPorts, created, history, List.of());
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
