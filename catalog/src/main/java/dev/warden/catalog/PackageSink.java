package dev.warden.catalog;

import dev.warden.core.Package;
import java.util.Collection;

/** Receives the packages a cataloger found. */
@FunctionalInterface
public interface PackageSink {
    void add(Package pkg);

    /**
     * Adds an OS package together with the paths it owns (as its package database lists them), so
     * language packages found at those paths can be attributed to it.
     */
    default void add(Package pkg, Collection<String> ownedPaths) {
        add(pkg);
    }
}
