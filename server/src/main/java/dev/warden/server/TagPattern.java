package dev.warden.server;

import dev.warden.core.SafeText;
import dev.warden.core.WardenException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.regex.PatternSyntaxException;

/**
 * Which tags of a watched repository a run takes: a glob as the JDK's file systems read one ({@code *} any run of
 * characters, {@code ?} one, {@code [abc]} and {@code [a-z]} a set, {@code {a,b}} either), matched against the whole
 * tag. A tag never holds '/', so the glob's path rules never come into play.
 */
public final class TagPattern {
    /** A pattern is a few characters; this bounds the regular expression the JDK makes of it. */
    static final int MAX_CHARS = 128;

    private final String glob;
    private final PathMatcher matcher;

    private TagPattern(String glob, PathMatcher matcher) {
        this.glob = glob;
        this.matcher = matcher;
    }

    public static TagPattern parse(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new WardenException("tagPattern: a glob is needed, e.g. '*' or 'v1.*' or '{latest,stable}'");
        }
        if (glob.length() > MAX_CHARS) {
            throw new WardenException("tagPattern: longer than " + MAX_CHARS + " characters");
        }
        if (glob.indexOf('/') >= 0 || glob.indexOf('\\') >= 0 || glob.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new WardenException("tagPattern '" + SafeText.quote(glob) + "': tags hold no '/', '\\', spaces or control characters");
        }
        try {
            return new TagPattern(glob, FileSystems.getDefault().getPathMatcher("glob:" + glob));
        } catch (IllegalArgumentException e) {
            throw new WardenException("tagPattern '" + SafeText.quote(glob) + "' is not a valid glob: "
                    + SafeText.quote(e instanceof PatternSyntaxException p ? p.getDescription() : e.getMessage()));
        }
    }

    public boolean matches(String tag) {
        if (tag.isEmpty() || tag.indexOf('/') >= 0 || tag.indexOf('\0') >= 0) {
            return false; // not a tag OCI allows; Path.of would refuse it anyway
        }
        return matcher.matches(Path.of(tag));
    }

    public String glob() {
        return glob;
    }

    @Override
    public String toString() {
        return glob;
    }
}
