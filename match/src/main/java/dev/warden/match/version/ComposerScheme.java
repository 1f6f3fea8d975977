package dev.warden.match.version;

import io.github.nscuro.versatile.spi.Version;
import io.github.nscuro.versatile.version.KnownVersioningSchemes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Composer's ordering: versatile-core's Composer scheme, corrected where the test against Debian's
 * composer/semver found it wrong. versatile equates a stability flag without a number with the same
 * flag numbered 0 ({@code 1.0-alpha} = {@code 1.0-alpha0}); Composer, comparing normalised versions
 * with PHP's {@code version_compare}, puts the numberless flag first. versatile also accepts branch
 * versions with four numbers before {@code .x-dev}, which Composer's parser rejects.
 */
final class ComposerScheme extends ParsedScheme<ComposerScheme.ComposerVersion> {

    /**
     * A trailing stability flag and its (optional) number, as Composer's VersionParser spells them;
     * {@code stable} is left out because Composer drops it, number and all.
     */
    private static final Pattern FLAG = Pattern.compile(
            "(beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?[0-9]+)*)(?:[.-]?dev)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOO_MANY_PARTS = Pattern.compile("v?[0-9]+(?:\\.[0-9]+){3,}\\.x-dev", Pattern.CASE_INSENSITIVE);

    /** The version as versatile reads it, and whether its stability flag (if any) has no number. */
    record ComposerVersion(Version version, boolean numberlessFlag) {}

    private final VersatileScheme versatile = new VersatileScheme("composer", KnownVersioningSchemes.SCHEME_COMPOSER);

    ComposerScheme() {
        super("composer");
    }

    @Override
    ComposerVersion parseChecked(String raw) {
        String version = raw.strip();
        if (TOO_MANY_PARTS.matcher(version).matches()) {
            throw invalid(raw, "a branch version has at most three numbers before .x-dev");
        }
        Version parsed = versatile.parse(raw);
        int build = version.indexOf('+');
        Matcher flag = FLAG.matcher(build < 0 ? version : version.substring(0, build));
        return new ComposerVersion(parsed, flag.find() && flag.group(2).isEmpty());
    }

    @Override
    int compareParsed(ComposerVersion a, ComposerVersion b) {
        int c = a.version().compareTo(b.version());
        if (c != 0 || a.numberlessFlag() == b.numberlessFlag()) {
            return c;
        }
        return a.numberlessFlag() ? -1 : 1;
    }
}
