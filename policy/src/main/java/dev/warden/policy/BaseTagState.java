package dev.warden.policy;

import java.util.List;

/**
 * What the base image's tag points to now in its registry, or why that is not known (offline, registry not
 * reachable, the base is not in a registry). A tag of a multi-platform image names an index and, through it, one
 * manifest per platform: both digests are kept, since an image may record either as its base digest.
 *
 * @param reference   the tag asked for ({@code host/repo:tag}), null when not asked
 * @param digests     the digests the tag resolves to now (index first, then the platform's manifest); empty when unknown
 * @param unavailable why the digests are unknown; null when they are known
 */
public record BaseTagState(String reference, List<String> digests, String unavailable) {
    public BaseTagState {
        digests = List.copyOf(digests);
    }

    public static BaseTagState unavailable(String reason) {
        return new BaseTagState(null, List.of(), reason);
    }

    public static BaseTagState resolved(String reference, List<String> digests) {
        return new BaseTagState(reference, digests, null);
    }

    public boolean known() {
        return unavailable == null && !digests.isEmpty();
    }
}
