package dev.warden.policy;

import dev.warden.core.ImageInfo;
import dev.warden.core.policy.PolicyStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Base image from annotations or labels, the layer-prefix rule, and the up-to-date verdict over a tag's digests. */
class BaseImageTest {

    @Test
    void longestPrefixWhereEveryCandidateLayerMatches() {
        List<String> image = List.of("sha256:a", "sha256:b", "sha256:c");
        assertEquals(1, BaseImage.longestLayerPrefix(image, List.of(List.of("sha256:a"), List.of("sha256:a", "sha256:b"))));
        // a candidate sharing only its first layer is another image built on the same root, not a base
        assertEquals(0, BaseImage.longestLayerPrefix(image, List.of(List.of("sha256:a"), List.of("sha256:a", "sha256:x"))));
        assertEquals(-1, BaseImage.longestLayerPrefix(image, List.of(List.of("sha256:b"), List.of())));
        assertEquals(-1, BaseImage.longestLayerPrefix(List.of("sha256:a"), List.of(List.of("sha256:a", "sha256:b"))));
        // the image itself (all layers) counts: a base that only changed the config
        assertEquals(0, BaseImage.longestLayerPrefix(image, List.of(image)));
        // a tie keeps the candidate named first
        assertEquals(0, BaseImage.longestLayerPrefix(image, List.of(List.of("sha256:a"), List.of("sha256:a"))));
    }

    @Test
    void annotationsThenConfigLabels() {
        var manifest = image(Map.of(BaseImage.NAME_ANNOTATION, "docker.io/library/debian:12", BaseImage.DIGEST_ANNOTATION, "sha256:aa"), Map.of());
        var fromManifest = BaseImage.fromAnnotations(manifest).orElseThrow();
        assertEquals(new BaseImage("docker.io/library/debian:12", "sha256:aa", BaseImage.Method.ANNOTATION,
                "manifest annotation " + BaseImage.NAME_ANNOTATION), fromManifest);
        var label = BaseImage.fromAnnotations(image(Map.of(), Map.of(BaseImage.NAME_ANNOTATION, "alpine:3.20"))).orElseThrow();
        assertEquals("alpine:3.20", label.name());
        assertEquals(null, label.digest());
        assertTrue(label.detail().startsWith("config label"));
        assertTrue(BaseImage.fromAnnotations(image(Map.of(BaseImage.NAME_ANNOTATION, " "), Map.of())).isEmpty());
    }

    @Test
    void upToDateAgainstTheTagsIndexOrPlatformDigest() {
        var base = new BaseImage("registry.example/base:1", "sha256:platform", BaseImage.Method.LAYER_MATCH, "x");
        var now = BaseTagState.resolved("registry.example/base:1", List.of("sha256:index", "sha256:platform"));
        assertEquals(PolicyStatus.COMPLIANT, ImagePolicies.upToDateBase(base, now).status());
        var moved = ImagePolicies.upToDateBase(base, BaseTagState.resolved("registry.example/base:1", List.of("sha256:new")));
        assertEquals(PolicyStatus.VIOLATED, moved.status());
        assertTrue(moved.violations().getFirst().reason().contains("sha256:platform"));
        assertTrue(moved.violations().getFirst().reason().contains("sha256:new"));
        var unreachable = ImagePolicies.upToDateBase(base, BaseTagState.unavailable("connection refused"));
        assertEquals(PolicyStatus.NO_DATA, unreachable.status());
        assertTrue(unreachable.missingData().contains("connection refused"));
        var noDigest = new BaseImage("registry.example/base:1", null, BaseImage.Method.ANNOTATION, "x");
        assertTrue(ImagePolicies.upToDateBase(noDigest, now).missingData().contains("no " + BaseImage.DIGEST_ANNOTATION));
        assertEquals(PolicyStatus.NO_DATA, ImagePolicies.upToDateBase(null, now).status());
    }

    private static ImageInfo image(Map<String, String> annotations, Map<String, String> labels) {
        var config = new ImageInfo.ImageConfig("", List.of(), List.of(), List.of(), "", labels, List.of(), "", List.of());
        return new ImageInfo("oci-dir:///tmp/x:latest", null, null, null, config, List.of(), annotations);
    }
}
