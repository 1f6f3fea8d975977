package dev.warden.catalog.lang;

import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed Ruby gems: {@code specifications/NAME-VERSION.gemspec} under any gem directory (also
 * {@code specifications/default/} for the gems Ruby ships). RubyGems writes these files itself
 * ({@code Gem::Specification#to_ruby}) as literal assignments, {@code s.name = "rake".freeze}; they are read as
 * text, never evaluated, and only literal strings are taken: a value computed by code is not trusted. Gems bundler
 * installed for a project ({@code PROJECT/vendor/bundle/ruby/VERSION/specifications/}, {@code bundle install} with
 * {@code BUNDLE_PATH=vendor/bundle} or {@code --deployment}) beside the project's {@code Gemfile.lock} (or
 * {@code gems.locked}) are that lock's: the lock speaks for them ({@link GemfileLockCataloger}), as an npm lock speaks
 * for its node_modules, so one gem is one package.
 */
public final class RubyGemCataloger extends FileParsingCataloger {
    /** The block variable: {@code Gem::Specification.new do |s|}. */
    private static final Pattern BLOCK = Pattern.compile("Gem::Specification\\.new\\s+do\\s*\\|\\s*(\\w+)\\s*\\|");

    /** One Ruby string literal: "double" (escapes), 'single', %q{...} / %q(...) / %q[...] / %q<...> (older RubyGems). */
    private static final Pattern LITERAL = Pattern.compile(
            "\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'|%q\\{([^}]*)}|%q\\(([^)]*)\\)|%q\\[([^\\]]*)]|%q<([^>]*)>");

    private static final Pattern LITERAL_FREEZE = Pattern.compile("(?:" + LITERAL.pattern() + ")(?:\\.freeze)?");

    /** A gemspec bundler installed under a project's {@code vendor/bundle}; group 1 is the project's folder. */
    private static final Pattern BUNDLED = Pattern.compile("(.*)/vendor/bundle/ruby/[^/]+/specifications/[^/]+\\.gemspec");

    /** The lock files bundler writes beside the Gemfile (gems.rb's is gems.locked). */
    private static final List<String> LOCKS = List.of("Gemfile.lock", "gems.locked");

    private static final List<String> FIELDS = List.of("name", "version", "platform", "license", "licenses");

    @Override
    public String name() {
        return "ruby-gem";
    }

    @Override
    boolean wants(FileEntry entry) {
        return entry.path().endsWith(".gemspec") && entry.path().contains("/specifications/");
    }

    @Override
    boolean keep(FileEntry entry, FileSystemView files) {
        Matcher bundled = BUNDLED.matcher(entry.path());
        if (!bundled.matches()) {
            return true;
        }
        String project = bundled.group(1);
        return LOCKS.stream().noneMatch(lock -> files.entry(project + "/" + lock).map(FileEntry::isFile).orElse(false));
    }

    @Override
    void parse(FileEntry entry, InputStream content, Found found) throws IOException {
        String text = new String(Bounded.readAll(content, LangLimits.MAX_METADATA_BYTES, entry.path()), StandardCharsets.UTF_8);
        Matcher block = BLOCK.matcher(text);
        String variable = block.find() ? block.group(1) : "s";
        Pattern assignment = Pattern.compile("^\\s*" + variable + "\\.(" + String.join("|", FIELDS) + ")\\s*=\\s*(.+)$",
                Pattern.MULTILINE);
        Map<String, List<String>> values = new HashMap<>();
        Matcher m = assignment.matcher(text);
        while (m.find()) {
            values.putIfAbsent(m.group(1), literals(m.group(2)));
        }
        String name = first(values.get("name"));
        String version = first(values.get("version"));
        if (name == null || version == null) {
            throw new WardenException(entry.path() + ": gemspec without a literal name or version, skipped");
        }
        List<String> licenses = new ArrayList<>();
        for (String field : List.of("licenses", "license")) {
            for (String l : values.getOrDefault(field, List.of())) {
                found.licenses().of(l).stream().filter(id -> !licenses.contains(id)).forEach(licenses::add);
            }
        }
        String platform = first(values.get("platform"));
        Map<String, String> properties = platform == null || platform.equals("ruby") ? Map.of() : Map.of(PackageProperties.GEM_PLATFORM, platform);
        found.add(new LangPackages.Coordinates("gem", null, name, version), licenses, properties);
    }

    /**
     * The string literals on the right of one assignment, in order (one for a name, several for a licence list);
     * empty when the value is anything but literals, {@code .freeze} and array brackets ({@code File.read("x")}).
     */
    static List<String> literals(String rhs) {
        List<String> out = new ArrayList<>();
        if (!LITERAL_FREEZE.matcher(rhs).replaceAll("").matches("[\\s\\[\\],]*")) {
            return out;
        }
        Matcher m = LITERAL.matcher(rhs);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    out.add(g <= 2 ? m.group(g).replaceAll("\\\\(.)", "$1") : m.group(g));
                    break;
                }
            }
        }
        return out;
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst().strip();
    }
}
