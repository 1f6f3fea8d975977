package dev.warden.catalog.os;

import dev.warden.core.Package;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The installed packages each Debian package's {@code Pre-Depends} and {@code Depends} are satisfied by, as package
 * ids for the SBOM's dependency graph. Each comma-separated relation names alternatives ({@code a | b}); the first
 * alternative that is installed, by name or by a {@code Provides}, is the edge, as apt would have chosen among the
 * installed ones. Version constraints are not re-checked: dpkg installed the package, so they held.
 */
final class DpkgDepends {
    /** Relations read per package: a real control file has a few dozen; a hostile one is cut here. */
    static final int MAX_RELATIONS = 1_000;

    private final Map<String, List<Candidate>> byName = new HashMap<>();

    private record Candidate(String architecture, String id) {}

    DpkgDepends(Map<DpkgCataloger.Stanza, Package> packages) {
        packages.forEach((stanza, pkg) -> {
            Candidate c = new Candidate(stanza.architecture(), pkg.id());
            byName.computeIfAbsent(stanza.name(), k -> new ArrayList<>()).add(c);
            for (String provided : split(stanza.provides(), ',')) {
                String name = bareName(provided);
                if (!name.isEmpty()) {
                    byName.computeIfAbsent(name, k -> new ArrayList<>()).add(c);
                }
            }
        });
    }

    /** The ids (space-separated) that {@code stanza}'s dependencies resolve to; "" when none does. */
    String of(DpkgCataloger.Stanza stanza) {
        Set<String> edges = new LinkedHashSet<>();
        List<String> relations = split(stanza.depends(), ',');
        for (String relation : relations.subList(0, Math.min(relations.size(), MAX_RELATIONS))) {
            for (String alternative : split(relation, '|')) {
                String id = installed(alternative, stanza.architecture());
                if (id != null) {
                    edges.add(id);
                    break;
                }
            }
        }
        return String.join(" ", edges);
    }

    /** The id of the installed package an alternative ("libc6 (>= 2.34)", "python3:any") names, preferring the same architecture. */
    private String installed(String alternative, String architecture) {
        String name = bareName(alternative);
        List<Candidate> candidates = byName.getOrDefault(name, List.of());
        for (Candidate c : candidates) {
            if (c.architecture().equals(architecture) || c.architecture().equals("all") || architecture.equals("all")) {
                return c.id();
            }
        }
        return candidates.isEmpty() ? null : candidates.get(0).id();
    }

    /** The package name of a relation: without the version "(...)", the ":arch" qualifier and surrounding space. */
    private static String bareName(String relation) {
        String name = relation.strip();
        int cut = name.length();
        for (char stop : new char[] {' ', '(', ':', '[', '<'}) {
            int at = name.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return name.substring(0, cut);
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        for (String part : text.split(java.util.regex.Pattern.quote(String.valueOf(separator)))) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }
}
