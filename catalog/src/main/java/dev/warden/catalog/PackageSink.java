package dev.warden.catalog;

import dev.warden.core.Package;

/** Receives the packages a cataloger found. */
@FunctionalInterface
public interface PackageSink {
    void add(Package pkg);
}
