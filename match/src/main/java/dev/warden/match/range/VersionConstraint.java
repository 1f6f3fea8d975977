package dev.warden.match.range;

import dev.warden.core.VersionScheme;
import dev.warden.core.WardenException;
import java.util.ArrayList;
import java.util.List;

/**
 * One comparison such as {@code <= 1.2.3}; a list of them (all must hold) is GitHub's range syntax,
 * used by GHSA's {@code vulnerable_version_range} and {@code last_known_affected_version_range}
 * ({@code "<= 1.2.3"}, {@code ">= 1.0, < 2.0"}, {@code "= 1.2.3"}).
 */
public record VersionConstraint(Operator operator, String version) {

    /** Longest range text accepted; real GHSA ranges are a few dozen characters. */
    static final int MAX_TEXT = 512;

    public enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** True when {@code candidate} satisfies this comparison under {@code scheme}. */
    public boolean test(VersionScheme scheme, String candidate) {
        int c = scheme.compare(candidate, version);
        return switch (operator) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case EQ -> c == 0;
        };
    }

    /** True when {@code candidate} satisfies every constraint. */
    public static boolean all(List<VersionConstraint> constraints, VersionScheme scheme, String candidate) {
        return constraints.stream().allMatch(c -> c.test(scheme, candidate));
    }

    /**
     * Parses GitHub's range syntax: comma-separated {@code OP VERSION} terms, OP one of
     * {@code < <= > >= =}; a bare version means {@code =}.
     *
     * @throws WardenException naming the text when it is not that syntax
     */
    public static List<VersionConstraint> parseGithubRange(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new WardenException("bad version range '" + (text == null ? "" : text.substring(0, Math.min(text.length(), 80)))
                    + "': empty or longer than " + MAX_TEXT + " characters");
        }
        List<VersionConstraint> out = new ArrayList<>();
        for (String term : text.split(",", -1)) {
            String t = term.strip();
            Operator op = Operator.EQ;
            for (Operator candidate : List.of(Operator.LE, Operator.GE, Operator.LT, Operator.GT, Operator.EQ)) {
                if (t.startsWith(candidate.symbol())) {
                    op = candidate;
                    t = t.substring(candidate.symbol().length()).strip();
                    break;
                }
            }
            if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace) || "<>=".indexOf(t.charAt(0)) >= 0) {
                throw new WardenException("bad version range '" + text + "': term '" + term.strip() + "' is not OP VERSION");
            }
            out.add(new VersionConstraint(op, t));
        }
        return List.copyOf(out);
    }
}
