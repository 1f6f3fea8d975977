package dev.warden.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which tags of a repository are newer releases of the same line as the tag in use: {@code 12.5} -> {@code 12.6},
 * {@code 13}; {@code 3.19-slim} -> {@code 3.20-slim} (the variant after the numbers must be the same). Tags that
 * are not numbers ({@code latest}, {@code bookworm}) have no newer tags; only a refresh of their digest.
 */
public final class TagVersions {
    /** An optional v, dotted numbers (each at most 9 digits so they fit an int), then the variant. */
    private static final Pattern VERSION_TAG = Pattern.compile("v?(\\d{1,9}(?:\\.\\d{1,9}){0,5})([-_.+].*)?");

    private TagVersions() {}

    /** @param numbers dotted numbers, {@code variant} what follows ("" when nothing) */
    record TagVersion(String tag, List<Integer> numbers, String variant) {}

    static Optional<TagVersion> parse(String tag) {
        Matcher m = VERSION_TAG.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            numbers.add(Integer.parseInt(part));
        }
        return Optional.of(new TagVersion(tag, List.copyOf(numbers), m.group(2) == null ? "" : m.group(2)));
    }

    /** Numbers compared one by one, a missing one counting as 0 ({@code 12} = {@code 12.0}). */
    static int compare(TagVersion a, TagVersion b) {
        int n = Math.max(a.numbers().size(), b.numbers().size());
        for (int i = 0; i < n; i++) {
            int x = i < a.numbers().size() ? a.numbers().get(i) : 0;
            int y = i < b.numbers().size() ? b.numbers().get(i) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    /**
     * Tags of {@code tags} newer than {@code current} in the same variant, newest first, at most {@code max}; a tag
     * that names the same version with more precision ({@code 12} vs {@code 12.0}) is not newer.
     */
    public static List<String> newer(String current, List<String> tags, int max) {
        Optional<TagVersion> base = parse(current);
        if (base.isEmpty()) {
            return List.of();
        }
        List<TagVersion> sorted = tags.stream().map(TagVersions::parse).flatMap(Optional::stream)
                .filter(t -> t.variant().equals(base.get().variant()) && compare(t, base.get()) > 0)
                .sorted(Comparator.comparing((TagVersion t) -> t, TagVersions::compare).reversed()
                        .thenComparing(t -> t.numbers().size(), Comparator.reverseOrder()))
                .toList();
        List<String> out = new ArrayList<>();
        TagVersion previous = null;
        for (TagVersion t : sorted) {
            // 13 and 13.0 usually name one image: scan the more precise tag only
            if ((previous == null || compare(t, previous) != 0) && out.size() < max) {
                out.add(t.tag());
            }
            previous = t;
        }
        return List.copyOf(out);
    }
}
