package dev.warden.catalog.sbom;

import dev.warden.core.Package;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The packages of an SBOM as a forest: top-level packages and the packages nested in each (shaded
 * or embedded jars), with a reference for each package that is unique in the document even when
 * two packages share an id. A parentId that names no package, or that would close a cycle, makes
 * the package top-level, so every package is written exactly once.
 */
final class PackageTree {
    private final List<Package> roots = new ArrayList<>();
    private final Map<Package, List<Package>> children = new IdentityHashMap<>();
    private final Map<Package, String> refs = new IdentityHashMap<>();

    PackageTree(List<Package> packages, String refPrefix) {
        Map<String, Package> byId = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Package p : packages) {
            String base = refPrefix + (p.id() == null || p.id().isBlank() ? p.name() : p.id());
            String ref = base;
            for (int n = 2; !used.add(ref); n++) {
                ref = base + "-" + n;
            }
            refs.put(p, ref);
            if (p.id() != null) {
                byId.putIfAbsent(p.id(), p);
            }
        }
        Map<Package, Package> parentOf = new HashMap<>();
        for (Package p : packages) {
            Package parent = p.parentId() == null ? null : byId.get(p.parentId());
            if (parent != null && parent != p && !reaches(parent, p, parentOf)) {
                parentOf.put(p, parent);
            }
        }
        for (Package p : packages) {
            Package parent = parentOf.get(p);
            if (parent == null) {
                roots.add(p);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(p);
            }
        }
    }

    /** Whether following parents from {@code from} reaches {@code target} (adding the link would close a cycle). */
    private static boolean reaches(Package from, Package target, Map<Package, Package> parentOf) {
        for (Package p = from; p != null; p = parentOf.get(p)) {
            if (p == target) {
                return true;
            }
        }
        return false;
    }

    List<Package> roots() {
        return roots;
    }

    List<Package> children(Package p) {
        return children.getOrDefault(p, List.of());
    }

    String ref(Package p) {
        return refs.get(p);
    }
}
