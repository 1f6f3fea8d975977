package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bundler's {@code Gemfile.lock} (and {@code gems.locked}): the gems under each source's {@code specs:} ({@code GEM},
 * {@code GIT}, {@code PATH}), written {@code name (version)} at four spaces, a platform after the version
 * ({@code 1.15.4-x86_64-linux}) left out of it. Gems the {@code DEPENDENCIES} section names are direct; the others are
 * indirect. Bundler itself ({@code BUNDLED WITH}) is not a gem of the project's.
 */
public final class GemfileLockCataloger extends FileParsingCataloger {
    private static final Pattern SPEC = Pattern.compile(" {4}([^\\s(]+) \\(([^)]+)\\)");
    private static final Pattern DEPENDENCY = Pattern.compile(" {2}([^\\s(!]+)!?(?: \\(.*\\))?");
    /** Platforms bundler appends to a version: an architecture or OS word after the first '-'. */
    private static final Pattern PLATFORM = Pattern.compile("-(?:x86|x64|arm|aarch|universal|java|mswin|mingw|darwin|linux|jruby|i386|i686|ppc|s390|sparc|wasm)[^ ]*$");

    @Override
    public String name() {
        return "ruby-gemfile-lock";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.name().equals("Gemfile.lock") || entry.name().equals("gems.locked");
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        String text = Declared.text(content, entry.path());
        Map<String, String> specs = new LinkedHashMap<>();
        Set<String> direct = new HashSet<>();
        String section = null;
        boolean inSpecs = false;
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                section = line.strip();
                inSpecs = false;
                continue;
            }
            if (line.equals("  specs:")) {
                inSpecs = true;
                continue;
            }
            Matcher spec = SPEC.matcher(line);
            if (inSpecs && spec.matches()) {
                specs.putIfAbsent(spec.group(1), PLATFORM.matcher(spec.group(2)).replaceFirst(""));
            }
            Matcher dependency = DEPENDENCY.matcher(line);
            if ("DEPENDENCIES".equals(section) && dependency.matches()) {
                direct.add(dependency.group(1));
            }
        }
        if (specs.isEmpty() && !text.contains("specs:")) {
            throw new WardenException(entry.path() + ": no specs: section, not a Gemfile.lock, skipped");
        }
        specs.forEach((name, version) -> found.add(new LangPackages.Coordinates("gem", null, name, version), List.of(),
                Declared.of(direct.isEmpty() ? null : direct.contains(name) ? Declared.DIRECT : Declared.INDIRECT, null, false)));
    }
}
