package dev.warden.catalog.lang;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.WardenException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the npm-family lock parsers share ({@link PackageLockParser}, {@link YarnClassicLockParser},
 * {@link YarnBerryLockParser}, {@link PnpmLockParser}): the packages one lock file lists ({@link Locked}) and the
 * quoting of yarn's and pnpm's keys.
 */
final class NpmLocks {
    private NpmLocks() {}

    /** One name@version in a lock file; the same one at several places is one package, dev only if every copy is. */
    static final class LockedPackage {
        final String name;
        final String version;
        boolean dev;
        boolean direct;
        List<String> licenses;

        private LockedPackage(String name, String version, boolean dev, List<String> licenses) {
            this.name = name;
            this.version = version;
            this.dev = dev;
            this.licenses = licenses;
        }
    }

    /** What one lock file lists, bounded by {@link LangLimits#MAX_LOCKFILE_PACKAGES}. */
    static final class Locked {
        private final String path;
        private final Map<String, LockedPackage> packages = new LinkedHashMap<>();
        /** name@version to the name@version each needs, as the lock's format resolves a dependency (see each parser). */
        private final Map<String, Set<String>> needs = new HashMap<>();
        /** Whether the lock says which packages the project names itself (package-lock v2/v3's root entry, pnpm's importers, berry's workspace entries). */
        private boolean graphKnown;

        Locked(String path) {
            this.path = path;
        }

        /** The lock file's path, for messages. */
        String path() {
            return path;
        }

        boolean isEmpty() {
            return packages.isEmpty();
        }

        /** Whether {@link LockedPackage#direct} means something for this file. */
        boolean graphKnown() {
            return graphKnown;
        }

        void graphKnown(boolean known) {
            graphKnown = known;
        }

        /** The packages, in the order found. */
        Iterable<LockedPackage> packages() {
            return packages.values();
        }

        void add(String name, String version, boolean dev, List<String> licenses) {
            add(name, version, dev, licenses, false);
        }

        /** Adds one entry; {@code direct} when the project's own package.json names it (a copy anywhere makes it direct). */
        void add(String name, String version, boolean dev, List<String> licenses, boolean direct) {
            if (name == null || name.isBlank() || version == null || version.isBlank()
                    || version.contains(":") || version.contains("/")) {
                return; // no registry version (git, tarball URL, local folder): nothing to name it by
            }
            LockedPackage known = packages.get(name + "@" + version);
            if (known != null) {
                known.dev &= dev;
                known.direct |= direct;
                if (known.licenses.isEmpty()) {
                    known.licenses = licenses;
                }
                return;
            }
            if (packages.size() >= LangLimits.MAX_LOCKFILE_PACKAGES) {
                throw new WardenException(path + ": more than " + LangLimits.MAX_LOCKFILE_PACKAGES
                        + " packages, kept the first ones");
            }
            LockedPackage added = new LockedPackage(name, version, dev, licenses);
            added.direct = direct;
            packages.put(name + "@" + version, added);
        }

        /** Records that {@code from} needs {@code to} (both name@version), as the lock resolved it. */
        void needs(String from, String to) {
            if (!from.equals(to)) {
                needs.computeIfAbsent(from, k -> new LinkedHashSet<>()).add(to);
            }
        }

        /** Marks {@code key} (name@version) as named by the project or one of its workspaces; unknown keys are ignored. */
        void direct(String key) {
            LockedPackage p = key == null ? null : packages.get(key);
            if (p != null) {
                p.direct = true;
            }
        }

        /** name@version if this lock lists it (an entry left out, such as a local folder, is not). */
        boolean has(String key) {
            return packages.containsKey(key);
        }

        /** {@code from -> to} pairs of name@version, sorted (tests). */
        java.util.SortedSet<String> edges() {
            java.util.SortedSet<String> out = new java.util.TreeSet<>();
            needs.forEach((from, tos) -> tos.forEach(to -> out.add(from + " -> " + to)));
            return out;
        }

        /** The packages of this lock that {@code p} needs, as resolved; empty when the lock records no graph. */
        List<LockedPackage> needs(LockedPackage p) {
            return needs.getOrDefault(p.name + "@" + p.version, Set.of()).stream().map(packages::get).filter(Objects::nonNull).toList();
        }

        /** Sets the dev mark from a finished analysis: exactly the packages named (name@version). */
        void markDev(Set<String> devOnly) {
            packages.forEach((key, p) -> p.dev = devOnly.contains(key));
        }

        /** name@version strings, in the order found (tests). */
        List<String> names() {
            return List.copyOf(packages.keySet());
        }

        /** name@version of those the project names itself (tests). */
        List<String> direct() {
            return packages.entrySet().stream().filter(e -> e.getValue().direct).map(Map.Entry::getKey).toList();
        }

        /** name@version of those marked dev (tests). */
        List<String> dev() {
            return packages.entrySet().stream().filter(e -> e.getValue().dev).map(Map.Entry::getKey).toList();
        }
    }

    /** A scalar field of a YAML entry as text (YAML reads {@code version: 2} or {@code lockfileVersion: 5.4} as a number). */
    static String scalar(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? v.asText().strip() : null;
    }

    /** {@code s} stripped, without one pair of surrounding double or single quotes. */
    static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))
                ? t.substring(1, t.length() - 1) : t;
    }

    /** {@code s} stripped, without a leading and a trailing quote, each on its own (a yarn key list's first key). */
    static String stripQuotes(String s) {
        String t = s.strip();
        if (t.startsWith("\"") || t.startsWith("'")) {
            t = t.substring(1);
        }
        if (t.endsWith("\"") || t.endsWith("'")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    /** Whether a yarn or pnpm reference is the project's own folder or one beside it, not a published package. */
    static boolean isLocal(String reference) {
        return reference.startsWith("workspace:") || reference.startsWith("link:") || reference.startsWith("portal:")
                || reference.startsWith("file:");
    }
}
