package dev.warden.catalog.lang;

import dev.warden.catalog.CatalogContext;
import dev.warden.catalog.Cataloger;
import dev.warden.catalog.PackageSink;
import dev.warden.core.Location;
import dev.warden.core.Package;
import dev.warden.core.PackageProperties;
import dev.warden.core.WardenException;
import dev.warden.image.FileEntry;
import dev.warden.image.FileSystemView;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pinned Python requirements: {@code requirements*.txt} and {@code *requirements.txt} files, and {@code .txt} files in a
 * {@code requirements/} folder, as pip reads them (comments, {@code \} continuations, extras, environment markers,
 * {@code --hash} options). A line pins a package when it says {@code name==version} (or {@code ===}) without a
 * wildcard; any other requirement (a range, a URL, an editable folder) installs what the index has on the day, so it
 * is one warning for the file, never a package with a guessed version. {@code -r FILE} includes are read too, also
 * when their names are not requirements names, each to {@link LangLimits#MAX_REQUIREMENTS_INCLUDE_DEPTH} levels and
 * never outside the tree; {@code -c} constraint files pin nothing by themselves and are not read. Each package's
 * location is the file that names it.
 */
public final class PipRequirementsCataloger implements Cataloger {
    /** PEP 508 name, extras, then the version specifier; markers follow a ';'. */
    private static final Pattern REQUIREMENT = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[[^\\]]*\\])?\\s*(.*)");
    private static final Pattern PINNED = Pattern.compile("===?\\s*([A-Za-z0-9!+._-]+)");
    private static final Pattern INCLUDE = Pattern.compile("(?:-r|--requirement)(?:\\s*=\\s*|\\s+|(?=[^\\s=]))(\\S+)");

    @Override
    public String name() {
        return "python-requirements";
    }

    static boolean isRequirementsFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".txt") && (name.startsWith("requirements") || name.endsWith("requirements.txt")
                || path.contains("/requirements/"));
    }

    @Override
    public Session start(CatalogContext context) {
        return new RequirementsSession(context);
    }

    /** One requirements file as read: its pinned packages, its includes (resolved paths) and what it left out. */
    record Parsed(List<Pin> pins, List<String> includes, List<String> unpinned) {}

    /** A pinned requirement: the name as written and the exact version. */
    record Pin(String name, String version, String extras, String marker, boolean hashed) {}

    /** Parses one file's text; {@code path} resolves includes relative to its folder. */
    static Parsed parse(String text, String path) {
        List<Pin> pins = new ArrayList<>();
        List<String> includes = new ArrayList<>();
        List<String> unpinned = new ArrayList<>();
        for (String line : logicalLines(text)) {
            if (line.startsWith("-")) {
                Matcher include = INCLUDE.matcher(line);
                if (include.lookingAt()) {
                    includes.add(resolve(path, include.group(1)));
                } else if (line.startsWith("-e") || line.startsWith("--editable")) {
                    unpinned.add(line);
                }
                continue; // index URLs, -c constraints, --find-links, --no-binary: no package
            }
            boolean hashed = line.contains("--hash");
            int option = line.indexOf(" --");
            String requirement = option < 0 ? line : line.substring(0, option).strip();
            int semicolon = requirement.indexOf(';');
            String marker = semicolon < 0 ? null : requirement.substring(semicolon + 1).strip();
            String spec = semicolon < 0 ? requirement : requirement.substring(0, semicolon).strip();
            Matcher m = REQUIREMENT.matcher(spec);
            Matcher pin = m.matches() ? PINNED.matcher(m.group(3).strip()) : null;
            if (pins.size() + unpinned.size() >= LangLimits.MAX_LOCKFILE_PACKAGES) {
                throw new WardenException(path + ": more than " + LangLimits.MAX_LOCKFILE_PACKAGES + " requirements, skipped");
            }
            if (pin != null && pin.matches() && !m.group(3).contains("*")) {
                pins.add(new Pin(m.group(1), pin.group(1), m.group(2), marker, hashed));
            } else {
                unpinned.add(spec);
            }
        }
        return new Parsed(pins, includes, unpinned);
    }

    /** Lines with comments cut, continuations joined and blanks dropped, as pip's own reader does. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw;
            int hash = line.startsWith("#") ? 0 : line.indexOf(" #");
            if (hash < 0) {
                hash = line.indexOf("\t#");
            }
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String logical = current.toString().strip();
            current.setLength(0);
            if (!logical.isEmpty()) {
                lines.add(logical);
            }
        }
        if (!current.toString().isBlank()) {
            lines.add(current.toString().strip());
        }
        return lines;
    }

    /** The included file's path in the tree, or null when it is a URL or leaves the tree. */
    static String resolve(String from, String include) {
        if (include.contains("://")) {
            return null;
        }
        String dir = from.substring(0, from.lastIndexOf('/') + 1);
        String joined = include.startsWith("/") ? include : dir + include;
        List<String> parts = new ArrayList<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private final class RequirementsSession implements Session {
        private final CatalogContext context;
        private final Map<String, FileEntry> entries = new LinkedHashMap<>();
        private final Map<String, Parsed> parsed = new LinkedHashMap<>();

        RequirementsSession(CatalogContext context) {
            this.context = context;
        }

        @Override
        public boolean wants(FileEntry entry) {
            return entry.isFile() && isRequirementsFile(entry.path()) && !entry.path().contains("/site-packages/");
        }

        @Override
        public void accept(FileEntry entry, InputStream content) throws IOException {
            read(entry, content);
        }

        private void read(FileEntry entry, InputStream content) throws IOException {
            entries.put(entry.path(), entry);
            try {
                parsed.put(entry.path(), parse(Declared.text(content, entry.path()), entry.path()));
            } catch (WardenException e) {
                context.warn(e.getMessage());
            }
        }

        @Override
        public void finish(FileSystemView files, PackageSink sink) throws IOException {
            readIncludes(files);
            for (Map.Entry<String, Parsed> file : parsed.entrySet()) {
                FileEntry entry = entries.get(file.getKey());
                Parsed p = file.getValue();
                for (Pin pin : p.pins()) {
                    Map<String, String> props = Declared.of(Declared.DIRECT, null, false);
                    if (pin.marker() != null) {
                        props.put(PackageProperties.PYTHON_MARKER, pin.marker());
                    }
                    if (pin.extras() != null) {
                        props.put(PackageProperties.PYTHON_EXTRAS, pin.extras().substring(1, pin.extras().length() - 1).strip());
                    }
                    Location location = new Location(entry.path(), entry.layerDiffId());
                    sink.add(LangPackages.create(PipRequirementsCataloger.this.name(), new LangPackages.Coordinates("pypi", null, pin.name(), pin.version()),
                            List.of(), location, null, props));
                }
                if (!p.unpinned().isEmpty()) {
                    context.warn(entry.path() + ": " + p.unpinned().size() + " requirement(s) without an exact version not listed ("
                            + String.join(", ", p.unpinned().stream().limit(5).toList()) + (p.unpinned().size() > 5 ? ", ..." : "") + ")");
                }
            }
        }

        /** Follows {@code -r} includes not read yet, one level per pass over the layers, to the depth limit. */
        private void readIncludes(FileSystemView files) throws IOException {
            Set<String> asked = new HashSet<>(parsed.keySet());
            for (int depth = 1; ; depth++) {
                Set<String> wanted = new HashSet<>();
                for (Map.Entry<String, Parsed> file : parsed.entrySet()) {
                    for (String include : file.getValue().includes()) {
                        if (include == null) {
                            context.warn(file.getKey() + ": an -r include outside the tree or at a URL not read");
                        } else if (asked.add(include)) {
                            if (depth > LangLimits.MAX_REQUIREMENTS_INCLUDE_DEPTH) {
                                context.warn(file.getKey() + ": -r " + include + " not read: includes nested deeper than "
                                        + LangLimits.MAX_REQUIREMENTS_INCLUDE_DEPTH + " levels");
                            } else if (files.entry(include).map(FileEntry::isFile).orElse(false)) {
                                wanted.add(include);
                            } else {
                                context.warn(file.getKey() + ": -r " + include + " is not a file in the tree, not read");
                            }
                        }
                    }
                }
                if (wanted.isEmpty()) {
                    return;
                }
                files.read(e -> wanted.contains(e.path()), this::read);
            }
        }
    }
}
