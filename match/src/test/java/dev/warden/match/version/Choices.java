package dev.warden.match.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random draws a grammar makes. A second version drawn with {@link #replaying} repeats the first
 * {@code n} draws of another and then goes its own way, so pairs share a prefix and differ in one
 * place: where ordering bugs live.
 */
final class Choices {

    private final Random random;
    private final List<Integer> draws = new ArrayList<>();
    private final List<Integer> replay;
    private final int replayCount;

    Choices(Random random) {
        this(random, List.of(), 0);
    }

    private Choices(Random random, List<Integer> replay, int replayCount) {
        this.random = random;
        this.replay = replay;
        this.replayCount = replayCount;
    }

    /** New choices that replay the first {@code count} draws of these. */
    Choices replaying(int count) {
        return new Choices(random, List.copyOf(draws), Math.min(count, draws.size()));
    }

    int drawn() {
        return draws.size();
    }

    int nextInt(int bound) {
        int i = draws.size();
        int v = i < replayCount && replay.get(i) < bound ? replay.get(i) : random.nextInt(bound);
        draws.add(v);
        return v;
    }

    boolean chance(int percent) {
        return nextInt(100) < percent;
    }

    String pick(String... options) {
        return options[nextInt(options.length)];
    }

    /** Digits with the leading zeros, big numbers and nines that trip comparisons. */
    String number() {
        return pick("0", "1", "2", "9", "10", "11", "01", "00", "010", "99", "100", "123", "007",
                "4294967296", "18446744073709551617");
    }

    /** Numbers as real releases use them: small, no leading zeros. */
    String smallNumber() {
        return pick("0", "1", "2", "9", "10", "11", "99", "100", "123", "2024");
    }

    /** SemVer numbers: mostly valid, around the 2^53 limit of JavaScript, rarely a leading zero. */
    String semverNumber() {
        if (chance(4)) {
            return pick("01", "9007199254740992", "18446744073709551617");
        }
        return pick("0", "1", "2", "9", "10", "11", "99", "100", "123", "9007199254740991");
    }
}
