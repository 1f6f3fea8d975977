package dev.warden.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Image materials of SLSA provenance shaped like BuildKit's (moby/buildkit docs/attestations/slsa-definitions.md:
 * {@code pkg:docker/alpine@3.17?platform=linux%2Famd64} with {@code digest.sha256}; the frontend named by
 * {@code args.source}), and other builders' {@code docker-image://} URIs.
 */
class ProvenanceTest {
    static final String A = "8914eb54f968791faf6a8638949e480fef81e697984fba772b3976835194c6d4";
    static final String B = "4b220de5058abfd01ff619c9d2ff6b09a049bea04b220de5058abfd01ff619c9";

    private static Provenance.Material only(String json) {
        var images = Provenance.images(json.getBytes(StandardCharsets.UTF_8), "test");
        assertThat(images).hasSize(1);
        return images.getFirst();
    }

    @Test
    void slsaV1ResolvedDependenciesWithoutTheGatewayFrontend() {
        var m = only("""
                {"predicateType": "https://slsa.dev/provenance/v1", "predicate": {"buildDefinition": {
                  "externalParameters": {"request": {"frontend": "gateway.v0", "args": {"source": "docker/dockerfile-upstream:master"}}},
                  "resolvedDependencies": [
                    {"uri": "pkg:docker/docker/dockerfile-upstream@master?platform=linux%%2Famd64", "digest": {"sha256": "%s"}},
                    {"uri": "pkg:docker/alpine@3.17?platform=linux%%2Famd64", "digest": {"sha256": "%s"}},
                    {"uri": "https://github.com/moby/buildkit.git#refs/tags/v0.11.0", "digest": {"sha1": "4b220de5058abfd01ff619c9d2ff6b09a049bea0"}}
                  ]}}}""".formatted(B, A));
        assertThat(m).isEqualTo(new Provenance.Material("docker.io/library/alpine:3.17", "sha256:" + A));
    }

    @Test
    void slsaV02MaterialsOtherRegistryAndCustomFrontend() {
        var m = only("""
                {"predicate": {"invocation": {"parameters": {"args": {"source": "ghcr.io/acme/frontend:2"}}},
                  "materials": [
                    {"uri": "pkg:docker/acme/frontend@2?repository_url=ghcr.io", "digest": {"sha256": "%s"}},
                    {"uri": "pkg:docker/team/base@1.0?repository_url=registry.example.com%%3A5000&platform=linux%%2Famd64", "digest": {"sha256": "%s"}}
                  ]}}""".formatted(B, A));
        assertThat(m).isEqualTo(new Provenance.Material("registry.example.com:5000/team/base:1.0", "sha256:" + A));
    }

    @Test
    void dockerImageUriCarriesItsDigest() {
        var m = only("""
                {"predicate": {"materials": [{"uri": "docker-image://gcr.io/distroless/static@sha256:%s"}]}}""".formatted(A));
        assertThat(m).isEqualTo(new Provenance.Material("gcr.io/distroless/static", "sha256:" + A));
    }

    @Test
    void shortNamesAreReadLikeDocker() {
        assertThat(Provenance.repository("debian:12")).isEqualTo("docker.io/library/debian");
        assertThat(Provenance.repository("docker/dockerfile:1@sha256:" + A)).isEqualTo("docker.io/docker/dockerfile");
        assertThat(Provenance.repository("localhost:5000/x/y:1")).isEqualTo("localhost:5000/x/y");
        assertThat(Provenance.repository("127.0.0.1:5000/x")).isEqualTo("127.0.0.1:5000/x");
    }
}
