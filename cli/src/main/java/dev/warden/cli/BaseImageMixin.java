package dev.warden.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --base-image REF} (repeatable): candidate base images, for every command that judges the base image. */
final class BaseImageMixin {
    @Option(names = "--base-image", paramLabel = "REF",
            description = "A candidate base image (any SOURCE: registry://HOST/REPO:TAG[@DIGEST], oci-dir://, archive://). "
                    + "Repeatable; when the image's annotations name no base, the candidate whose layers are the longest "
                    + "leading run of the image's layers is its base.")
    List<String> candidates = new ArrayList<>();

    List<String> candidates() {
        return List.copyOf(candidates);
    }

    /** The command line's candidates first (they win a tie), then the policy file's {@code base_images}. */
    List<String> candidates(PolicyFileMixin policies) {
        List<String> all = new ArrayList<>(candidates);
        policies.baseImages().stream().filter(ref -> !all.contains(ref)).forEach(all::add);
        return List.copyOf(all);
    }
}
