package dev.warden.server;

import java.util.Collection;
import java.util.List;

/**
 * Judges stored images again, now, with the active policy file and the VEX statements that apply, and stores the new
 * judgements: what a change of policy or VEX calls so that it applies at once to every stored image it touches, not
 * only at each image's next push.
 */
public interface Rejudging {
    /** The images re-judged, in the order given, each with its judgement before and after. */
    record Result(List<ImageStore.Rejudged> images) {
        public Result {
            images = List.copyOf(images);
        }

        /** How many images' verdict, grade or score moved. */
        public long changed() {
            return images.stream().filter(Result::moved).count();
        }

        static boolean moved(ImageStore.Rejudged r) {
            return r.before() == null || !r.before().verdict().equals(r.after().verdict()) || !r.before().grade().equals(r.after().grade())
                    || r.before().score() != r.after().score();
        }
    }

    /** {@code cause} is what the judgements record (a policy version, VEX statements). Images no longer stored are skipped. */
    Result rejudge(Collection<String> digests, Cause cause);
}
