package dev.warden.catalog.lang;

import dev.warden.core.WardenException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * yarn classic's {@code yarn.lock} (v1; not YAML): blocks headed by unindented descriptor lists
 * ({@code "a@^1", a@^1.2:}) with fields indented by two spaces ({@code version "1.2.3"}) and their dependencies by
 * four ({@code b "^2"} under {@code dependencies:}). Local entries ({@code file:}, {@code link:}) are left out.
 */
final class YarnClassicLockParser {
    private YarnClassicLockParser() {}

    static void parse(String text, NpmLocks.Locked out, YarnGraph graph) {
        Block block = null;
        for (Iterator<String> it = text.lines().iterator(); it.hasNext(); ) {
            String line = it.next();
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (block != null) {
                    block.addTo(out, graph);
                }
                block = line.endsWith(":") && !line.startsWith("__metadata") ? new Block(line) : null;
            } else if (block != null && isField(line)) {
                String t = line.strip();
                block.inDependencies = t.equals("dependencies:") || t.equals("optionalDependencies:");
                if (t.startsWith("version ") || t.startsWith("version:")) {
                    block.version = NpmLocks.unquote(t.substring("version".length()).replaceFirst("^:?\\s*", ""));
                }
            } else if (block != null && block.inDependencies && line.startsWith("    ")) {
                block.dependency(line.strip());
            }
        }
        if (block != null) {
            block.addTo(out, graph);
        }
        if (out.isEmpty() && !text.isBlank() && !text.contains("# yarn lockfile v1")) {
            throw new WardenException(out.path() + ": not a yarn lock file (no lockfile header, no entries)");
        }
    }

    /** A field of an entry, indented by exactly two spaces (deeper lines list dependencies, which may be named "version"). */
    private static boolean isField(String line) {
        return line.length() > 2 && line.startsWith("  ") && !Character.isWhitespace(line.charAt(2));
    }

    /**
     * Adds the entry a descriptor ({@code name@range}) heads, with the version the entry gives; an alias
     * ({@code alias@npm:real@^1}) is the real package. Local folders name no published package.
     */
    static void addDescriptor(String descriptor, String version, NpmLocks.Locked out) {
        String name = nameOf(descriptor);
        if (name == null || NpmLocks.isLocal(descriptor.substring(name.length() + 1))) {
            return;
        }
        out.add(name, version, false, List.of());
    }

    /** The package a descriptor names: the real one behind an {@code npm:} alias; null when there is no '@' range. */
    static String nameOf(String descriptor) {
        int at = descriptor.indexOf('@', 1);
        if (at < 0) {
            return null;
        }
        String range = descriptor.substring(at + 1);
        if (range.startsWith("npm:")) { // an alias: "alias@npm:real-name@^1"
            String real = range.substring(4);
            int realAt = real.lastIndexOf('@');
            return realAt > 0 ? real.substring(0, realAt) : real;
        }
        return descriptor.substring(0, at);
    }

    private static final class Block {
        final List<String> descriptors = new ArrayList<>();
        final List<String> dependencies = new ArrayList<>();
        String version;
        boolean inDependencies;

        Block(String header) {
            for (String d : header.substring(0, header.length() - 1).split(",")) {
                descriptors.add(NpmLocks.stripQuotes(d));
            }
        }

        /** {@code b "^2"} or {@code "@s/b" "^2"} under dependencies: the descriptor b@^2. */
        void dependency(String line) {
            int space = line.startsWith("\"") ? line.indexOf('"', 1) + 1 : line.indexOf(' ');
            if (space > 0 && space < line.length()) {
                dependencies.add(NpmLocks.unquote(line.substring(0, space)) + "@" + NpmLocks.unquote(line.substring(space)));
            }
        }

        void addTo(NpmLocks.Locked out, YarnGraph graph) {
            addDescriptor(descriptors.getFirst(), version, out);
            String name = nameOf(descriptors.getFirst());
            if (name != null && version != null) {
                graph.entry(descriptors, name + "@" + version, dependencies);
            }
        }
    }
}
