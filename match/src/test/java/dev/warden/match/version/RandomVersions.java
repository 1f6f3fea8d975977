package dev.warden.match.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded generators of versions per scheme, each a small grammar over the characters that make
 * that ecosystem's ordering tricky. Most output is valid; some is deliberately not, so that the
 * schemes' notion of validity is tested against the reference too.
 */
final class RandomVersions {

    /** Two versions to compare. */
    record Pair(String a, String b) {}

    private RandomVersions() {}

    /** {@code count} pairs: most share a prefix of draws, the rest are independent. */
    static List<Pair> pairs(long seed, int count, Function<Choices, String> grammar) {
        Random random = new Random(seed);
        List<Pair> pairs = new ArrayList<>(count);
        while (pairs.size() < count) {
            Choices first = new Choices(random);
            String a = grammar.apply(first);
            Choices second = random.nextInt(5) == 0 ? new Choices(random) : first.replaying(random.nextInt(first.drawn() + 1));
            pairs.add(new Pair(a, grammar.apply(second)));
        }
        return pairs;
    }

    static String deb(Choices c) {
        StringBuilder v = new StringBuilder();
        boolean revision = c.chance(60);
        if (c.chance(25)) {
            v.append(c.pick("0", "1", "2", "10")).append(':');
        }
        v.append(c.number());
        int parts = c.nextInt(6);
        for (int i = 0; i < parts; i++) {
            v.append(c.pick(".", ".", "~", "+", "", "~~", revision ? "-" : "."));
            v.append(c.chance(50) ? c.number() : c.pick("a", "b", "Z", "rc", "beta", "dfsg", "git", "ds", "A", "~", "+", "."));
        }
        if (revision) {
            v.append('-').append(c.pick("1", "0", "2", "10", "0ubuntu1", "1+b1", "1~bpo12+1", "1+deb12u1", "a", "1.1", "1~", "1+"));
        }
        return v.toString();
    }

    static String rpm(Choices c) {
        StringBuilder v = new StringBuilder();
        if (c.chance(20)) {
            v.append(c.pick("0", "1", "2")).append(':');
        }
        v.append(c.number());
        int parts = c.nextInt(6);
        for (int i = 0; i < parts; i++) {
            v.append(c.pick(".", ".", "~", "^", "", "_", "+", ".."));
            v.append(c.chance(50) ? c.number() : c.pick("a", "b", "Z", "rc", "beta", "git", "el", "fc", "~", "^"));
        }
        if (c.chance(60)) {
            v.append('-').append(c.pick("1", "0", "2", "10", "1.el9", "3.fc40", "1~rc1", "1^post", "a"));
        }
        return v.toString();
    }

    static String maven(Choices c) {
        StringBuilder v = new StringBuilder(c.number());
        int parts = c.nextInt(6);
        for (int i = 0; i < parts; i++) {
            v.append(c.pick(".", ".", "-", "-", "", "_"));
            v.append(c.chance(50) ? c.number() : c.pick("alpha", "a", "beta", "b", "milestone", "m", "rc", "cr",
                    "SNAPSHOT", "snapshot", "ga", "final", "release", "sp", "foo", "RC", "Final", "GA", "M", "jre", "android"));
        }
        return v.toString();
    }

    static String pypi(Choices c) {
        StringBuilder v = new StringBuilder();
        if (c.chance(5)) {
            v.append(c.pick(" ", "v", "V", "\u00a0"));
        }
        if (c.chance(15)) {
            v.append(c.pick("0", "1", "2")).append('!');
        }
        v.append(c.number());
        int release = c.nextInt(4);
        for (int i = 0; i < release; i++) {
            v.append('.').append(c.number());
        }
        if (c.chance(40)) {
            v.append(c.pick("", ".", "-", "_")).append(c.pick("a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "RC", "A"));
            if (c.chance(70)) {
                v.append(c.pick("", ".", "-", "_")).append(c.number());
            }
        }
        if (c.chance(30)) {
            v.append(c.chance(30) ? "-" + c.number() : c.pick("", ".", "-", "_") + c.pick("post", "rev", "r", "POST") + c.pick("", "0", "1", "12"));
        }
        if (c.chance(30)) {
            v.append(c.pick("", ".", "-", "_")).append(c.pick("dev", "DEV")).append(c.pick("", "0", "1", "12"));
        }
        if (c.chance(25)) {
            v.append('+').append(c.pick("abc", "0", "1", "ubuntu", "1.abc", "abc.1", "a-b", "a_1", "ABC", "1.1.0", "12"));
        }
        if (c.chance(5)) {
            v.append(c.pick(" ", "+", ".", "..", "-", "junk", "#"));
        }
        return v.toString();
    }

    static String npm(Choices c) {
        StringBuilder v = new StringBuilder();
        if (c.chance(6)) {
            v.append(c.pick("v", " ", "=", "V"));
        }
        v.append(c.semverNumber()).append('.').append(c.semverNumber()).append('.').append(c.semverNumber());
        if (c.chance(3)) {
            v.append('.').append(c.semverNumber());
        }
        if (c.chance(50)) {
            v.append('-');
            int ids = 1 + c.nextInt(3);
            for (int i = 0; i < ids; i++) {
                v.append(i == 0 ? "" : ".").append(c.chance(40) ? c.semverNumber()
                        : c.pick("alpha", "Alpha", "beta", "rc", "x-y", "-", "a1", "1a", "0a", "foo", "Foo", "-1"));
            }
        }
        if (c.chance(25)) {
            v.append('+').append(c.pick("build", "001", "b.1", "sha-abc", "X"));
        }
        if (c.chance(3)) {
            v.append(c.pick(" ", ".", "-", "+", "_"));
        }
        return v.toString();
    }

    static String gem(Choices c) {
        StringBuilder v = new StringBuilder();
        if (c.chance(5)) {
            v.append(c.pick(" ", "  "));
        }
        v.append(c.number());
        int parts = c.nextInt(6);
        for (int i = 0; i < parts; i++) {
            v.append(c.pick(".", ".", ".", "-", ""));
            v.append(c.chance(55) ? c.number() : c.pick("a", "b", "pre", "rc", "A", "beta", "alpha", "z", "a1", "rc2"));
        }
        if (c.chance(5)) {
            v.append(c.pick(" ", "..", "-", "_", "+", "."));
        }
        return v.toString();
    }

    static String composer(Choices c) {
        StringBuilder v = new StringBuilder();
        if (c.chance(10)) {
            v.append(c.pick("v", "V"));
        }
        v.append(c.smallNumber());
        int parts = c.nextInt(4);
        for (int i = 0; i < parts; i++) {
            v.append('.').append(c.smallNumber());
        }
        if (c.chance(50)) {
            v.append(c.pick("-", "", ".", "_", "-"));
            v.append(c.pick("dev", "alpha", "a", "beta", "b", "RC", "rc", "patch", "p", "pl", "stable", "Alpha", "BETA"));
            if (c.chance(60)) {
                v.append(c.pick("", ".", "-")).append(c.smallNumber());
            }
        }
        if (c.chance(5)) {
            v.append(c.pick("-dev", "+build", ".x-dev", " ", "-foo"));
        }
        return v.toString();
    }

    static String golang(Choices c) {
        StringBuilder v = new StringBuilder("v");
        v.append(c.semverNumber());
        int shorthand = c.nextInt(10);
        if (shorthand == 0) {
            return v.toString();
        }
        v.append('.').append(c.semverNumber());
        if (shorthand == 1) {
            return v.toString();
        }
        v.append('.').append(c.semverNumber());
        if (c.chance(40)) {
            v.append(c.pick("-0.20191109021931-daa7c04131f5", "-0.20200101000000-aaaaaaaaaaaa", "-pre.0.20191109021931-daa7c04131f5",
                    "-alpha", "-alpha.1", "-beta.2", "-rc.1", "-rc.10", "-0", "-1", "-x.7.z.92", "-01", "-Alpha", "-"));
        }
        if (c.chance(15)) {
            v.append(c.pick("+incompatible", "+meta", "+build.1", "+"));
        }
        return v.toString();
    }
}
