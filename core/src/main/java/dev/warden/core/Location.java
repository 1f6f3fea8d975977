package dev.warden.core;

/** Where a package was found: a path in the final filesystem and the layer (diff_id) that put it there. */
public record Location(String path, String layerDiffId) {}
